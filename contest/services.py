"""Every write of a drawing contest, as a named operation that checks who and when.

Refusals are `ActionRefused` (codesign.errors) with a sentence for the person;
nothing is changed when one is raised.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from audit.services import record
from codesign.errors import ActionRefused
from mapping import richtext
from mapping.intake import AcceptedGeometry
from mapping.languages import LANGUAGE_CODES, set_translations
from mapping.models import Site, Town
from moderation.bans import ensure_may_write

from . import images, selectors
from .models import (
    AGE_MAX,
    AGE_MIN,
    SCORE_MAX,
    SCORE_MIN,
    Award,
    AwardKind,
    Contest,
    Drawing,
    DrawingStatus,
    JuryMember,
    JuryScore,
)
from .stages import require_judging, require_judging_started, require_submission

# A family may send a few children's drawings from one account, not a class's worth.
MAX_DRAWINGS_PER_SENDER = 5


@transaction.atomic
def contest_create(
    *,
    town: Town,
    slug: str,
    titles: Mapping[str, str],
    submission: tuple[dt.date, dt.date],
    judging: tuple[dt.date, dt.date],
    texts: Mapping[str, Mapping[str, str]] | None = None,
    site: Site | None = None,
    min_age: int = AGE_MIN,
    max_age: int = AGE_MAX,
) -> Contest:
    """Announce a contest: its dates, ages, and texts (description, organiser,
    wording of diplomas and certificates) in each language."""
    if site is not None and site.town_id != town.pk:
        raise ActionRefused(
            "site_elsewhere", _("This site is in another town."), status=400
        )
    contest = Contest(
        town=town,
        site=site,
        slug=slug,
        submission_start=submission[0],
        submission_end=submission[1],
        judging_start=judging[0],
        judging_end=judging[1],
        min_age=min_age,
        max_age=max_age,
    )
    set_translations(contest, "title", titles)
    for field in ("description", "organiser", "diploma_text", "certificate_text"):
        values = (texts or {}).get(field, {})
        if field == "description":  # may be formatted: only allowed HTML is stored
            values = richtext.clean_each(values)
        set_translations(contest, field, values)
    contest.full_clean()
    contest.save()
    return contest


@transaction.atomic
def contest_reschedule(
    *,
    contest: Contest,
    by: User,
    submission: tuple[dt.date, dt.date],
    judging: tuple[dt.date, dt.date],
) -> Contest:
    """Move a contest's windows; the stage it is in today may change with them.

    Stages follow the dates, so this is how a stage changes by someone's
    decision; the audit log keeps the stage before and after, and the dates.
    """
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    _organiser(contest, by)
    was, old = contest.stage, _windows(contest)
    contest.submission_start, contest.submission_end = submission
    contest.judging_start, contest.judging_end = judging
    contest.full_clean()
    contest.save()
    record(
        action="contest.stage",
        actor=by,
        target=contest,
        data={
            "from": was,
            "to": contest.stage,
            "before": old,
            "after": _windows(contest),
        },
    )
    return contest


def _windows(contest: Contest) -> dict[str, str]:
    return {
        name: getattr(contest, name).isoformat()
        for name in (
            "submission_start",
            "submission_end",
            "judging_start",
            "judging_end",
        )
    }


def _seat_audit(member: JuryMember) -> dict[str, object]:
    return {
        "role": "juror",
        "town": member.contest.town.slug,
        "contest": member.contest_id,
        "user": member.user.get_username(),
        "chair": member.is_chair,
        "represents": member.role,
    }


@transaction.atomic
def jury_member_add(
    *,
    contest: Contest,
    user: User,
    role: str = "",
    is_chair: bool = False,
    actor: User | None = None,
) -> JuryMember:
    """Seat a person on the contest's jury (idempotent: an existing seat is kept).

    A seat is a role in the contest, so it is written to the audit log as a role
    grant; ``actor=None`` means Birge itself (the demo load).
    """
    member = JuryMember.objects.filter(contest=contest, user=user).first()
    if member is not None:
        return member
    member = JuryMember(
        contest=contest, user=user, role=role.strip(), is_chair=is_chair
    )
    member.full_clean()
    member.save()
    record(
        action="role.grant", actor=actor, target=member.user, data=_seat_audit(member)
    )
    return member


@transaction.atomic
def jury_member_change(*, member: JuryMember, actor: User | None = None) -> JuryMember:
    """Save a changed seat (chair or not, whom the juror represents), audited."""
    member.role = member.role.strip()
    member.full_clean()
    member.save()
    record(
        action="role.change", actor=actor, target=member.user, data=_seat_audit(member)
    )
    return member


@transaction.atomic
def jury_member_remove(*, member: JuryMember, actor: User | None = None) -> None:
    """Take a seat from the jury, audited as a role revocation."""
    data = _seat_audit(member)
    user = member.user
    member.delete()
    record(action="role.revoke", actor=actor, target=user, data=data)


def _organiser(contest: Contest, user: User) -> None:
    if not user.has_perm("contest.organise", contest):
        raise ActionRefused(
            "not_organiser",
            _("Only the chair of the jury and the organisers may do this."),
            status=403,
        )
    ensure_may_write(user)


def _check_child(contest: Contest, first_name: str, full_name: str, age: int) -> None:
    if not contest.min_age <= age <= contest.max_age:
        raise ActionRefused(
            "age_outside",
            _("This contest is for children aged %(low)d to %(high)d.")
            % {"low": contest.min_age, "high": contest.max_age},
            status=400,
            field="child_age",
        )
    if not first_name.strip() or not full_name.strip():
        raise ActionRefused(
            "name_missing",
            _("Give the child's first name and full name."),
            status=400,
            field="child_first_name",
        )


def drawing_submit(
    *,
    contest: Contest,
    sender: User,
    upload: UploadedFile,
    title: str,
    child_first_name: str,
    child_age: int,
    child_full_name: str,
    guardian_contact: str,
    consent: bool,
    description: str = "",
    language: str = "kk",
    place: AcceptedGeometry | None = None,
) -> Drawing:
    """A parent or guardian sends a child's drawing; the organisers check it next.

    The picture is re-encoded (no EXIF, no GPS) and checked before anything is
    stored; the place, if given, must have passed the intake for the contest's town.
    """
    ensure_may_write(sender)
    require_submission(contest)
    if not consent:
        raise ActionRefused(
            "consent_missing",
            _(
                "Please agree that the drawing may be shown with the child's first name and age."
            ),
            status=400,
            field="consent",
        )
    if place is not None:
        place.check_for(contest.town)
    _check_child(contest, child_first_name, child_full_name, child_age)
    if language not in LANGUAGE_CODES:
        language = "kk"
    full, thumb = images.prepare(upload)  # refuses before anything is stored
    with transaction.atomic():
        # Numbers and the per-family limit are counted under the contest's lock.
        Contest.objects.select_for_update().filter(pk=contest.pk).first()
        sent = Drawing.objects.filter(contest=contest, submitted_by=sender).exclude(
            status=DrawingStatus.WITHDRAWN
        )
        if sent.count() >= MAX_DRAWINGS_PER_SENDER:
            raise ActionRefused(
                "too_many_drawings",
                _("One account may send at most %(n)d drawings to a contest.")
                % {"n": MAX_DRAWINGS_PER_SENDER},
                status=400,
            )
        number = (contest.drawings.aggregate(n=Max("number"))["n"] or 0) + 1
        drawing = Drawing(
            contest=contest,
            number=number,
            submitted_by=sender,
            title=title.strip(),
            description=description.strip(),
            language=language,
            child_first_name=child_first_name.strip(),
            child_age=child_age,
            child_full_name=child_full_name.strip(),
            guardian_contact=guardian_contact.strip(),
            consented_at=timezone.now(),
            token=secrets.token_hex(16),
            place=place.geometry if place is not None else None,
        )
        _store(drawing, full, thumb)
    return drawing


def _store(drawing: Drawing, full: Any, thumb: Any) -> None:
    """Write the files, then the row; a row that cannot be saved leaves no files."""
    drawing.image.save("full.jpg", full, save=False)
    drawing.thumbnail.save("thumb.jpg", thumb, save=False)
    # With no place there is no shape to check; Django cannot pass NULL to
    # ST_IsValid when it checks the geometry constraints in Python.
    exclude = ["place"] if drawing.place is None else None
    try:
        drawing.full_clean(exclude=exclude)
        drawing.save()
    except BaseException:
        drawing.image.delete(save=False)
        drawing.thumbnail.delete(save=False)
        raise


@transaction.atomic
def drawing_accept(*, drawing: Drawing, by: User) -> Drawing:
    """The organisers check a sent drawing and put it in the contest (and gallery)."""
    drawing = (
        Drawing.objects.select_for_update(of=("self",))
        .select_related("contest")
        .get(pk=drawing.pk)
    )
    _organiser(drawing.contest, by)
    if drawing.status == DrawingStatus.ACCEPTED:
        return drawing
    if drawing.status == DrawingStatus.WITHDRAWN:
        raise ActionRefused("withdrawn", _("This drawing has been withdrawn."))
    if timezone.localdate() > drawing.contest.judging_end:
        raise ActionRefused(
            "stage_closed", _("The jury has finished; no more drawings can join.")
        )
    was = drawing.status
    drawing.status = DrawingStatus.ACCEPTED
    drawing.save(update_fields=["status", "modified"])
    record(
        action="contest.accept",
        actor=by,
        target=drawing,
        data={"from": was, "to": drawing.status},
    )
    return drawing


@transaction.atomic
def drawing_withdraw(*, drawing: Drawing, by: User) -> Drawing:
    """The sender (or the organisers) take a drawing out of the contest and gallery."""
    drawing = Drawing.objects.select_for_update().get(pk=drawing.pk)
    if not by.has_perm("contest.withdraw", drawing):
        raise ActionRefused("not_found", _("There is no such drawing."), status=404)
    if Award.objects.filter(drawing=drawing).exists():
        raise ActionRefused(
            "awarded",
            _("This drawing has an award; please ask the organisers to withdraw it."),
        )
    if drawing.status != DrawingStatus.WITHDRAWN:
        was = drawing.status
        drawing.status = DrawingStatus.WITHDRAWN
        drawing.save(update_fields=["status", "modified"])
        record(
            action="contest.withdraw",
            actor=by,
            target=drawing,
            data={"from": was, "to": drawing.status},
        )
    return drawing


@transaction.atomic
def jury_score(
    *, drawing: Drawing, juror: User, score: int, comment: str = ""
) -> JuryScore:
    """A juror scores a drawing (or changes their score) while the jury judges."""
    drawing = (
        Drawing.objects.select_for_update(of=("self",))
        .select_related("contest")
        .get(pk=drawing.pk)
    )
    contest = drawing.contest
    member = selectors.jury_member(contest, juror)
    if member is None:
        raise ActionRefused("not_found", _("There is no such page."), status=404)
    ensure_may_write(juror)
    require_judging(contest)
    if drawing.status != DrawingStatus.ACCEPTED:
        raise ActionRefused(
            "not_in_contest", _("Only drawings in the contest are scored.")
        )
    if not SCORE_MIN <= score <= SCORE_MAX:
        raise ActionRefused(
            "score_range",
            _("A score is a whole number from %(low)d to %(high)d.")
            % {"low": SCORE_MIN, "high": SCORE_MAX},
            status=400,
            field="score",
        )
    entry = JuryScore.objects.filter(drawing=drawing, juror=member).first()
    was = entry.score if entry is not None else None
    if entry is None:
        entry = JuryScore(drawing=drawing, juror=member)
    entry.score = score
    entry.comment = comment.strip()
    # Range and "one per juror" are checked above under the drawing's lock and
    # enforced by the database; checking them again here would double the queries
    # of a jury's whole sheet.
    entry.full_clean(validate_unique=False, validate_constraints=False)
    entry.save()
    record(
        action="contest.score",
        actor=juror,
        target=drawing,
        data={"from": was, "to": score},
    )
    return entry


def _next_serial(contest: Contest) -> int:
    return (contest.awards.aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def awards_grant(
    *,
    contest: Contest,
    by: User,
    diplomas: int,
    awarded_on: dt.date | None = None,
) -> list[Award]:
    """Diplomas for the drawings ranked 1 to ``diplomas``, certificates for the rest.

    Drawings tied on the same mean share a rank, so a tie at the last diploma
    place gives each of them a diploma. Awards already granted are kept as they
    are (never changed or renumbered), so running this again adds nothing.
    """
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    _organiser(contest, by)
    require_judging_started(contest)
    if diplomas < 0:
        raise ActionRefused(
            "diplomas_negative",
            _("The number of diplomas cannot be negative."),
            status=400,
            field="diplomas",
        )
    rows = selectors.ranking(contest)
    unscored = sum(1 for row in rows if row.rank is None)
    if unscored:
        raise ActionRefused(
            "unscored",
            ngettext(
                "%(n)d drawing in the contest has no score yet; the jury scores "
                "every drawing before awards are granted.",
                "%(n)d drawings in the contest have no score yet; the jury scores "
                "every drawing before awards are granted.",
                unscored,
            )
            % {"n": unscored},
        )
    serial = _next_serial(contest)
    granted = []
    for row in rows:
        if row.award is not None:
            continue
        kind = (
            AwardKind.DIPLOMA
            if row.rank and row.rank <= diplomas
            else AwardKind.CERTIFICATE
        )
        granted.append(_grant(contest, row.drawing, kind, serial, by, awarded_on))
        serial += 1
    return granted


@transaction.atomic
def award_grant(
    *, drawing: Drawing, kind: str, by: User, awarded_on: dt.date | None = None
) -> Award:
    """One drawing's award, decided by the jury (idempotent for the same kind)."""
    contest = Contest.objects.select_for_update().get(pk=drawing.contest_id)
    _organiser(contest, by)
    require_judging_started(contest)
    drawing = Drawing.objects.get(pk=drawing.pk)
    existing = Award.objects.filter(drawing=drawing).first()
    if existing is not None:
        if existing.kind == kind:
            return existing
        raise ActionRefused(
            "already_awarded",
            _("This drawing already has a %(award)s (№%(serial)s).")
            % {"award": existing.get_kind_display(), "serial": existing.serial},
        )
    if drawing.status != DrawingStatus.ACCEPTED:
        raise ActionRefused(
            "not_in_contest", _("Only drawings in the contest receive awards.")
        )
    return _grant(contest, drawing, kind, _next_serial(contest), by, awarded_on)


def _grant(
    contest: Contest,
    drawing: Drawing,
    kind: str,
    serial: int,
    by: User,
    awarded_on: dt.date | None,
) -> Award:
    award = Award(
        contest=contest,
        drawing=drawing,
        kind=kind,
        number=serial,
        awarded_on=awarded_on or timezone.localdate(),
        awarded_by=by,
    )
    # The serial comes from the contest's lock and the drawing had no award
    # (both checked by the callers); the database enforces both as well.
    award.full_clean(validate_unique=False, validate_constraints=False)
    award.save()
    record(
        action="contest.award",
        actor=by,
        target=drawing,
        data={"award": kind, "serial": award.serial},
    )
    return award
