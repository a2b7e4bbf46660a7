"""Design sessions and concepts: drawing on a site, clipped to it, kinds kept apart.

Geometry arrives through mapping.intake (accepted for the site's town); here it is
checked against the palette, clipped to the site, and zones of different kinds are
refused when they overlap, naming both elements and by how much.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Polygon
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import User
from integrity.conflicts import concept_conflict
from integrity.locking import bump_revision
from mapping.intake import AcceptedGeometry
from mapping.languages import active_language, set_translations
from mapping.models import Site
from moderation.bans import ensure_may_write

from ..comparison.vocabulary import GEOMETRY_TYPES, KINDS, kind
from ..errors import ActionRefused
from ..models import (
    Concept,
    ConceptElement,
    ConceptVersion,
    DesignSession,
    PaletteEntry,
    Participation,
)

# Overlaps smaller than this are drawing noise along a shared edge, not a conflict.
OVERLAP_TOLERANCE_M2 = 1.0


@dataclass(frozen=True)
class DrawnElement:
    """An element as drawn: its kind, its accepted shape and an optional label."""

    kind: str
    geometry: AcceptedGeometry
    label: str = ""


@transaction.atomic
def design_session_create(
    *,
    site: Site,
    slug: str,
    titles: Mapping[str, str],
    starts: dt.date,
    ends: dt.date,
    briefs: Mapping[str, str] | None = None,
    participation: str = Participation.OPEN,
    unit_costs: Mapping[str, int] | None = None,
) -> DesignSession:
    """Open a session on a site, with the full palette of kinds in three languages."""
    session = DesignSession(
        site=site, slug=slug, starts=starts, ends=ends, participation=participation
    )
    set_translations(session, "title", titles)
    set_translations(session, "brief", briefs or {})
    session.full_clean()
    session.save()
    palette_fill(session=session, unit_costs=unit_costs)
    return session


def palette_fill(
    *, session: DesignSession, unit_costs: Mapping[str, int] | None = None
) -> int:
    """Add every kind of the vocabulary the session's palette lacks; how many."""
    have = set(session.palette.values_list("kind", flat=True))
    added = 0
    for position, k in enumerate(KINDS):
        if k.slug in have:
            continue
        entry = PaletteEntry(
            session=session,
            position=position,
            kind=k.slug,
            colour=k.colour,
            symbol=k.symbol,
            unit_cost=(unit_costs or {}).get(k.slug),
        )
        set_translations(entry, "name", k.names)
        entry.full_clean()
        entry.save()
        added += 1
    return added


def _require_open(session: DesignSession) -> None:
    today = timezone.localdate()
    if session.starts <= today <= session.ends:
        return
    day = session.starts if today < session.starts else session.ends
    message = (
        _("Drawing for “%(session)s” opens on %(day)s.")
        if today < session.starts
        else _("Drawing for “%(session)s” closed on %(day)s.")
    )
    raise ActionRefused(
        "session_closed",
        message
        % {"session": session.title, "day": formats.date_format(day, "DATE_FORMAT")},
    )


def drawing_refused(session: DesignSession) -> ActionRefused | None:
    """Why residents cannot draw in the session today (the same refusal), or None."""
    try:
        _require_open(session)
    except ActionRefused as refusal:
        return refusal
    return None


def concept_create(
    *,
    session: DesignSession,
    author: User,
    title: str,
    team: str = "",
    official: bool = False,
) -> Concept:
    """Start a concept (an empty draft); the official plan is the akimat's staff's."""
    ensure_may_write(author)
    if official and not author.has_perm("codesign.upload_official_plan", session):
        raise ActionRefused(
            "not_architect",
            _("Only the akimat's architects can add the official plan."),
            status=403,
        )
    if not official:
        _require_open(session)
    concept = Concept(
        session=session,
        author=author,
        title=title.strip(),
        team=team.strip(),
        official=official,
    )
    concept.full_clean()
    with transaction.atomic():
        concept.save()
        ConceptVersion.objects.create(concept=concept, number=1)
    return concept


