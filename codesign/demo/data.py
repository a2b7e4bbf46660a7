"""The demo's texts, people, ideas and rounds, from fixtures/budgeting_demo.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings

from codesign.models import BallotType, Phase, Rule

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "budgeting_demo.json"
MILLION = 1_000_000

# What happens to each proposal of a round (the keys of a round's "fates").
DRAFT, SUBMITTED, IN_REVIEW, CHANGES = "draft", "submitted", "in_review", "changes"
REVISED, REVISED_ACCEPTED, ACCEPTED = "revised", "revised_accepted", "accepted"
COST_REVISED, OVER_CAP_REJECTED, REJECTED = "cost_revised", "over_cap", "rejected"
FATES = {
    DRAFT,
    SUBMITTED,
    IN_REVIEW,
    CHANGES,
    REVISED,
    REVISED_ACCEPTED,
    ACCEPTED,
    COST_REVISED,
    OVER_CAP_REJECTED,
    REJECTED,
}

Texts = dict[str, str]  # one text by language code


@dataclass(frozen=True)
class Idea:
    """A kind of proposal Aksu residents make, written once in its author's language."""

    language: str
    category: str
    kind: str  # Point, LineString or Polygon
    districts: tuple[str, ...]
    title: str
    description: str
    cost: tuple[float, float]  # millions of tenge, for a 9 million cap
    appeal: float  # how readily residents vote for it
    size: int = 0  # metres: a polygon's side or a line's length


@dataclass(frozen=True)
class Person:
    """A demo account; only the documented ones get DEMO_PASSWORD."""

    username: str
    first_name: str
    last_name: str
    language: str  # the language they write proposals in
    can_sign_in: bool = False
    is_staff: bool = False
    affiliation: str = ""  # set for expert council members


@dataclass(frozen=True)
class Round:
    """One demo campaign: the phase it is in today and how far its story goes."""

    phase: Phase
    fates: tuple[str, ...]  # one per proposal, in the fixture's order
    ballots: int
    budget: int
    cap: int
    ballot_type: BallotType
    max_choices: int | None
    rule: Rule


@dataclass(frozen=True)
class Fixture:
    """Everything the demo writes that is not code, as the fixture has it."""

    town: str
    campaign: dict[str, Any]  # slug and titles to fill in, descriptions, categories...
    calendar: dict[str, Any]  # seasons, the season of each month, month names
    rounds: tuple[Round, ...]
    residents: tuple[Person, ...]
    council: tuple[Person, ...]  # the demo expert first, the akimat second
    streets: tuple[tuple[str, str], ...]  # (kk, ru): as each language writes it
    ideas: tuple[Idea, ...]
    review: dict[str, Any]  # the council's comments, requests and reasons
    progress: Texts  # the akimat's notes while building, by stage


@cache
def fixture(path: Path = FIXTURE) -> Fixture:
    """The fixture, read once per process."""
    with open(path, encoding="utf-8") as f:
        raw = json.load(f)
    return Fixture(
        town=raw["town"],
        campaign=raw["campaign"],
        calendar=raw["calendar"],
        rounds=tuple(_round(r) for r in raw["rounds"]),
        residents=tuple(Person(**p) for p in raw["people"]["residents"]),
        council=tuple(Person(**p) for p in raw["people"]["council"]),
        streets=tuple((s["kk"], s["ru"]) for s in raw["streets"]),
        ideas=tuple(_idea(i) for i in raw["ideas"]),
        review=raw["review"],
        progress=raw["progress"],
    )


def _idea(raw: dict[str, Any]) -> Idea:
    low, high = raw["cost"]
    return Idea(**{**raw, "districts": tuple(raw["districts"]), "cost": (low, high)})


def _round(raw: dict[str, Any]) -> Round:
    unknown = set(raw["fates"]) - FATES
    if unknown:
        raise ValueError(f"budgeting demo fixture: unknown fates {sorted(unknown)}")
    return Round(
        phase=Phase(raw["phase"]),
        # Expanded in the fixture's order: the seeded shuffle depends on it.
        fates=tuple(fate for fate, n in raw["fates"].items() for _ in range(n)),
        ballots=raw["ballots"],
        budget=raw["budget_million"] * MILLION,
        cap=raw["cap_million"] * MILLION,
        ballot_type=BallotType(raw["ballot_type"]),
        max_choices=raw["max_choices"],
        rule=Rule(raw["rule"]),
    )
