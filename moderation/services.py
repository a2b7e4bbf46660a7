"""Every moderation write by name: flag, hide, restore, dismiss, ban, unban.

Each one checks who may do it, changes the rows, writes a ``Decision`` (for
content) and the audit log's entry in the same transaction. Refusals are
``ActionRefused``: 404 for what the person may not moderate (as if it did not
exist), 400 for a missing reason, 409 when the content is already that way.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import record
from mapping.refusals import ActionRefused

from .bans import ensure_may_write, standing_ban
from .kinds import Kind, kind_of
from .models import Ban, Decision, DecisionAction, Flag, FlagOutcome, FlagReason
from .rules import moderates, moderates_everywhere

REASON_MAX = 1000


def _not_found() -> ActionRefused:
    return ActionRefused("not_found", _("There is no such page."), status=404)


def _reason(reason: str, *, required: bool = True) -> str:
    reason = reason.strip()
    if required and not reason:
        raise ActionRefused(
            "reason_required",
            _("Please give a reason: the author will read it."),
            status=400,
            field="reason",
        )
    if len(reason) > REASON_MAX:
        raise ActionRefused(
            "reason_too_long",
            _("Please keep the reason under %(n)d characters.") % {"n": REASON_MAX},
            status=400,
            field="reason",
        )
    return reason


def _kind(target: models.Model) -> Kind:
    try:
        return kind_of(target)
    except LookupError:
        raise _not_found() from None


def _open_flags(target: models.Model) -> models.QuerySet[Flag]:
    return Flag.objects.filter(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        closed_at__isnull=True,
    )


def flag_raise(
    *, reporter: User, target: models.Model, reason: str, text: str = ""
) -> Flag:
    """A signed-in resident reports public content to the town's moderators."""
    ensure_may_write(reporter)
    kind = _kind(target)
    if getattr(target, "is_hidden", False) or not kind.is_public(target):
        raise _not_found()
    if reason not in FlagReason.values:
        raise ActionRefused(
            "reason_unknown",
            _("Choose one of the reasons."),
            status=400,
            field="reason",
        )
    text = text.strip()
    if reason == FlagReason.OTHER and not text:
        raise ActionRefused(
            "text_required", _("Please say what is wrong."), status=400, field="text"
        )
    if len(text) > REASON_MAX:
        raise ActionRefused(
            "text_too_long",
            _("Please keep it under %(n)d characters.") % {"n": REASON_MAX},
            status=400,
            field="text",
        )
    already = ActionRefused(
        "already_flagged",
        _("You have already reported this; a moderator will look at it."),
        status=409,
    )
    if _open_flags(target).filter(reporter=reporter).exists():
        raise already
    flag = Flag(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        town_id=kind.town_id(target),
        reporter=reporter,
        reason=reason,
        text=text,
    )
    # The "one open flag" constraint is the database's (checked above for the
    # message); a second report racing this one meets the unique index.
    flag.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            flag.save()
            record(
                action="moderation.flag",
                actor=reporter,
                target=target,
                data={"flag": flag.pk, "reason": reason},
            )
    except IntegrityError:
        raise already from None
    return flag


def _locked(target: models.Model) -> Any:
    return type(target)._default_manager.select_for_update().get(pk=target.pk)


def _decide(
    moderator: User, target: models.Model, action: str, reason: str
) -> Decision:
    decision = Decision(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        town_id=_kind(target).town_id(target),
        moderator=moderator,
        action=action,
        reason=reason,
    )
    decision.full_clean()
    decision.save()
    return decision


def _notify(decision: Decision) -> None:
    from .notifications import notify_author

    # robust: a mail server being down must not undo the decision.
    transaction.on_commit(lambda: notify_author(decision.pk), robust=True)


@transaction.atomic
def content_hide(*, moderator: User, target: models.Model, reason: str) -> Decision:
    """Hide content from the public; the row and its text stay exactly as written."""
    if not moderates(moderator, target):
        raise _not_found()
    reason = _reason(reason)
    row = _locked(target)
    if row.is_hidden:
        raise ActionRefused("already_hidden", _("This is already hidden."))
    row.is_hidden = True
    row.hidden_reason = reason
    row.hidden_at = timezone.now()
    # Only the moderation fields: not even ``modified`` moves.
    row.save(update_fields=["is_hidden", "hidden_reason", "hidden_at"])
    closed = _open_flags(row).update(
        closed_at=timezone.now(), closed_by=moderator, outcome=FlagOutcome.HIDDEN
    )
    decision = _decide(moderator, row, DecisionAction.HIDE, reason)
    record(
        action="moderation.hide",
        actor=moderator,
        target=row,
        data={"decision": decision.pk, "reason": reason, "flags_closed": closed},
    )
    _notify(decision)
    return decision


