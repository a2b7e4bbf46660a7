"""Campaigns in a chosen phase, residents, council members and proposals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from codesign import services
from codesign.models import Campaign, Phase
from codesign.phases import move_to, schedule_with
from tests.factories import accepted_in, square

# A valid IIN (born 1 Jan 1990, check digit 7), and two more for other voters.
IINS = ["900101300017", "850315400025", "010203500038"]


def make_campaign(town, phase: Phase, **overrides) -> Campaign:
    """An Aksu-like campaign (100 M budget, 9 M cap) placed in a phase."""
    options = {
        "town": town,
        "slug": f"tugan-qala-{phase.value}",
        "titles": {"kk": "Туған қала", "ru": "Родной город", "en": "Tugan Qala"},
        "budget": 100_000_000,
        "cap": 9_000_000,
        "ballot_type": "approval",
        "max_choices": 3,
        **schedule_with(phase),
    }
    options.update(overrides)
    return services.campaign_create(**options)


@pytest.fixture
def resident(django_user_model):
    return django_user_model.objects.create_user(
        username="aigerim",
        email="aigerim@example.kz",
        password="x",
        preferred_language="kk",
    )


@pytest.fixture
def expert(django_user_model):
    return django_user_model.objects.create_user(username="expert", password="x")


@pytest.fixture
def campaign(aksu):
    return make_campaign(aksu, Phase.SUBMISSION)


@pytest.fixture
def council(campaign, expert):
    services.criterion_add(
        campaign=campaign, names={"kk": "Пайда", "ru": "Польза", "en": "Benefit"}
    )
    return services.council_member_add(campaign=campaign, user=expert)


def propose(
    campaign, author, *, cost=5_000_000, lon=76.93, lat=52.04, submit=True, **kw
):
    """A proposal through the same service the drawing page uses."""
    return services.proposal_create(
        campaign=campaign,
        author=author,
        title=kw.pop("title", "Playground on Abai street"),
        description=kw.pop("description", "Swings and a sandpit for the yard."),
        language="ru",
        geometry=accepted_in(
            campaign.town, square(lon, lat), ("Point", "LineString", "Polygon")
        ),
        cost_estimate=cost,
        submit=submit,
        **kw,
    )


def on_ballot(town, author, expert, *, costs=(5_000_000, 3_000_000, 8_000_000), **kw):
    """A campaign in voting with accepted projects on the ballot."""
    campaign = make_campaign(town, Phase.SUBMISSION, **kw)
    services.council_member_add(campaign=campaign, user=expert)
    proposals = [
        propose(
            campaign, author, cost=cost, lon=76.91 + 0.005 * i, title=f"Project {i}"
        )
        for i, cost in enumerate(costs)
    ]
    move_to(campaign, Phase.REVIEW)
    for proposal in proposals:
        services.proposal_accept(proposal=proposal, reviewer=expert)
    move_to(campaign, Phase.VOTING)
    services.voting_open(campaign=campaign)
    return campaign, proposals


@pytest.fixture
def park(aksu):
    """The test park SiteFactory puts at (76.93, 52.04): 143 m wide, 226 m tall."""
    return aksu.sites.get(slug="neglected-park")


@pytest.fixture
def session(park):
    today = timezone.localdate()
    return services.design_session_create(
        site=park,
        slug="spring",
        titles={"kk": "Саябақ", "ru": "Парк", "en": "The park"},
        starts=today - dt.timedelta(days=3),
        ends=today + dt.timedelta(days=30),
        unit_costs={"playground": 40_000, "footpath": 15_000, "bench": 120_000},
    )
