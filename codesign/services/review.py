"""The expert council's work: scores, comments, cost revisions and decisions.

Each action writes its audit entry ("review.*", with the status before and after)
in its own transaction; the status change itself is logged by ``save_version``.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from accounts.services import role_change_check
from audit.services import record
from moderation.bans import ensure_may_write

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


def _seat_audit(campaign: Campaign, affiliation: str) -> dict[str, object]:
    return {
        "role": Role.COUNCIL.value,
        "town": campaign.town.slug,
        "campaign": campaign.pk,
        "session": None,
        "affiliation": affiliation,
    }


@transaction.atomic
def council_member_add(
    *,
    campaign: Campaign,
    user: User,
    affiliation: str = "",
    actor: User | None = None,
) -> CouncilMember:
    """Seat a person on a campaign's expert council (idempotent).

    A seat is the council role for the campaign: the actor must be allowed to
    grant roles there (none: Birge itself, as the demo), and the audit log
    records it as a role grant.
    """
    role_change_check(actor=actor, role=Role.COUNCIL, campaign=campaign)
    member, created = CouncilMember.objects.get_or_create(
        campaign=campaign, user=user, defaults={"affiliation": affiliation}
    )
    if created:
        record(
            action="role.grant",
            actor=actor,
            target=user,
            data=_seat_audit(campaign, member.affiliation),
        )
    return member


@transaction.atomic
def council_member_remove(
    *, campaign: Campaign, user: User, actor: User | None = None
) -> bool:
    """Take a person's seat on the council away; whether they had one."""
    role_change_check(actor=actor, role=Role.COUNCIL, campaign=campaign)
    member = (
        CouncilMember.objects.select_for_update()
        .filter(campaign=campaign, user=user)
        .first()
    )
    if member is None:
        return False
    if member.reviews.exists():
        # Reviews belong to the seat; deleting it would erase the council's record.
        raise ActionRefused(
            "member_has_reviews",
            _("This member has reviewed proposals; their seat stays on the record."),
        )
    member.delete()
    record(
        action="role.revoke",
        actor=actor,
        target=user,
        data=_seat_audit(campaign, member.affiliation),
    )
    return True


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
    ensure_may_write(user)
    return member


def _audit(
    action: str, reviewer: User, proposal: Proposal, was: str, **data: object
) -> None:
    record(
        action=f"review.{action}",
        actor=reviewer,
        target=proposal,
        data={"from": was, "to": proposal.status, **data},
    )


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
    was = proposal.status
    _start_review(proposal, member)
    _audit(
        "score",
        reviewer,
        proposal,
        was,
        scores={str(k): v for k, v in scores.items()},
        comment=comment.strip(),
    )
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
    _audit(
        "request_changes",
        reviewer,
        proposal,
        str(before["status"]),
        reason=reason.strip(),
    )
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
    _audit(
        "cost",
        reviewer,
        proposal,
        str(before["status"]),
        cost_from=before["cost"],
        cost_to=cost,
        reason=reason.strip(),
    )
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
    _audit("accept", reviewer, proposal, str(before["status"]), reason=reason.strip())
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
    _audit("reject", reviewer, proposal, str(before["status"]), reason=reason.strip())
    return proposal
