"""Which action belongs to which stage, and the refusal when it is out of stage."""

from __future__ import annotations

import datetime as dt

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from codesign.errors import ActionRefused

from .models import Contest, Stage


def _day(value: dt.date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def require_submission(contest: Contest) -> None:
    """Refuse unless drawings are being accepted today, saying when they are."""
    today = timezone.localdate()
    if contest.submission_start <= today <= contest.submission_end:
        return
    if today < contest.submission_start:
        raise ActionRefused(
            "stage_not_open",
            _("Drawings for “%(contest)s” are accepted from %(day)s.")
            % {"contest": contest.title, "day": _day(contest.submission_start)},
        )
    raise ActionRefused(
        "stage_closed",
        _("Drawings for “%(contest)s” were accepted until %(day)s.")
        % {"contest": contest.title, "day": _day(contest.submission_end)},
    )


def require_judging(contest: Contest) -> None:
    """Refuse unless the jury is judging today, saying when it does."""
    today = timezone.localdate()
    if contest.judging_start <= today <= contest.judging_end:
        return
    if today < contest.judging_start:
        raise ActionRefused(
            "stage_not_open",
            _("The jury of “%(contest)s” starts judging on %(day)s.")
            % {"contest": contest.title, "day": _day(contest.judging_start)},
        )
    raise ActionRefused(
        "stage_closed",
        _("The jury of “%(contest)s” finished judging on %(day)s.")
        % {"contest": contest.title, "day": _day(contest.judging_end)},
    )


def require_judging_started(contest: Contest) -> None:
    """Awards are decided once the jury has started, and may be added later."""
    today = timezone.localdate()
    if today < contest.judging_start:
        raise ActionRefused(
            "stage_not_open",
            _("Awards can be granted once the jury starts on %(day)s.")
            % {"day": _day(contest.judging_start)},
        )


def schedule_with(stage: Stage, today: dt.date | None = None) -> dict[str, tuple]:
    """Submission and judging windows placing ``today`` inside ``stage``.

    For demo data and tests: the keyword arguments of ``contest_create``.
    """
    today = today or timezone.localdate()
    offset = {
        Stage.ANNOUNCED: -10,
        Stage.SUBMISSION: 10,
        Stage.WAITING: 32,
        Stage.JUDGING: 40,
        Stage.RESULTS: 80,
    }[stage]
    start = today - dt.timedelta(days=offset)

    def days(a: int, b: int) -> tuple[dt.date, dt.date]:
        return start + dt.timedelta(days=a), start + dt.timedelta(days=b)

    return {"submission": days(0, 29), "judging": days(35, 49)}


def move_to(contest: Contest, stage: Stage) -> Contest:
    """Shift a contest's windows so that today falls in ``stage`` (demo, tests)."""
    return reschedule(contest, **schedule_with(stage))


def reschedule(
    contest: Contest,
    *,
    submission: tuple[dt.date, dt.date],
    judging: tuple[dt.date, dt.date],
) -> Contest:
    """Set a contest's windows without touching its drawings (demo, tests)."""
    Contest.objects.filter(pk=contest.pk).update(
        submission_start=submission[0],
        submission_end=submission[1],
        judging_start=judging[0],
        judging_end=judging[1],
    )
    contest.refresh_from_db()
    return contest
