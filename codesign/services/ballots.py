"""Verifying residents and taking their ballots: one per person per campaign.

A person is one voter key per campaign, however they prove it: the keyed hash
of their IIN, or, in a campaign that takes no IINs, of an anonymous one-time
code. A code issued at the project centre in a campaign that takes IINs is
issued to a person by their IIN and carries that IIN's key, so a code and an IIN
never give the same person two ballots.

Concurrency: the unique (campaign, voter_key) index decides which of two
simultaneous first submissions creates the ballot; the other waits, finds it,
locks it and replaces its choices. The limits (how many projects, points, or
tenge) are checked here with a clear message and again by a database trigger.
Verifications read the campaign's methods under a share lock, so a change of
the methods waits for them and then finds them (codesign migration 0008).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import IntegrityError, connection, transaction
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


def _take_methods(campaign: Campaign) -> None:
    """Read the campaign's methods afresh, holding them until this transaction ends.

    FOR SHARE: an administrator's change of whether the campaign takes IINs
    waits for this verification, then its trigger sees what it wrote.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT accepts_iin, accepts_codes FROM codesign_campaign "
            "WHERE id = %s FOR SHARE",
            [campaign.pk],
        )
        campaign.accepts_iin, campaign.accepts_codes = cursor.fetchone()


def _require_method(campaign: Campaign, method: str) -> None:
    _take_methods(campaign)
    if method == VerificationMethod.IIN and not campaign.accepts_iin:
        raise ActionRefused(
            "method_closed",
            _("This vote does not take IINs."),
            status=400,
            field="iin",
        )
    if method == VerificationMethod.CODE and not campaign.accepts_codes:
        raise ActionRefused(
            "method_closed",
            _("This vote does not take voting codes."),
            status=400,
            field="code",
        )


@transaction.atomic
def voter_verify_iin(*, campaign: Campaign, user: User, iin: str) -> VoterRegistration:
    """Verify an account as a resident voter by IIN (kept only as a keyed hash)."""
    ensure_may_write(user)
    require_phase(campaign, Phase.VOTING)
    _require_method(campaign, VerificationMethod.IIN)
    iin = identity.clean_iin(iin)
    key = identity.iin_voter_key(campaign.pk, iin)
    return _register(campaign, user, key, VerificationMethod.IIN)


def _redeem(campaign: Campaign, code: str) -> str:
    """Use up a code (inside the caller's transaction); the voter key it gives."""
    found = (
        VotingCode.objects.select_for_update()
        .filter(
            campaign=campaign,
            code_hash=identity.code_hash(campaign.pk, code),
            redeemed_at__isnull=True,
        )
        .first()
    )
    if found is None:
        raise ActionRefused(
            "code_invalid",
            _("This voting code is not valid or has already been used."),
            status=400,
            field="code",
        )
    found.redeemed_at = timezone.now()
    found.save(update_fields=["redeemed_at", "modified"])
    # Issued to a person: they vote as that person, whichever way they prove it.
    return found.voter_key or identity.code_voter_key(campaign.pk, code)


@transaction.atomic
def voter_redeem_code(
    *, campaign: Campaign, user: User, code: str
) -> VoterRegistration:
    """Verify an account with a one-time code from the project centre."""
    ensure_may_write(user)
    require_phase(campaign, Phase.VOTING)
    _require_method(campaign, VerificationMethod.CODE)
    if VoterRegistration.objects.filter(campaign=campaign, user=user).exists():
        raise ActionRefused(
            "already_verified", _("Your account is already verified for this vote.")
        )
    key = _redeem(campaign, code)
    return _register(campaign, user, key, VerificationMethod.CODE)


def _require_clerk(campaign: Campaign, clerk: User, message: str) -> None:
    ensure_may_write(clerk)
    require_phase(campaign, Phase.VOTING)
    if not clerk.has_perm("codesign.enter_paper_ballot", campaign):
        raise ActionRefused("not_clerk", message, status=403)


@transaction.atomic
def voting_code_issue(*, campaign: Campaign, clerk: User, iin: str) -> str:
    """Issue a one-time code to a person, by IIN, at the project centre.

    The code carries the IIN's voter key, so the person has one ballot whether
    they vote with the code or the IIN. A person holds one code at a time: a
    new one (a code lost or forgotten) replaces the one they had.
    """
    _require_clerk(campaign, clerk, _("Only project-centre staff issue voting codes."))
    _require_method(campaign, VerificationMethod.CODE)
    if not campaign.accepts_iin:
        raise ActionRefused(
            "codes_in_batches",
            _(
                "This vote takes no IINs: its voting codes are printed in "
                "batches from the administration pages."
            ),
        )
    key = identity.iin_voter_key(campaign.pk, identity.clean_iin(iin))
    if Ballot.objects.filter(campaign=campaign, voter_key=key).exists():
        raise ActionRefused(
            "already_voted", _("This person has already voted in this campaign.")
        )
    if VoterRegistration.objects.filter(campaign=campaign, voter_key=key).exists():
        raise ActionRefused(
            "already_verified",
            _(
                "This person is already verified for this vote with an account. "
                "If they cannot sign in, they can vote on paper here with their IIN."
            ),
        )
    for _attempt in range(5):
        code = identity.new_code()
        try:
            with transaction.atomic():
                VotingCode.objects.update_or_create(
                    campaign=campaign,
                    voter_key=key,
                    defaults={
                        "code_hash": identity.code_hash(campaign.pk, code),
                        "issued_by": clerk,
                        "redeemed_at": None,
                    },
                )
        except IntegrityError:
            # Another clerk issued this person a code at the same instant (or two
            # codes in 2^50 met): the next try replaces theirs.
            continue
        return code
    raise ActionRefused("busy", _("Could not make a unique code; please try again."))


@transaction.atomic
def voting_codes_issue(*, campaign: Campaign, count: int) -> list[str]:
    """Make ``count`` fresh one-time codes for no one in particular.

    Only for a campaign that takes no IINs: where IINs are taken, a code for no
    one would let a person vote once with it and once with their IIN. Only the
    codes' hashes are kept.
    """
    _require_method(campaign, VerificationMethod.CODE)
    if campaign.accepts_iin:
        raise ActionRefused(
            "codes_need_iin",
            _(
                "This vote takes IINs, so each voting code is issued to one "
                "person by their IIN, on the campaign's voting codes page."
            ),
        )
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
    _require_clerk(campaign, clerk, _("Only project-centre staff enter paper ballots."))
    if bool(iin) == bool(code):
        raise ActionRefused(
            "identity_required",
            _("Give either the voter's IIN or their voting code."),
            status=400,
        )
    _require_method(
        campaign, VerificationMethod.IIN if iin else VerificationMethod.CODE
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
