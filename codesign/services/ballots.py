"""Verifying residents and taking their ballots: one per person per campaign.

Concurrency: the unique (campaign, voter_key) index decides which of two
simultaneous first submissions creates the ballot; the other waits, finds it,
locks it and replaces its choices. The limits (how many projects, points, or
tenge) are checked here with a clear message and again by a database trigger.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from integrity.ballot_limits import enforce_now
from moderation.bans import ensure_may_write

from .. import identity
from ..errors import ActionRefused
from ..models import (
    Ballot,
    BallotChannel,
    BallotChoice,
    BallotType,
    Campaign,
    Phase,
    Proposal,
    ProposalStatus,
    VoterRegistration,
    VotingCode,
)
from ..models.ballots import VerificationMethod
from ..money import tenge
from ..phases import require_phase


def _register(
    campaign: Campaign, user: User, voter_key: str, method: str
) -> VoterRegistration:
    existing = VoterRegistration.objects.filter(campaign=campaign, user=user).first()
    if existing is not None:
        if existing.voter_key == voter_key:
            return existing
        raise ActionRefused(
            "already_verified", _("Your account is already verified for this vote.")
        )
    try:
        with transaction.atomic():
            return VoterRegistration.objects.create(
                campaign=campaign, user=user, voter_key=voter_key, method=method
            )
    except IntegrityError:
        raise ActionRefused(
            "identity_taken",
            _(
                "This person is already verified with another account. If that "
                "was not you, please contact the project centre."
            ),
        ) from None


def voter_verify_iin(*, campaign: Campaign, user: User, iin: str) -> VoterRegistration:
    """Verify an account as a resident voter by IIN (kept only as a keyed hash)."""
    ensure_may_write(user)
    require_phase(campaign, Phase.VOTING)
    if not campaign.accepts_iin:
        raise ActionRefused(
            "method_closed", _("This vote does not take IINs."), status=400
        )
    iin = identity.clean_iin(iin)
    key = identity.iin_voter_key(campaign.pk, iin)
    return _register(campaign, user, key, VerificationMethod.IIN)


def _redeem(campaign: Campaign, code: str) -> str:
    redeemed = VotingCode.objects.filter(
        campaign=campaign,
        code_hash=identity.code_hash(campaign.pk, code),
        redeemed_at__isnull=True,
    ).update(redeemed_at=timezone.now())
    if redeemed != 1:
        raise ActionRefused(
            "code_invalid",
            _("This voting code is not valid or has already been used."),
            status=400,
            field="code",
        )
    return identity.code_voter_key(campaign.pk, code)


@transaction.atomic
def voter_redeem_code(
    *, campaign: Campaign, user: User, code: str
) -> VoterRegistration:
    """Verify an account with a one-time code from the project centre."""
    ensure_may_write(user)
    require_phase(campaign, Phase.VOTING)
    if not campaign.accepts_codes:
        raise ActionRefused(
            "method_closed", _("This vote does not take voting codes."), status=400
        )
    if VoterRegistration.objects.filter(campaign=campaign, user=user).exists():
        raise ActionRefused(
            "already_verified", _("Your account is already verified for this vote.")
        )
    key = _redeem(campaign, code)
    return _register(campaign, user, key, VerificationMethod.CODE)


def voting_codes_issue(*, campaign: Campaign, count: int) -> list[str]:
    """Make ``count`` fresh one-time codes; only their hashes are kept."""
    for _attempt in range(5):
        codes = [identity.new_code() for _ in range(count)]
        try:
            with transaction.atomic():
                VotingCode.objects.bulk_create(
                    VotingCode(
                        campaign=campaign, code_hash=identity.code_hash(campaign.pk, c)
                    )
                    for c in codes
                )
        except IntegrityError:
            # Two codes in 2^50 met (or a concurrent batch did): draw the batch again.
            continue
        return codes
    raise ActionRefused("busy", _("Could not make unique codes; please try again."))


def check_choices(campaign: Campaign, choices: Mapping[int, int]) -> dict[int, int]:
    """The ballot's choices if they fit the campaign's ballot, else why not."""
    if not choices:
        raise ActionRefused(
            "ballot_empty", _("Choose at least one project."), status=400
        )
    # A proposal a moderator hid cannot be chosen (votes already cast are kept).
    on_ballot = dict(
        Proposal.objects.filter(
            campaign=campaign,
            pk__in=list(choices),
            status=ProposalStatus.ON_BALLOT,
            is_hidden=False,
        ).values_list("pk", "cost")
    )
    if Proposal.objects.filter(
        campaign=campaign, pk__in=set(choices) - set(on_ballot), is_hidden=True
    ).exists():
        raise ActionRefused(
            "hidden_by_moderator",
            _(
                "One of the chosen projects has been hidden by a moderator and "
                "cannot be chosen."
            ),
            status=400,
        )
    if set(choices) - set(on_ballot):
        raise ActionRefused(
            "not_on_ballot",
            _("One of the chosen projects is not on this ballot."),
            status=400,
        )
    if any(points < 1 for points in choices.values()):
        raise ActionRefused(
            "points_positive", _("Points must be whole numbers above 0."), status=400
        )
    kind = campaign.ballot_type
    if kind != BallotType.CUMULATIVE and any(p != 1 for p in choices.values()):
        raise ActionRefused(
            "points_not_allowed", _("This ballot takes ticks, not points."), status=400
        )
    if (
        kind == BallotType.APPROVAL
        and campaign.max_choices
        and len(choices) > campaign.max_choices
    ):
        raise ActionRefused(
            "too_many_projects",
            ngettext(
                "You may choose at most %(max)d project.",
                "You may choose at most %(max)d projects.",
                campaign.max_choices,
            )
            % {"max": campaign.max_choices},
            status=400,
        )
    if kind == BallotType.KNAPSACK and sum(on_ballot.values()) > campaign.budget:
        raise ActionRefused(
            "over_budget",
            _("Your choices cost %(total)s, more than the budget of %(budget)s.")
            % {
                "total": tenge(sum(on_ballot.values())),
                "budget": tenge(campaign.budget),
            },
            status=400,
        )
    if kind == BallotType.CUMULATIVE and sum(choices.values()) > (
        campaign.max_points or 0
    ):
        raise ActionRefused(
            "too_many_points",
            _("You have %(max)d points to share out; this ballot gives %(given)d.")
            % {"max": campaign.max_points, "given": sum(choices.values())},
            status=400,
        )
    return dict(choices)


def _write(ballot: Ballot, choices: Mapping[int, int]) -> None:
    ballot.choices.all().delete()
    BallotChoice.objects.bulk_create(
        BallotChoice(ballot=ballot, proposal_id=pk, points=points)
        for pk, points in choices.items()
    )
    # Run the deferred limits trigger now, inside this call, not at commit: a
    # refusal (a race with a change of the ballot) comes back in words.
    enforce_now(ballot.campaign_id)


@transaction.atomic
def ballot_submit(
    *, campaign: Campaign, user: User, choices: Mapping[int, int]
) -> Ballot:
    """Cast or change a verified resident's web ballot while voting is open."""
    ensure_may_write(user)
    require_phase(campaign, Phase.VOTING)
    registration = VoterRegistration.objects.filter(
        campaign=campaign, user=user
    ).first()
    if registration is None:
        raise ActionRefused(
            "not_verified",
            _("Please verify that you live here before voting."),
            status=403,
        )
    choices = check_choices(campaign, choices)
    ballot, created = Ballot.objects.get_or_create(
        campaign=campaign,
        voter_key=registration.voter_key,
        defaults={"channel": BallotChannel.WEB},
    )
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    if ballot.channel != BallotChannel.WEB:
        raise ActionRefused(
            "voted_on_paper",
            _(
                "A paper ballot has already been counted for you; it can only be "
                "changed at the project centre."
            ),
        )
    if not created:
        ballot.changes += 1
        ballot.save(update_fields=["changes", "modified"])
    _write(ballot, choices)
    return ballot