def _draft(concept: Concept) -> ConceptVersion:
    """The version being edited: the last one, or a new one after a submission."""
    last = concept.versions.select_for_update().order_by("-number").first()
    if last is not None and last.submitted_at is None:
        return last
    number = last.number + 1 if last else 1
    return ConceptVersion.objects.create(concept=concept, number=number)


def _clipped(index: int, element: DrawnElement, site: Site) -> GEOSGeometry:
    family = kind(element.kind).family
    shape = element.geometry.geometry
    clipped = shape.intersection(site.boundary)
    if family == "zone":
        # Clipping can leave slivers of lines or points along the edge: keep areas.
        parts = [g for g in _parts(clipped) if isinstance(g, Polygon) and g.area > 0]
        clipped = (
            (parts[0] if len(parts) == 1 else MultiPolygon(parts, srid=shape.srid))
            if parts
            else None
        )
    if clipped is None or clipped.empty:
        raise ActionRefused(
            "outside_site",
            _("Element %(n)d lies outside the site.") % {"n": index + 1},
            status=400,
            details={"element": index},
        )
    clipped.srid = 4326
    return clipped


def _parts(geometry: GEOSGeometry) -> list[GEOSGeometry]:
    if geometry.geom_type in ("MultiPolygon", "GeometryCollection"):
        count = geometry.num_geom
        return [g for i in range(count) for g in _parts(geometry[i])]  # type: ignore[index]
    return [geometry]


def _check_overlaps(shapes: list[tuple[int, str, GEOSGeometry]], srid: int) -> None:
    """Refuse zones of different kinds that overlap by more than a square metre."""
    zones = [
        (i, k, g.transform(srid, clone=True))
        for i, k, g in shapes
        if kind(k).family == "zone"
    ]
    for a, (i, kind_i, shape_i) in enumerate(zones):
        for j, kind_j, shape_j in zones[a + 1 :]:
            if kind_i == kind_j or not shape_i.intersects(shape_j):
                continue
            overlap = shape_i.intersection(shape_j).area
            if overlap > OVERLAP_TOLERANCE_M2:
                raise ActionRefused(
                    "zones_overlap",
                    _(
                        "Element %(a)d (%(kind_a)s) and element %(b)d (%(kind_b)s) "
                        "overlap by %(m2)s m². One place can have one use: move "
                        "or reshape one of them."
                    )
                    % {
                        "a": i + 1,
                        "kind_a": kind(kind_i).name(active_language()),
                        "b": j + 1,
                        "kind_b": kind(kind_j).name(active_language()),
                        "m2": formats.number_format(round(overlap), 0),
                    },
                    status=400,
                    details={"elements": [i, j], "overlap_m2": round(overlap, 1)},
                )


def _claim(
    concept: Concept,
    *,
    author: User,
    revision: int | None,
    kinds: Sequence[str] | None = None,
) -> None:
    """Move the concept to its next revision, or refuse a change from an older one.

    ``revision`` is the one the person's page was loaded at (None: the current
    one). The refusal (409) says who saved since, when, and what is saved now.
    """
    expected = concept.revision if revision is None else revision
    if not bump_revision(
        Concept,
        pk=concept.pk,
        revision=expected,
        revised_by=author,
        modified=timezone.now(),
    ):
        raise concept_conflict(
            concept=concept, person=author, revision=expected, yours=kinds
        )
    concept.refresh_from_db(fields=["revision", "revised_by", "modified"])


