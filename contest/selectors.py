"""Reads for contest pages: the public gallery, the jury's sheet, the ranking.

Public reads hand templates a `PublicDrawing`, which has no private field at all:
a page cannot show a child's full name or a guardian's phone by mistake.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Avg, Count, F, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext

from mapping.selectors import town_by_slug

from .models import (
    Award,
    Contest,
    Drawing,
    DrawingStatus,
    JuryMember,
    JuryScore,
)

# Age groups the gallery can be filtered by (the contest's own range narrows them).
AGE_GROUPS: tuple[tuple[int, int], ...] = ((3, 6), (7, 10), (11, 14), (15, 17))


def contests_of(town_id: int) -> QuerySet[Contest]:
    """A town's contests, newest first, with how many drawings each shows."""
    return Contest.objects.filter(town_id=town_id).annotate(
        drawing_count=Count(
            "drawings",
            filter=Q(drawings__status="accepted", drawings__is_hidden=False),
        )
    )


def contest_by_slug(town: str, slug: str) -> Contest:
    """One contest of a town, or Http404 naming it."""
    place = town_by_slug(town)
    contest = (
        Contest.objects.select_related("town", "site")
        .filter(town=place, slug=slug)
        .first()
    )
    if contest is None:
        raise Http404(
            gettext("There is no contest “%(slug)s” in %(town)s.")
            % {"slug": slug, "town": place.name}
        )
    return contest


def drawing_by_number(contest: Contest, number: int) -> Drawing:
    """A drawing of the contest, whoever may see it (views check), or Http404."""
    drawing = (
        Drawing.objects.select_related("contest__town", "award")
        .filter(contest=contest, number=number)
        .first()
    )
    if drawing is None:
        raise Http404(gettext("There is no drawing №%(n)d.") % {"n": number})
    drawing.contest = contest
    return drawing


@dataclass(frozen=True)
class PublicDrawing:
    """What anyone may see of a drawing: no full name, no contact."""

    number: int
    title: str
    description: str
    language: str
    child_first_name: str
    child_age: int
    width: int
    height: int
    thumb_width: int
    thumb_height: int
    url: str
    image_url: str
    thumb_url: str
    award_kind: str
    award_label: str
    place: tuple[float, float] | None
    status: str
    status_label: str


def public(drawing: Drawing) -> PublicDrawing:
    """The public face of one drawing."""
    contest = drawing.contest
    keys = {"town": contest.town.slug, "slug": contest.slug, "number": drawing.number}
    award = getattr(drawing, "award", None)
    return PublicDrawing(
        number=drawing.number,
        title=drawing.title,
        description=drawing.description,
        language=drawing.language,
        child_first_name=drawing.child_first_name,
        child_age=drawing.child_age,
        width=drawing.width,
        height=drawing.height,
        thumb_width=drawing.thumb_width,
        thumb_height=drawing.thumb_height,
        url=reverse("contest:drawing", kwargs=keys),
        image_url=reverse("contest:image", kwargs={**keys, "size": "full"}),
        thumb_url=reverse("contest:image", kwargs={**keys, "size": "thumb"}),
        award_kind=award.kind if award else "",
        award_label=award.get_kind_display() if award else "",
        place=tuple(drawing.place.coords) if drawing.place else None,  # type: ignore[arg-type]
        status=drawing.status,
        status_label=drawing.get_status_display(),
    )


def _public_fields() -> list[str]:
    return [
        "id",
        "contest_id",
        "number",
        "title",
        "description",
        "language",
        "child_first_name",
        "child_age",
        "width",
        "height",
        "thumb_width",
        "thumb_height",
        "place",
        "status",
    ]


def gallery(contest: Contest, ages: tuple[int, int] | None = None) -> list[Any]:
    """The contest's accepted drawings by number, optionally of one age group.

    Drawings a moderator hid are not in the gallery.
    """
    drawings = (
        Drawing.objects.filter(
            contest=contest, status=DrawingStatus.ACCEPTED, is_hidden=False
        )
        .select_related("award")
        .only(*_public_fields(), "award__kind")
        .order_by("number")
    )
    if ages is not None:
        drawings = drawings.filter(child_age__range=ages)
    result = []
    for drawing in drawings:
        drawing.contest = contest
        result.append(public(drawing))
    return result


def placed_count(contest: Contest) -> int:
    """How many drawings of the gallery have a place on the map."""
    return Drawing.objects.filter(
        contest=contest,
        status=DrawingStatus.ACCEPTED,
        place__isnull=False,
        is_hidden=False,
    ).count()


def age_groups(contest: Contest) -> list[tuple[int, int]]:
    """The age groups within the contest's ages; a group cut to one age joins
    its neighbour (a contest for 4 to 15 has 4-6, 7-10 and 11-15)."""
    groups: list[tuple[int, int]] = []
    for low, high in AGE_GROUPS:
        low, high = max(low, contest.min_age), min(high, contest.max_age)
        if low > high:
            continue
        if (groups and low == high) or (groups and groups[-1][0] == groups[-1][1]):
            groups[-1] = (groups[-1][0], high)
        else:
            groups.append((low, high))
    return groups


