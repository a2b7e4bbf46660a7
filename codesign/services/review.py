"""The expert council's work: scores, comments, cost revisions and decisions."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User

from ..errors import ActionRefused
from ..models import (
    Campaign,
    CouncilMember,
    Criterion,
    Phase,
    Proposal,
    ProposalStatus,
    Review,
    ReviewScore,
)
from ..models.review import MAX_SCORE
from ..money import tenge
from ..phases import require_phase
from .history import save_version, snapshot

UNDER_REVIEW = (ProposalStatus.SUBMITTED, ProposalStatus.IN_REVIEW)


def council_member_add(
    *, campaign: Campaign, user: User, affiliation: str = ""
) -> CouncilMember:
    """Seat a person on a campaign's expert council (idempotent)."""
    member, _created = CouncilMember.objects.get_or_create(
        campaign=campaign, user=user, defaults={"affiliation": affiliation}
    )
    return member


def _member(proposal: Proposal, user: User) -> CouncilMember:
    member = CouncilMember.objects.filter(
        campaign_id=proposal.campaign_id, user=user
    ).first()
    if member is None:
        raise ActionRefused(
            "not_council",
            _("Only members of this campaign's expert council can do this."),
            status=403,
        )
    return member


def _fresh(proposal: Proposal) -> Proposal:
    """The proposal (and its campaign) as the database has it now, locked."""
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("campaign")
        .get(pk=proposal.pk)
    )


def _require_status(
    proposal: Proposal, statuses: tuple[ProposalStatus, ...]
) -> Proposal:
    if proposal.status not in statuses:
        raise ActionRefused(
            "wrong_status",
            _("This proposal is %(status)s; the council cannot do that now.")
            % {"status": proposal.get_status_display()},
        )
    return proposal


def _reason_required(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ActionRefused(
            "reason_required",
            _("Please give a reason: the author will read it."),
            status=400,
            field="reason",
        )
    return reason


def _start_review(proposal: Proposal, member: CouncilMember) -> None:
    if proposal.status == ProposalStatus.SUBMITTED:
        before = snapshot(proposal)
        proposal.status = ProposalStatus.IN_REVIEW
        save_version(proposal, actor=member.user, before=before)


@transaction.atomic
def review_save(
    *,
    proposal: Proposal,
    reviewer: User,
    scores: Mapping[int, int],
    comment: str = "",
) -> Review:
    """A council member scores a proposal on each criterion (0-5) and comments."""
    proposal = _fresh(proposal)
    member = _member(proposal, reviewer)
    require_phase(proposal.campaign, Phase.REVIEW)
    proposal = _require_status(proposal, UNDER_REVIEW)
    criteria = {c.pk: c for c in Criterion.objects.filter(campaign=proposal.campaign)}
    for criterion_id, score in scores.items():
        if criterion_id not in criteria:
            raise ActionRefused(
                "unknown_criterion",
                _("This criterion is not one of this campaign's."),
                status=400,
                field="scores",
            )
        if not 0 <= score <= MAX_SCORE:
            raise ActionRefused(
                "score_range",
                _("A score is from 0 to %(max)d.") % {"max": MAX_SCORE},
                status=400,
                field="scores",
            )
    review, _created = Review.objects.update_or_create(
        proposal=proposal, member=member, defaults={"comment": comment.strip()}
    )
    for criterion_id, score in scores.items():
        ReviewScore.objects.update_or_create(
            review=review, criterion_id=criterion_id, defaults={"score": score}
        )
    _start_review(proposal, member)
    return review


@transaction.atomic
def proposal_request_changes(
    *, proposal: Proposal, reviewer: User, reason: str
) -> Proposal:
    """Send a proposal back to its author with what to change."""
    proposal = _fresh(proposal)
    member = _member(proposal, reviewer)
    require_phase(proposal.campaign, Phase.REVIEW, Phase.SUBMISSION)
    proposal = _require_status(proposal, UNDER_REVIEW)
    before = snapshot(proposal)
    proposal.status = ProposalStatus.CHANGES_REQUESTED
    proposal.decision_reason = _reason_required(reason)
    save_version(proposal, actor=member.user, before=before, reason=reason.strip())
    return proposal


@transaction.atomic
def proposal_revise_cost(
    *, proposal: Proposal, reviewer: User, cost: int, reason: str
) -> Proposal:
    """The council's estimate of what the proposal will really cost."""
    proposal = _fresh(proposal)
    member = _member(proposal, reviewer)
    require_phase(proposal.campaign, Phase.REVIEW)
    proposal = _require_status(
        proposal, (*UNDER_REVIEW, ProposalStatus.CHANGES_REQUESTED)
    )
    if cost < 0:
        raise ActionRefused(
            "cost_negative", _("A cost cannot be negative."), status=400, field="cost"
        )
    before = snapshot(proposal)
    proposal.cost = cost
    save_version(proposal, actor=member.user, before=before, reason=reason.strip())
    return proposal


@transaction.atomic
def proposal_accept(
    *, proposal: Proposal, reviewer: User, reason: str = ""
) -> Proposal:
    """Accept a proposal for the ballot; never one that costs more than the cap."""
    proposal = _fresh(proposal)
    member = _member(proposal, reviewer)
    campaign = proposal.campaign
    require_phase(campaign, Phase.REVIEW)
    proposal = _require_status(proposal, UNDER_REVIEW)
    if proposal.cost > campaign.cap:
        raise ActionRefused(
            "over_cap",
            _(
                "This proposal costs %(cost)s, more than the %(cap)s "
                "one proposal may cost. Revise the cost or ask the author to "
                "make it smaller."
            )
            % {"cost": tenge(proposal.cost), "cap": tenge(campaign.cap)},
            details={"cost": proposal.cost, "cap": campaign.cap},
        )
    before = snapshot(proposal)
    proposal.status = ProposalStatus.ACCEPTED
    proposal.decision_reason = reason.strip()
    save_version(proposal, actor=member.user, before=before, reason=reason.strip())
    return proposal


@transaction.atomic
def proposal_reject(*, proposal: Proposal, reviewer: User, reason: str) -> Proposal:
    """Reject a proposal, telling its author why."""
    proposal = _fresh(proposal)
    member = _member(proposal, reviewer)
    require_phase(proposal.campaign, Phase.REVIEW)
    proposal = _require_status(
        proposal, (*UNDER_REVIEW, ProposalStatus.CHANGES_REQUESTED)
    )
    before = snapshot(proposal)
    proposal.status = ProposalStatus.REJECTED
    proposal.decision_reason = _reason_required(reason)
    save_version(proposal, actor=member.user, before=before, reason=reason.strip())
    return proposal