@transaction.atomic
def content_restore(*, moderator: User, target: models.Model, reason: str) -> Decision:
    """Show hidden content to the public again."""
    if not moderates(moderator, target):
        raise _not_found()
    reason = _reason(reason)
    row = _locked(target)
    if not row.is_hidden:
        raise ActionRefused("not_hidden", _("This is not hidden."))
    hidden_for = row.hidden_reason
    row.is_hidden = False
    row.hidden_reason = ""
    row.hidden_at = None
    row.save(update_fields=["is_hidden", "hidden_reason", "hidden_at"])
    decision = _decide(moderator, row, DecisionAction.RESTORE, reason)
    record(
        action="moderation.restore",
        actor=moderator,
        target=row,
        data={"decision": decision.pk, "reason": reason, "was_hidden_for": hidden_for},
    )
    _notify(decision)
    return decision


@transaction.atomic
def flags_dismiss(
    *, moderator: User, target: models.Model, reason: str = ""
) -> Decision:
    """Close the open flags on content that breaks no rule; it stays as it is."""
    if not moderates(moderator, target):
        raise _not_found()
    reason = _reason(reason, required=False)
    _locked(target)
    closed = _open_flags(target).update(
        closed_at=timezone.now(), closed_by=moderator, outcome=FlagOutcome.DISMISSED
    )
    if not closed:
        raise ActionRefused("no_flags", _("There are no open flags to dismiss."))
    decision = _decide(moderator, target, DecisionAction.DISMISS, reason)
    record(
        action="moderation.dismiss",
        actor=moderator,
        target=target,
        data={"decision": decision.pk, "reason": reason, "flags_closed": closed},
    )
    return decision


@transaction.atomic
def person_ban(
    *,
    moderator: User,
    person: User,
    reason: str,
    until: dt.datetime | None = None,
) -> Ban:
    """Stop a person writing anywhere on Birge, until a time or for good.

    A ban standing already is replaced (lifted, then the new one written), so a
    moderator can lengthen or shorten it in one step.
    """
    if not moderates_everywhere(moderator):
        raise _not_found()
    reason = _reason(reason)
    if person.pk == moderator.pk:
        raise ActionRefused(
            "ban_self", _("You cannot ban yourself."), status=400, field="person"
        )
    if person.is_superuser:
        raise ActionRefused(
            "ban_admin",
            _("An administrator cannot be banned here."),
            status=400,
            field="person",
        )
    now = timezone.now()
    if until is not None and until <= now:
        raise ActionRefused(
            "until_past",
            _("The end of the ban must be in the future."),
            status=400,
            field="until",
        )
    list(Ban.objects.select_for_update().filter(person=person))
    replaced = Ban.objects.filter(person=person, lifted_at__isnull=True)
    replaced_ids = list(replaced.values_list("pk", flat=True))
    replaced.update(lifted_at=now, lifted_by=moderator)
    ban = Ban(person=person, reason=reason, until=until, by=moderator)
    ban.full_clean()
    ban.save()
    record(
        action="moderation.ban",
        actor=moderator,
        target=person,
        data={
            "ban": ban.pk,
            "reason": reason,
            "until": until.isoformat() if until else None,
            "replaces": replaced_ids,
        },
    )
    return ban


@transaction.atomic
def person_unban(*, moderator: User, person: User, reason: str = "") -> Ban:
    """Lift the ban standing for a person; the ban stays in the list as lifted."""
    if not moderates_everywhere(moderator):
        raise _not_found()
    reason = _reason(reason, required=False)
    list(Ban.objects.select_for_update().filter(person=person))
    ban = standing_ban(person)
    if ban is None:
        # An expired ban needs no lifting: nothing stands now.
        raise ActionRefused("not_banned", _("This person is not banned."))
    ban.lifted_at = timezone.now()
    ban.lifted_by = moderator
    ban.save(update_fields=["lifted_at", "lifted_by"])
    record(
        action="moderation.unban",
        actor=moderator,
        target=person,
        data={"ban": ban.pk, "reason": reason},
    )
    return ban
