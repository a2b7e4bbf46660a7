"""The one check every write passes: a banned person may not write.

Services call ``ensure_may_write(person)`` before they change anything; the
refusal is an ``ActionRefused`` with status 403, which every page and the API
already turn into a 403 with the message in the person's language.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from mapping.refusals import ActionRefused

from .models import Ban


def standing_ban(person: Any) -> Ban | None:
    """The ban in force for this person now, if any."""
    if person is None or not getattr(person, "is_authenticated", False):
        return None
    return (
        Ban.objects.filter(person_id=person.pk, lifted_at__isnull=True)
        .filter(Q(until__isnull=True) | Q(until__gt=timezone.now()))
        .first()
    )


def refusal_for(ban: Ban) -> ActionRefused:
    """The 403 a banned person reads: why, and until when."""
    if ban.until is None:
        message = _(
            "Your account may not write on Birge. The moderators' reason: "
            "%(reason)s. The ban has no end date."
        ) % {"reason": ban.reason}
    else:
        until = formats.date_format(timezone.localtime(ban.until), "DATETIME_FORMAT")
        message = _(
            "Your account may not write on Birge until %(until)s. The moderators' "
            "reason: %(reason)s."
        ) % {"until": until, "reason": ban.reason}
    return ActionRefused(
        "banned",
        message,
        status=403,
        details={"until": ban.until.isoformat() if ban.until else None},
    )


def ensure_may_write(person: Any) -> None:
    """Refuse (403) if ``person`` is banned; anonymous writers pass (no account)."""
    ban = standing_ban(person)
    if ban is not None:
        raise refusal_for(ban)