@transaction.atomic
def concept_save(
    *,
    concept: Concept,
    author: User,
    elements: Sequence[DrawnElement],
    revision: int | None = None,
) -> ConceptVersion:
    """Replace the draft's elements with what was drawn (all checked, or none).

    A save from an older ``revision`` than the concept's is refused (409).
    """
    concept = (
        Concept.objects.select_for_update()
        .select_related("session__site__town")
        .get(pk=concept.pk)
    )
    if concept.author_id != author.pk:
        raise ActionRefused("not_found", _("No such concept."), status=404)
    ensure_may_write(author)
    session = concept.session
    if not concept.official:
        _require_open(session)
    _claim(
        concept,
        author=author,
        revision=revision,
        kinds=[element.kind for element in elements],
    )
    palette = set(session.palette.values_list("kind", flat=True))
    site = session.site
    shapes = []
    for index, element in enumerate(elements):
        if element.kind not in palette:
            raise ActionRefused(
                "unknown_kind",
                _("Element %(n)d is of a kind this session does not use.")
                % {"n": index + 1},
                status=400,
                details={"element": index},
            )
        element.geometry.check_for(site.town)
        family = kind(element.kind).family
        if element.geometry.geometry.geom_type not in GEOMETRY_TYPES[family]:
            raise ActionRefused(
                "wrong_shape",
                _("Element %(n)d: a %(kind)s is drawn as %(shape)s.")
                % {
                    "n": index + 1,
                    "kind": kind(element.kind).name(active_language()),
                    "shape": {
                        "zone": _("an area"),
                        "path": _("a line"),
                        "object": _("a point"),
                    }[family],
                },
                status=400,
                details={"element": index},
            )
        shapes.append((index, element.kind, _clipped(index, element, site)))
    _check_overlaps(shapes, site.town.utm_srid)
    draft = _draft(concept)
    draft.elements.all().delete()
    ConceptElement.objects.bulk_create(
        ConceptElement(
            version=draft,
            position=index,
            kind=k,
            geometry=shape,
            label=elements[index].label.strip()[:200],
        )
        for index, k, shape in shapes
    )
    draft.save(update_fields=["modified"])
    return draft


@transaction.atomic
def concept_submit(
    *, concept: Concept, author: User, revision: int | None = None
) -> ConceptVersion:
    """Submit the draft; it stays viewable as it is, later edits make a new version.

    Refused (409) when the concept was saved after the person's ``revision``: what
    would be submitted is not what they saw.
    """
    concept = (
        Concept.objects.select_for_update().select_related("session").get(pk=concept.pk)
    )
    if concept.author_id != author.pk:
        raise ActionRefused("not_found", _("No such concept."), status=404)
    ensure_may_write(author)
    if not concept.official:
        _require_open(concept.session)
    _claim(concept, author=author, revision=revision)
    draft = concept.versions.order_by("-number").first()
    if draft is None or draft.submitted_at is not None:
        raise ActionRefused(
            "nothing_to_submit", _("There are no new changes to submit.")
        )
    if not draft.elements.exists():
        raise ActionRefused(
            "concept_empty",
            _("Draw at least one element before submitting."),
            status=400,
        )
    draft.submitted_at = timezone.now()
    draft.save(update_fields=["submitted_at", "modified"])
    return draft


@transaction.atomic
def official_plan_upload(
    *,
    session: DesignSession,
    author: User,
    elements: Sequence[DrawnElement],
    title: str = "",
) -> ConceptVersion:
    """Store an uploaded plan as the official concept's new submitted version.

    The official concept is created on the first upload. It is the akimat's, not
    one person's: whoever uploads a version is recorded as its author.
    """
    if not author.has_perm("codesign.upload_official_plan", session):
        raise ActionRefused(
            "not_architect",
            _("Only the akimat's architects can add the official plan."),
            status=403,
        )
    concept = (
        Concept.objects.select_for_update()
        .filter(session=session, official=True)
        .first()
    )
    if concept is None:
        concept = concept_create(
            session=session,
            author=author,
            title=title.strip() or _("The akimat's plan"),
            official=True,
        )
    elif concept.author_id != author.pk or (title and title.strip() != concept.title):
        concept.author = author
        concept.title = title.strip() or concept.title
        concept.full_clean()
        concept.save(update_fields=["author", "title", "modified"])
    concept_save(concept=concept, author=author, elements=elements)
    return concept_submit(concept=concept, author=author)
