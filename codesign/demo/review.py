"""The expert council's part: scores, comments and each proposal's decision."""

from __future__ import annotations

import random
from collections.abc import Sequence

from accounts.models import User
from codesign import services
from codesign.models import Campaign, Proposal

from .data import (
    ACCEPTED,
    CHANGES,
    COST_REVISED,
    DRAFT,
    MILLION,
    OVER_CAP_REJECTED,
    REJECTED,
    REVISED,
    REVISED_ACCEPTED,
    SUBMITTED,
    Idea,
    fixture,
)
from .people import Demo
from .places import place
from .proposals import CHEAPEST, Entry, tenge


def review(
    demo: Demo, campaign: Campaign, entries: Sequence[Entry], rng: random.Random
) -> None:
    """The council scores proposals and decides, each as its fate says."""
    comments = fixture().review["comments"]
    criteria = list(campaign.criteria.values_list("pk", flat=True))
    for entry in entries:
        if entry.fate in (DRAFT, SUBMITTED):
            continue
        for user, _affiliation in _reviewers(demo, rng):
            scores = {pk: _score(entry.idea, rng) for pk in criteria}
            services.review_save(
                proposal=_fresh(entry.pk),
                reviewer=user,
                scores=scores,
                comment=rng.choice(comments),
            )
            demo.counts["reviews"] += 1
        _decide(demo, campaign, entry, rng)


def _fresh(pk: int) -> Proposal:
    """The proposal as it is now, with its campaign's current dates."""
    return Proposal.objects.select_related("campaign__town").get(pk=pk)


def _reviewers(demo: Demo, rng: random.Random) -> list[tuple[User, str]]:
    # The demo expert reviews everything, so their account shows the whole workload.
    return [demo.council[0], *rng.sample(demo.council[1:], 1)]


def _score(idea: Idea, rng: random.Random) -> int:
    return max(0, min(5, round(idea.appeal + rng.uniform(1.0, 3.0))))


def _decide(demo: Demo, campaign: Campaign, entry: Entry, rng: random.Random) -> None:
    """The council's decision on a reviewed proposal, as its fate says."""
    texts = fixture().review
    expert = demo.expert
    fate = entry.fate
    if fate in (CHANGES, REVISED, REVISED_ACCEPTED):
        services.proposal_request_changes(
            proposal=_fresh(entry.pk),
            reviewer=expert,
            reason=rng.choice(texts["change_requests"]),
        )
        if fate != CHANGES:
            _revise_as_author(demo, entry, rng)
    elif fate == COST_REVISED:
        services.proposal_revise_cost(
            proposal=_fresh(entry.pk),
            reviewer=expert,
            cost=tenge(campaign.cap * rng.uniform(0.85, 0.98)),
            reason=texts["cost_revision"],
        )
    elif fate in (REJECTED, OVER_CAP_REJECTED):
        reason = rng.choice(texts["rejections"])
        if fate == OVER_CAP_REJECTED:
            reason = texts["over_cap"].format(cap=campaign.cap // MILLION)
        services.proposal_reject(
            proposal=_fresh(entry.pk), reviewer=expert, reason=reason
        )
    if fate in (ACCEPTED, COST_REVISED, REVISED_ACCEPTED):
        services.proposal_accept(proposal=_fresh(entry.pk), reviewer=expert)


def _revise_as_author(demo: Demo, entry: Entry, rng: random.Random) -> None:
    """The author moves the place, trims the cost and sends it back."""
    revised = fixture().review["revisions"][entry.idea.language]
    proposal = _fresh(entry.pk)
    services.proposal_update(
        proposal=proposal,
        author=entry.author,
        description=f"{proposal.description}\n\n{revised}",
        geometry=place(demo, entry.idea, rng),
        cost_estimate=max(tenge(proposal.cost * rng.uniform(0.8, 0.9)), CHEAPEST),
    )
    services.proposal_submit(proposal=_fresh(entry.pk), author=entry.author)
