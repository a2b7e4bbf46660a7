"""A resident's proposal: drawn, described, saved as a draft, submitted."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from mapping.intake import AcceptedGeometry
from mapping.models import District

from ..errors import ActionRefused
from ..models import Campaign, Category, Phase, Proposal, ProposalStatus
from ..phases import require_phase
from .history import save_version, snapshot

# Whom the author may still change, and in which phase.
EDITABLE = {
    ProposalStatus.DRAFT: Phase.SUBMISSION,
    ProposalStatus.SUBMITTED: Phase.SUBMISSION,
    ProposalStatus.CHANGES_REQUESTED: Phase.REVIEW,
}


def district_of(campaign: Campaign, accepted: AcceptedGeometry) -> District | None:
    """The district the place lies in (by a point on its surface)."""
    point = accepted.geometry.point_on_surface
    return (
        District.objects.filter(town_id=campaign.town_id, boundary__intersects=point)
        .order_by("pk")
        .first()
    )


def _check_category(campaign: Campaign, category: Category | None) -> None:
    if category is not None and category.campaign_id != campaign.pk:
        raise ActionRefused(
            "category_elsewhere",
            _("This category belongs to another campaign."),
            status=400,
            field="category",
        )


def _check_cost(campaign: Campaign, cost: int) -> None:
    if cost < 0:
        raise ActionRefused(
            "cost_negative", _("A cost cannot be negative."), status=400, field="cost"
        )
    if cost > campaign.budget:
        raise ActionRefused(
            "cost_over_budget",
            _("The cost is more than the whole budget of this campaign."),
            status=400,
            field="cost_estimate",
        )


def proposal_create(
    *,
    campaign: Campaign,
    author: User,
    title: str,
    description: str,
    language: str,
    geometry: AcceptedGeometry,
    cost_estimate: int,
    category: Category | None = None,
    submit: bool = False,
) -> Proposal:
    """Save a resident's new proposal as a draft, or submit it straight away."""
    require_phase(campaign, Phase.SUBMISSION)
    geometry.check_for(campaign.town)
    _check_category(campaign, category)
    _check_cost(campaign, cost_estimate)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                number = (campaign.proposals.aggregate(n=Max("number"))["n"] or 0) + 1
                proposal = Proposal(
                    campaign=campaign,
                    number=number,
                    author=author,
                    title=title.strip(),
                    description=description.strip(),
                    language=language,
                    category=category,
                    geometry=geometry.geometry,
                    district=district_of(campaign, geometry),
                    cost_estimate=cost_estimate,
                    cost=cost_estimate,
                    status=ProposalStatus.DRAFT,
                )
                save_version(proposal, actor=author, before=None)
                if submit:
                    return proposal_submit(proposal=proposal, author=author)
                return proposal
        except IntegrityError:
            # Two residents took the same number at once; take the next one.
            continue
    raise ActionRefused("busy", _("Too many proposals at once; please try again."))


def _require_author(proposal: Proposal, author: User) -> None:
    if proposal.author_id != author.pk:
        raise ActionRefused("not_found", _("No such proposal."), status=404)


@transaction.atomic
def proposal_update(
    *,
    proposal: Proposal,
    author: User,
    title: str | None = None,
    description: str | None = None,
    geometry: AcceptedGeometry | None = None,
    cost_estimate: int | None = None,
    category: Category | None = None,
) -> Proposal:
    """The author changes their proposal while it is a draft or changes were asked."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _require_author(proposal, author)
    campaign = proposal.campaign
    phase = EDITABLE.get(ProposalStatus(proposal.status))
    if phase is None:
        raise ActionRefused(
            "not_editable",
            _("A proposal cannot be changed once it is %(status)s.")
            % {"status": proposal.get_status_display()},
        )
    require_phase(campaign, phase, Phase.SUBMISSION)
    before = snapshot(proposal)
    if title is not None:
        proposal.title = title.strip()
    if description is not None:
        proposal.description = description.strip()
    if geometry is not None:
        geometry.check_for(campaign.town)
        proposal.geometry = geometry.geometry
        proposal.district = district_of(campaign, geometry)
    if cost_estimate is not None:
        _check_cost(campaign, cost_estimate)
        proposal.cost_estimate = cost_estimate
        proposal.cost = cost_estimate
    if category is not None:
        _check_category(campaign, category)
        proposal.category = category
    save_version(proposal, actor=author, before=before)
    return proposal


@transaction.atomic
def proposal_submit(*, proposal: Proposal, author: User) -> Proposal:
    """Send a draft (or a proposal with the changes asked for) to the council."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _require_author(proposal, author)
    if proposal.status == ProposalStatus.DRAFT:
        require_phase(proposal.campaign, Phase.SUBMISSION)
    elif proposal.status == ProposalStatus.CHANGES_REQUESTED:
        require_phase(proposal.campaign, Phase.REVIEW, Phase.SUBMISSION)
    else:
        raise ActionRefused(
            "already_submitted", _("This proposal has already been submitted.")
        )
    before = snapshot(proposal)
    proposal.status = ProposalStatus.SUBMITTED
    proposal.submitted_at = proposal.submitted_at or timezone.now()
    save_version(proposal, actor=author, before=before)
    return proposal