@transaction.atomic
def paper_ballot_enter(
    *,
    campaign: Campaign,
    clerk: User,
    choices: Mapping[int, int],
    iin: str = "",
    code: str = "",
) -> Ballot:
    """A project-centre clerk enters a paper ballot, identified by IIN or code."""
    ensure_may_write(clerk)
    require_phase(campaign, Phase.VOTING)
    if not clerk.has_perm("codesign.enter_paper_ballot", campaign):
        raise ActionRefused(
            "not_clerk", _("Only project-centre staff enter paper ballots."), status=403
        )
    if bool(iin) == bool(code):
        raise ActionRefused(
            "identity_required",
            _("Give either the voter's IIN or their voting code."),
            status=400,
        )
    choices = check_choices(campaign, choices)
    if iin:
        key = identity.iin_voter_key(campaign.pk, identity.clean_iin(iin))
    else:
        key = _redeem(campaign, code)
    try:
        with transaction.atomic():
            ballot = Ballot.objects.create(
                campaign=campaign,
                voter_key=key,
                channel=BallotChannel.PAPER,
                entered_by=clerk,
            )
    except IntegrityError:
        raise ActionRefused(
            "already_voted", _("This person has already voted in this campaign.")
        ) from None
    _write(ballot, choices)
    return ballot
