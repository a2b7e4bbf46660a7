"""The database's ballot-limits trigger, run inside the ballot service and put in words.

The trigger (codesign migrations 0002 and 0007) is DEFERRABLE INITIALLY DEFERRED:
a ballot's choices are replaced row by row and checked once, at commit. Services
run it early with ``SET CONSTRAINTS … IMMEDIATE`` so a refusal reaches them as
SQLSTATE 23514 (check_violation), constraint ``codesign_ballot_limits``, with the
reason in its HINT, and becomes a translated 409 instead of a failed commit.
"""

from __future__ import annotations

from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from codesign.models import Campaign
from codesign.money import tenge
from mapping.refusals import ActionRefused

CONSTRAINT = "codesign_ballot_limits"
TRIGGER = "codesign_ballot_within_limits"


def enforce_now(campaign_id: int) -> None:
    """Check the ballots written so far in this transaction; refuse in words."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET CONSTRAINTS {TRIGGER} IMMEDIATE")
            cursor.execute(f"SET CONSTRAINTS {TRIGGER} DEFERRED")
    except IntegrityError as error:
        refusal = refused(error, campaign_id)
        if refusal is None:
            raise
        raise refusal from None


def refused(error: IntegrityError, campaign_id: int) -> ActionRefused | None:
    """The person's words for a refusal by the ballot-limits trigger (else None)."""
    diag = getattr(error.__cause__, "diag", None)
    if diag is None or diag.constraint_name != CONSTRAINT:
        return None
    # Read again: a limit may have changed under the ballot, which is why it failed.
    campaign = Campaign.objects.get(pk=campaign_id)
    reason = diag.message_hint or ""
    if reason == "too_many_projects":
        message = ngettext(
            "You may choose at most %(max)d project.",
            "You may choose at most %(max)d projects.",
            campaign.max_choices or 0,
        ) % {"max": campaign.max_choices or 0}
    elif reason == "over_budget":
        message = _("Your choices cost more than the budget of %(budget)s.") % {
            "budget": tenge(campaign.budget)
        }
    elif reason == "too_many_points":
        message = _("You have %(max)d points to share out; this ballot gives more.") % {
            "max": campaign.max_points or 0
        }
    elif reason == "points_not_allowed":
        message = _("This ballot takes ticks, not points.")
    else:
        message = _("One of the chosen projects is not on this ballot.")
    return ActionRefused(reason or "ballot_limits", message, status=409)
