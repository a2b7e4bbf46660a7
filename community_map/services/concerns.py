"""Concerns as they come in: a resident's web report, an NGO's hotline entry."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Case, IntegerField, Q, TextChoices, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import record
from mapping.intake import AcceptedGeometry
from mapping.models import Town
from mapping.refusals import ActionRefused
from moderation.bans import ensure_may_write

from ..models import (
    Community,
    Concern,
    ConcernCategory,
    ConcernSource,
    ConcernStatus,
    Topic,
)
from ..selectors.dashboard import communities_taking_concerns

CONCERN_SHAPES = ("Point", "Polygon", "MultiPolygon")

# The community topic a category of concern belongs to, where the words differ.
CATEGORY_TOPICS: dict[str, str] = {
    ConcernCategory.GREEN: Topic.ECOLOGY,
    ConcernCategory.WATER: Topic.HOUSING,
    ConcernCategory.WASTE: Topic.HOUSING,
}


def _choice(choices: type[TextChoices], value: str, field: str) -> str:
    if value not in choices.values:
        raise ActionRefused(
            "concern_unknown_choice",
            _("“%(value)s” is not one of the choices.") % {"value": value[:40]},
            status=400,
            field=field,
        )
    return value


def _check_date(reported_on: datetime.date) -> None:
    if reported_on > timezone.localdate():
        raise ActionRefused(
            "concern_in_future",
            _("The date cannot be in the future."),
            status=400,
            field="reported_on",
        )


def _check_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise ActionRefused(
            "concern_no_text", _("Say what the concern is."), status=400, field="text"
        )
    return text


def concern_route(
    *, town: Town, category: str, location: AcceptedGeometry
) -> Community | None:
    """The community that takes up a web report nobody was chosen for.

    Among the communities with mappers whose area of work holds the place (or who
    work town-wide), one working on the concern's topic comes first, then one with
    an area of work over one working everywhere; ``None`` when no community maps
    the town (then staff see the report and pass it on).
    """
    location.check_for(town)
    surface = location.geometry.point_on_surface
    topic = CATEGORY_TOPICS.get(category, category)
    on_topic = (
        Case(
            When(topics__contains=[topic], then=1),
            default=0,
            output_field=IntegerField(),
        )
        if topic in Topic.values
        else Value(0, output_field=IntegerField())
    )
    candidates = (
        communities_taking_concerns(town)
        .filter(Q(work_area__isnull=True) | Q(work_area__intersects=surface))
        .annotate(
            on_topic=on_topic,
            local=Case(
                When(work_area__isnull=False, then=1),
                default=0,
                output_field=IntegerField(),
            ),
        )
        .order_by("-on_topic", "-local", "pk")
    )
    return candidates.first()


def concern_report(
    *,
    town: Town,
    reporter: User | None,
    category: str,
    location: AcceptedGeometry,
    text: str,
    precision_m: int = 25,
    contact: str = "",
    community: Community | None = None,
) -> Concern:
    """A resident reports a concern on the web; it is public only coarsened.

    The report goes to the chosen community, or to the one ``concern_route``
    finds; only that community's mappers (and staff) see the place and contact.
    """
    ensure_may_write(reporter)
    location.check_for(town)
    category = _choice(ConcernCategory, category, "category")
    if community is None:
        community = concern_route(town=town, category=category, location=location)
    elif not communities_taking_concerns(town).filter(pk=community.pk).exists():
        raise ActionRefused(
            "community_takes_no_concerns",
            _("This community does not take concerns in this town."),
            status=400,
            field="community",
        )
    concern = Concern(
        town=town,
        community=community,
        category=category,
        source=ConcernSource.WEB,
        reported_on=timezone.localdate(),
        location=location.geometry,
        precision_m=precision_m,
        text=_check_text(text),
        private=True,
        reporter=reporter,
        reporter_name=reporter.get_full_name() if reporter else "",
        reporter_contact=contact.strip(),
    )
    concern.full_clean(exclude=["public_point", "district"])
    concern.save()
    return concern


def concern_record(
    *,
    recorder: User,
    community: Community,
    category: str,
    source: str,
    reported_on: datetime.date,
    location: AcceptedGeometry,
    text: str,
    precision_m: int = 25,
    private: bool = True,
    reporter_name: str = "",
    reporter_contact: str = "",
) -> Concern:
    """An NGO mapper records a concern (a hotline call, a reception, a survey)."""
    if not recorder.has_perm("community_map.record_concern", community):
        raise ActionRefused(
            "not_a_mapper",
            _("Only the mappers of this community can record its concerns."),
            status=404,
        )
    ensure_may_write(recorder)
    location.check_for(community.town)
    _check_date(reported_on)
    concern = Concern(
        town=community.town,
        community=community,
        category=_choice(ConcernCategory, category, "category"),
        source=_choice(ConcernSource, source, "source"),
        reported_on=reported_on,
        location=location.geometry,
        precision_m=precision_m,
        text=_check_text(text),
        private=private,
        reporter_name=reporter_name.strip(),
        reporter_contact=reporter_contact.strip(),
        recorded_by=recorder,
    )
    concern.full_clean(exclude=["public_point", "district"])
    concern.save()
    return concern


def concern_set_status(
    *,
    actor: User,
    concern: Concern,
    status: str,
    seen: datetime.datetime | None = None,
) -> Concern:
    """Move a concern along: new, forwarded, answered, resolved (any order).

    ``seen`` is when the concern was last changed as the actor saw it; if it has
    changed since (another mapper, an import), nothing is changed and the refusal
    says how it stands now, so nobody overwrites a change they never saw.
    """
    if not actor.has_perm("community_map.change_concern", concern):
        raise ActionRefused("not_found", _("There is no such concern."), status=404)
    ensure_may_write(actor)
    status = _choice(ConcernStatus, status, "status")
    with transaction.atomic():
        locked = Concern.objects.select_for_update().get(pk=concern.pk)
        if seen is not None and locked.modified != seen:
            raise ActionRefused(
                "concern_changed_meanwhile",
                _(
                    "Someone changed this concern after you opened the page; it is "
                    "now “%(status)s”. Look at it again and choose its status."
                )
                % {"status": locked.get_status_display()},
                status=409,
                field="status",
                details={"status": locked.status},
            )
        was = locked.status
        locked.status = status
        locked.save(update_fields=["status", "modified"])
        if was != status:
            record(
                action="concern.status",
                actor=actor,
                target=locked,
                data={"from": was, "to": status},
            )
    return locked
