"""One demo round: its campaign, then its story walked phase by phase up to today."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from codesign import services
from codesign.models import Campaign, Phase, Rule
from codesign.phases import move_to, schedule_with

from .ballots import issue_codes, vote
from .building import build
from .clock import Clock
from .data import MILLION, Round, Texts, fixture
from .people import Demo
from .proposals import plan, propose
from .review import review


def labels(today: dt.date | None = None) -> list[tuple[str, Texts]]:
    """Each round's slug and titles, from the year and season its proposals opened.

    Two rounds opening in the same season are told apart by the month instead.
    """
    data = fixture()
    calendar, templates = data.calendar, data.campaign
    months = calendar["months"]
    out: list[tuple[str, Texts]] = []
    taken: set[tuple[int, str]] = set()
    for round_ in data.rounds:
        start = schedule_with(round_.phase, today)["submission"][0]
        season = calendar["season_of_month"][start.month - 1]
        if (start.year, season) in taken:
            label = months["en"][start.month - 1].lower()
            names = {code: months[code][start.month - 1] for code in months}
        else:
            label, names = season, calendar["seasons"][season]
        taken.add((start.year, season))
        titles = {
            code: title.format(year=start.year, when=names[code])
            for code, title in templates["titles"].items()
        }
        out.append((templates["slug"].format(year=start.year, label=label), titles))
    return out


def run(
    demo: Demo, round_: Round, slug: str, titles: Texts, rng: random.Random
) -> None:
    """Create one round and play its story up to the phase it shows today."""
    clock = Clock(schedule_with(round_.phase))
    campaign = _campaign(demo, round_, slug, titles)
    entries = plan(demo, round_, rng)
    with clock.step(campaign, "submission"):
        for entry in entries:
            propose(demo, campaign, entry, round_, rng)
    steps = (
        (Phase.REVIEW, "review", lambda c: review(demo, c, entries, rng)),
        (Phase.VOTING, "voting", lambda c: vote(demo, c, entries, round_, rng)),
        (Phase.COUNTING, "counting", lambda c: services.results_publish(campaign=c)),
        (Phase.IMPLEMENTATION, "implementation", lambda c: build(demo, c, round_)),
    )
    order = list(Phase)
    for phase, window, action in steps:
        if order.index(phase) > order.index(round_.phase):
            break
        campaign = move_to(campaign, phase)
        with clock.step(campaign, window):
            action(campaign)
    campaign = move_to(campaign, round_.phase)
    clock.settle(campaign)
    demo.out.write(f"Budgeting demo: added “{titles['en']}” ({slug}).\n")
    if round_.phase == Phase.VOTING:
        issue_codes(demo, campaign, titles["en"])


def _campaign(demo: Demo, round_: Round, slug: str, titles: Texts) -> Campaign:
    """The round's campaign with its categories, criteria and expert council."""
    texts = fixture().campaign
    numbers = {"budget": round_.budget // MILLION, "cap": round_.cap // MILLION}
    descriptions = {
        code: " ".join(_description(code, round_, numbers))
        for code in texts["descriptions"]
    }
    campaign = services.campaign_create(
        town=demo.town,
        slug=slug,
        titles=titles,
        descriptions=descriptions,
        budget=round_.budget,
        cap=round_.cap,
        ballot_type=round_.ballot_type,
        max_choices=round_.max_choices,
        rule=round_.rule,
        **_dates(Phase.SUBMISSION),
    )
    for category, names in texts["categories"].items():
        services.category_add(campaign=campaign, slug=category, names=names)
    for names in texts["criteria"]:
        services.criterion_add(campaign=campaign, names=names)
    for user, affiliation in demo.council:
        services.council_member_add(
            campaign=campaign, user=user, affiliation=affiliation
        )
    demo.counts.update(
        campaigns=1,
        categories=len(texts["categories"]),
        criteria=len(texts["criteria"]),
        council_members=len(demo.council),
    )
    return campaign


def _dates(phase: Phase) -> dict[str, Any]:
    # Typed loosely on purpose: campaign_create takes these as keyword arguments.
    return schedule_with(phase)


def _description(code: str, round_: Round, numbers: dict[str, int]) -> list[str]:
    """The round's description: the campaign, its ballot and, if unusual, its rule."""
    texts = fixture().campaign
    rules = texts["ballot_rules"]
    parts = [texts["descriptions"][code].format(**numbers)]
    parts.append(rules[round_.ballot_type][code].format(n=round_.max_choices))
    if round_.rule == Rule.EQUAL_SHARES:
        parts.append(rules[Rule.EQUAL_SHARES][code])
    return parts
