"""A resident's proposal: drawn, described, saved as a draft, submitted."""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from integrity.conflicts import proposal_conflict
from integrity.locking import bump_revision
from mapping.intake import AcceptedGeometry
from mapping.models import District
from moderation.bans import ensure_may_write

from ..errors import ActionRefused
from ..models import (
    Campaign,
    Category,
    Phase,
    Proposal,
    ProposalStatus,
    ProposalVersion,
)
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
    ensure_may_write(author)
    require_phase(campaign, Phase.SUBMISSION)
    geometry.check_for(campaign.town)
    _check_category(campaign, category)
    _check_cost(campaign, cost_estimate)
    with transaction.atomic():
        # Numbers are per campaign and gap-free; a transaction lock per campaign makes
        # concurrent residents take turns for the few milliseconds of this insert,
        # where retrying on a collision refused some of them under load.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtext('codesign.proposal_number'), %s)",
                [campaign.pk],
            )
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


def _require_author(proposal: Proposal, author: User) -> None:
    if proposal.author_id != author.pk:
        raise ActionRefused("not_found", _("No such proposal."), status=404)
    ensure_may_write(author)


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
    revision: int | None = None,
) -> Proposal:
    """The author changes their proposal while it is a draft or changes were asked.

    ``revision`` is the one the author's form was loaded at: if the proposal has
    moved on since, nothing is saved and the refusal (409) says what changed.
    """
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
    before_text = {
        "description": proposal.description,
        "category": proposal.category_id,
    }
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
    after_text = {"description": proposal.description, "category": proposal.category_id}
    untracked = [name for name in before_text if before_text[name] != after_text[name]]
    tracked = snapshot(proposal) != before
    if not tracked and not untracked:
        return proposal  # nothing to save, so nothing of anyone's is overwritten
    expected = proposal.revision if revision is None else revision
    if not bump_revision(Proposal, pk=proposal.pk, revision=expected):
        raise proposal_conflict(proposal=proposal, person=author, revision=expected)
    # The row is at expected + 1 now. save_version numbers a tracked change itself;
    # an edit of the text alone is recorded here, so every revision has a version.
    proposal.revision = expected if tracked else expected + 1
    save_version(proposal, actor=author, before=before)
    if not tracked:
        ProposalVersion.objects.create(
            proposal=proposal,
            revision=proposal.revision,
            actor=author,
            changed=untracked,
            title=proposal.title,
            geometry=proposal.geometry,
            cost=proposal.cost,
            status=proposal.status,
        )
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
