"""What residents propose in a demo round: which ideas, by whom, where, for how much."""

from __future__ import annotations

import random
from dataclasses import dataclass

from accounts.models import User
from codesign import services
from codesign.models import Campaign, Phase

from .data import (
    CHANGES,
    COST_REVISED,
    DRAFT,
    MILLION,
    OVER_CAP_REJECTED,
    SUBMITTED,
    Idea,
    Round,
    fixture,
)
from .people import Demo
from .places import place

CHEAPEST = 1_500_000  # less than this is repairs, not a Tugan Qala project
IDEAS_CAP = 9 * MILLION  # the cap the ideas' cost ranges are written for


@dataclass
class Entry:
    """A demo proposal as planned: the idea, what happens to it, who wrote it."""

    idea: Idea
    fate: str
    author: User
    address: dict[str, object]
    pk: int = 0


def plan(demo: Demo, round_: Round, rng: random.Random) -> list[Entry]:
    """Which ideas the round gets, what becomes of each, and who proposes it."""
    data = fixture()
    ideas = rng.sample(data.ideas, len(round_.fates))
    fates = list(round_.fates)
    rng.shuffle(fates)
    entries = []
    for idea, fate in zip(ideas, fates, strict=True):
        writers = [u for u in demo.residents if u.preferred_language == idea.language]
        street_kk, street_ru = rng.choice(data.streets)
        address = {
            "street": street_kk if idea.language == "kk" else street_ru,
            "house": rng.randint(1, 48),
            "school": rng.randint(1, 9),
        }
        entries.append(Entry(idea, fate, rng.choice(writers), address))
    _give_demo_resident_one(demo, round_, entries)
    return entries


def _give_demo_resident_one(demo: Demo, round_: Round, entries: list[Entry]) -> None:
    """The signed-in demo resident owns a proposal they can still act on."""
    wanted = {Phase.SUBMISSION: SUBMITTED, Phase.REVIEW: CHANGES}.get(round_.phase)
    candidates = [e for e in entries if e.fate == wanted] or entries[:1]
    kazakh = [e for e in candidates if e.idea.language == "kk"]
    (kazakh or candidates)[0].author = demo.residents[0]


def propose(
    demo: Demo, campaign: Campaign, entry: Entry, round_: Round, rng: random.Random
) -> None:
    """The author writes the proposal and, unless it stays a draft, submits it."""
    idea = entry.idea
    proposal = services.proposal_create(
        campaign=campaign,
        author=entry.author,
        title=idea.title.format(**entry.address),
        description=idea.description.format(**entry.address),
        language=idea.language,
        category=campaign.categories.get(slug=idea.category),
        geometry=place(demo, idea, rng),
        cost_estimate=_cost(idea, entry.fate, round_, rng),
        submit=entry.fate != DRAFT,
    )
    entry.pk = proposal.pk
    demo.counts["proposals"] += 1


def _cost(idea: Idea, fate: str, round_: Round, rng: random.Random) -> int:
    """A cost in the idea's range, scaled to the round's cap; over it on purpose."""
    if fate in (COST_REVISED, OVER_CAP_REJECTED):
        return tenge(round_.cap * rng.uniform(1.04, 1.25))
    scale = round_.cap / IDEAS_CAP
    low, high = (max(m * MILLION * scale, CHEAPEST) for m in idea.cost)
    return min(tenge(rng.uniform(low, high)), round_.cap)


def tenge(amount: float) -> int:
    """Rounded to 10 000 tenge, as estimates are written."""
    return round(amount / 10_000) * 10_000
