"""The vote: verified residents fill in ballots, and visitors get codes to vote with."""

from __future__ import annotations

import random
from collections.abc import Sequence

from django.conf import settings
from django.urls import reverse

from codesign import services
from codesign.models import Campaign, ProposalStatus

from .data import Round, fixture
from .people import DEMO_PASSWORD, Demo, demo_iin
from .proposals import Entry


def vote(
    demo: Demo,
    campaign: Campaign,
    entries: Sequence[Entry],
    round_: Round,
    rng: random.Random,
) -> None:
    """Open the ballot and let verified residents vote, favouring popular ideas."""
    services.voting_open(campaign=campaign)
    costs = dict(
        campaign.proposals.filter(status=ProposalStatus.ON_BALLOT).values_list(
            "pk", "cost"
        )
    )
    # Squared, so that a few projects clearly lead, as they do in real votes.
    appeal = {
        e.pk: (e.idea.appeal * rng.uniform(0.6, 1.4)) ** 2
        for e in entries
        if e.pk in costs
    }
    for user, iin in demo.voters[: round_.ballots]:
        services.voter_verify_iin(campaign=campaign, user=user, iin=iin)
        chosen = _choices(appeal, costs, round_, rng)
        services.ballot_submit(
            campaign=campaign, user=user, choices=dict.fromkeys(chosen, 1)
        )
        demo.counts["ballots"] += 1


def _choices(
    appeal: dict[int, float], costs: dict[int, int], round_: Round, rng: random.Random
) -> list[int]:
    """One voter's picks: weighted by appeal, within the ballot's limits."""
    most = round_.max_choices or 6
    wanted = rng.randint(1, most)
    left, spent, chosen = dict(appeal), 0, list[int]()
    while left and len(chosen) < wanted:
        pk = rng.choices(list(left), weights=list(left.values()))[0]
        del left[pk]
        if spent + costs[pk] <= round_.budget:
            chosen.append(pk)
            spent += costs[pk]
    return chosen


# Demo visitors' IINs: serial numbers far above the demo voters' own.
VISITOR_SERIALS = 9001


def issue_codes(demo: Demo, campaign: Campaign, title: str) -> None:
    """Codes the project centre issued to visitors by IIN; a demo visitor votes with one.

    The campaign takes IINs, so each code is issued to a person (a made-up IIN)
    by the akimat's official, as at the centre; only the codes' hashes are kept.
    """
    count = fixture().campaign["voting_codes"]
    codes = [
        services.voting_code_issue(
            campaign=campaign, clerk=demo.akimat, iin=demo_iin(VISITOR_SERIALS + n)
        )
        for n in range(count)
    ]
    demo.counts["voting_codes"] += len(codes)
    page = settings.BIRGE_SITE_URL + reverse(
        "codesign:vote", kwargs={"town": campaign.town.slug, "slug": campaign.slug}
    )
    demo.out.write(
        f"Budgeting demo: one-time voting codes for “{title}”, each issued to a "
        f"visitor's IIN: sign in (e.g. as resident / {DEMO_PASSWORD}) and enter one "
        f"at {page}\n"
    )
    for code in codes:
        demo.out.write(f"  {code}\n")
