"""Opening the vote and counting it by the campaign's rule."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from fractions import Fraction
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import User

from ..errors import ActionRefused
from ..models import (
    BallotChoice,
    Campaign,
    Proposal,
    ProposalStatus,
    ResultEntry,
)
from .history import save_version, snapshot

if TYPE_CHECKING:
    from .. import allocation


@transaction.atomic
def voting_open(*, campaign: Campaign, actor: User | None = None) -> int:
    """Put every accepted proposal on the ballot once voting has begun.

    Idempotent: safe to call on every visit to the voting page and from cron.
    Returns how many proposals were moved.
    """
    if timezone.localdate() < campaign.voting_start:
        return 0
    moved = 0
    accepted = Proposal.objects.select_for_update(skip_locked=True).filter(
        campaign=campaign, status=ProposalStatus.ACCEPTED
    )
    for proposal in accepted:
        before = snapshot(proposal)
        proposal.status = ProposalStatus.ON_BALLOT
        save_version(proposal, actor=actor, before=before)
        moved += 1
    return moved


def election_of(campaign: Campaign) -> allocation.Election:
    """The campaign's ballots as an election the allocation rules can count."""
    from .. import allocation

    projects = tuple(
        allocation.Project(id=str(pk), cost=cost)
        for pk, cost in Proposal.objects.filter(
            campaign=campaign,
            status__in=[
                ProposalStatus.ON_BALLOT,
                ProposalStatus.SELECTED,
                ProposalStatus.NOT_SELECTED,
                ProposalStatus.IN_PROGRESS,
                ProposalStatus.BUILT,
            ],
        )
        .order_by("number")
        .values_list("pk", "cost")
    )
    ballots: dict[int, dict[str, int]] = defaultdict(dict)
    rows = BallotChoice.objects.filter(ballot__campaign=campaign).values_list(
        "ballot_id", "proposal_id", "points"
    )
    for ballot_id, proposal_id, points in rows.iterator(chunk_size=10_000):
        ballots[ballot_id][str(proposal_id)] = points
    return allocation.Election(
        budget=campaign.budget,
        projects=projects,
        ballots=tuple(ballots[k] for k in sorted(ballots)),
        kind=campaign.ballot_type,
    )


def count(campaign: Campaign) -> allocation.Outcome:
    """Apply the campaign's rule (with its threshold and cap) to its ballots."""
    from .. import allocation

    return allocation.apply_rule(
        election_of(campaign),
        campaign.rule,
        threshold=campaign.vote_threshold,
        cap=campaign.cap,
    )


@transaction.atomic
def results_publish(*, campaign: Campaign, actor: User | None = None) -> int:
    """Count the vote once it has closed, store the result, tell the authors.

    Idempotent: a campaign is counted once; later calls change nothing.
    Returns the number of projects funded.
    """
    counted = ResultEntry.objects.filter(campaign_id=campaign.pk, funded=True)
    if ResultEntry.objects.filter(campaign_id=campaign.pk).exists():
        return counted.count()  # the common case: no lock for readers
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if timezone.localdate() <= campaign.voting_end:
        raise ActionRefused(
            "voting_not_closed",
            _("The votes are counted after voting closes on %(day)s.")
            % {"day": formats.date_format(campaign.voting_end, "DATE_FORMAT")},
        )
    if campaign.results.exists():  # counted while we waited for the lock
        return counted.count()
    outcome = count(campaign)
    proposals = {
        str(p.pk): p
        for p in Proposal.objects.select_for_update().filter(
            pk__in=[int(k) for k in outcome.explanations]
        )
    }
    ranked = sorted(
        outcome.explanations.values(),
        key=lambda e: (-e.score, -e.votes, int(e.project_id)),
    )
    order = {pid: i for i, pid in enumerate(outcome.selected, start=1)}
    entries = []
    for rank, explanation in enumerate(ranked, start=1):
        proposal = proposals[explanation.project_id]
        funded = explanation.funded
        entries.append(
            ResultEntry(
                campaign=campaign,
                proposal=proposal,
                rank=rank,
                votes=explanation.votes,
                score=explanation.score,
                funded=funded,
                funded_order=order.get(explanation.project_id),
                reason=explanation.reason,
                details=_details(explanation),
            )
        )
        if proposal.status == ProposalStatus.ON_BALLOT:
            before = snapshot(proposal)
            proposal.status = (
                ProposalStatus.SELECTED if funded else ProposalStatus.NOT_SELECTED
            )
            save_version(proposal, actor=actor, before=before)
    ResultEntry.objects.bulk_create(entries)
    return len(order)


def _details(explanation: allocation.Explanation) -> dict[str, object]:
    """The explanation's numbers, JSON-ready (fractions become floats)."""
    raw = dataclasses.asdict(explanation)
    return {
        key: float(value) if isinstance(value, Fraction) else value
        for key, value in raw.items()
        if key not in ("project_id", "reason") and value is not None
    }
