"""Which action belongs to which phase, and the refusal when it is out of phase."""

from __future__ import annotations

import datetime as dt

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .errors import ActionRefused
from .models import Campaign, Phase


def _day(value: dt.date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def in_window(campaign: Campaign, phase: Phase, day: dt.date) -> bool:
    """Whether a day falls inside a phase's window (both ends included)."""
    start, end = campaign.window(phase)
    return start <= day and (end is None or day <= end)


def require_phase(campaign: Campaign, phase: Phase, *others: Phase) -> None:
    """Refuse unless today is in one of the phases, saying when it opens or closed."""
    today = timezone.localdate()
    if any(in_window(campaign, p, today) for p in (phase, *others)):
        return
    start, end = campaign.window(phase)
    names = {
        Phase.SUBMISSION: _("Proposals"),
        Phase.REVIEW: _("Expert review"),
        Phase.VOTING: _("Voting"),
        Phase.IMPLEMENTATION: _("Implementation"),
    }
    if today < start:
        message = _("%(what)s for “%(campaign)s” opens on %(day)s.") % {
            "what": names[phase],
            "campaign": campaign.title,
            "day": _day(start),
        }
        code = "phase_not_open"
    else:
        message = _("%(what)s for “%(campaign)s” closed on %(day)s.") % {
            "what": names[phase],
            "campaign": campaign.title,
            "day": _day(end or start),
        }
        code = "phase_closed"
    raise ActionRefused(
        code,
        message,
        details={"phase": phase.value, "current_phase": campaign.phase_on(today).value},
    )


def schedule_with(phase: Phase, today: dt.date | None = None) -> dict[str, tuple]:
    """Phase windows (a month each) placing ``today`` inside ``phase``.

    For demo data and tests: the keyword arguments of ``campaign_create``.
    """
    today = today or timezone.localdate()
    offset = {
        Phase.ANNOUNCED: -10,
        Phase.SUBMISSION: 10,
        Phase.REVIEW: 45,
        Phase.VOTING: 80,
        Phase.COUNTING: 111,
        Phase.IMPLEMENTATION: 140,
        Phase.FINISHED: 520,
    }[phase]
    start = today - dt.timedelta(days=offset)

    def days(a: int, b: int) -> tuple[dt.date, dt.date]:
        return start + dt.timedelta(days=a), start + dt.timedelta(days=b)

    return {
        "submission": days(0, 29),
        "review": days(30, 64),
        "voting": days(65, 94),
        "implementation": (
            start + dt.timedelta(days=120),
            start + dt.timedelta(days=480),
        ),
    }


def move_to(campaign: Campaign, phase: Phase) -> Campaign:
    """Shift a campaign's windows so that today falls in ``phase`` (demo, tests)."""
    schedule = schedule_with(phase)
    Campaign.objects.filter(pk=campaign.pk).update(
        submission_start=schedule["submission"][0],
        submission_end=schedule["submission"][1],
        review_start=schedule["review"][0],
        review_end=schedule["review"][1],
        voting_start=schedule["voting"][0],
        voting_end=schedule["voting"][1],
        implementation_start=schedule["implementation"][0],
        implementation_end=schedule["implementation"][1],
    )
    campaign.refresh_from_db()
    return campaign
