"""Concerns as they come in: a resident's web report, an NGO's hotline entry."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import TextChoices
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from mapping.intake import AcceptedGeometry
from mapping.models import Town
from mapping.refusals import ActionRefused

from ..models import Community, Concern, ConcernCategory, ConcernSource, ConcernStatus

CONCERN_SHAPES = ("Point", "Polygon", "MultiPolygon")


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


def concern_report(
    *,
    town: Town,
    reporter: User | None,
    category: str,
    location: AcceptedGeometry,
    text: str,
    precision_m: int = 25,
    contact: str = "",
) -> Concern:
    """A resident reports a concern on the web; it is public only coarsened."""
    location.check_for(town)
    concern = Concern(
        town=town,
        category=_choice(ConcernCategory, category, "category"),
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


def concern_set_status(*, actor: User, concern: Concern, status: str) -> Concern:
    """Move a concern along: new, forwarded, answered, resolved (any order)."""
    if not actor.has_perm("community_map.change_concern", concern):
        raise ActionRefused("not_found", _("There is no such concern."), status=404)
    with transaction.atomic():
        locked = Concern.objects.select_for_update().get(pk=concern.pk)
        locked.status = _choice(ConcernStatus, status, "status")
        locked.save(update_fields=["status", "modified"])
    return locked