def award_counts(contest: Contest) -> dict[str, int]:
    """How many diplomas and certificates the contest has granted."""
    rows = (
        Award.objects.filter(contest=contest)
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["kind"]: row["n"] for row in rows}


def drawings_geojson(contest: Contest) -> str:
    """Accepted drawings that have a place, as GeoJSON built by PostGIS."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT json_build_object(
                'type', 'FeatureCollection',
                'features', COALESCE(json_agg(json_build_object(
                    'type', 'Feature',
                    'id', d.number,
                    'geometry', ST_AsGeoJSON(d.place, 6)::json,
                    'properties', json_build_object(
                        'number', d.number,
                        'title', d.title,
                        'language', d.language,
                        'first_name', d.child_first_name,
                        'age', d.child_age,
                        'award', COALESCE(a.kind, '')
                    )
                ) ORDER BY d.number), '[]'::json)
            )::text
            FROM contest_drawing d
            LEFT JOIN contest_award a ON a.drawing_id = d.id
            WHERE d.contest_id = %s AND d.status = %s AND d.place IS NOT NULL
              AND NOT d.is_hidden
            """,
            [contest.pk, DrawingStatus.ACCEPTED],
        )
        return cursor.fetchone()[0]


def jury_member(contest: Contest, user: Any) -> JuryMember | None:
    """The user's seat on the contest's jury, if they have one."""
    if not user.is_authenticated:
        return None
    return JuryMember.objects.filter(contest=contest, user_id=user.pk).first()


def jury_sheet(contest: Contest, member: JuryMember) -> list[dict[str, Any]]:
    """Every accepted drawing with this juror's score and comment (if any)."""
    mine = {
        s.drawing_id: s
        for s in JuryScore.objects.filter(juror=member).only(
            "drawing_id", "score", "comment"
        )
    }
    drawings = (
        Drawing.objects.filter(contest=contest, status=DrawingStatus.ACCEPTED)
        .only(*_public_fields())
        .order_by("number")
    )
    sheet = []
    for drawing in drawings:
        drawing.contest = contest
        sheet.append({"drawing": public(drawing), "score": mine.get(drawing.pk)})
    return sheet


def waiting_for_check(contest: Contest) -> list[PublicDrawing]:
    """Drawings sent but not yet checked by the organisers, oldest first."""
    drawings = Drawing.objects.filter(
        contest=contest, status=DrawingStatus.SUBMITTED
    ).order_by("number")
    result = []
    for drawing in drawings.only(*_public_fields()):
        drawing.contest = contest
        result.append(public(drawing))
    return result


@dataclass(frozen=True)
class Ranked:
    """A drawing's place in the ranking: its mean score and how many scored it."""

    drawing: Drawing  # for services; pages show `card`, which holds no private field
    card: PublicDrawing
    mean: Decimal | None
    scores: int
    rank: int | None  # equal means share a rank; None until someone scores it
    award: Award | None


def ranking(contest: Contest) -> list[Ranked]:
    """Accepted drawings by mean jury score, highest first (competition ranking).

    Drawings with the same mean share a rank (1, 2, 2, 4); the list order breaks
    the tie by more scores, then the earlier drawing. Unscored drawings come last.
    """
    drawings = (
        Drawing.objects.filter(contest=contest, status=DrawingStatus.ACCEPTED)
        .select_related("award")
        .annotate(mean=Avg("scores__score"), n=Count("scores"))
        .order_by(F("mean").desc(nulls_last=True), "-n", "number")
    )
    rows: list[Ranked] = []
    rank = 0
    previous: Decimal | None = None
    for position, drawing in enumerate(drawings, start=1):
        drawing.contest = contest
        mean = drawing.mean  # type: ignore[attr-defined]
        if mean is not None and mean != previous:
            rank, previous = position, mean
        rows.append(
            Ranked(
                drawing=drawing,
                card=public(drawing),
                mean=mean,
                scores=drawing.n,  # type: ignore[attr-defined]
                rank=rank if mean is not None else None,
                award=getattr(drawing, "award", None),
            )
        )
    return rows


def awards_to_print(contest: Contest, number: int | None = None) -> QuerySet[Award]:
    """The contest's awards (or one drawing's) in serial order, with their drawings."""
    awards = (
        Award.objects.filter(contest=contest)
        .select_related("drawing")
        .order_by("number")
    )
    if number is not None:
        awards = awards.filter(drawing__number=number)
    return awards


def jury_chair(contest: Contest) -> JuryMember | None:
    return (
        JuryMember.objects.filter(contest=contest, is_chair=True)
        .select_related("user")
        .first()
    )
