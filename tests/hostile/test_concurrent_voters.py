"""Two hundred residents vote at once over HTTP, retrying and changing their minds.

A live server answers real requests, each on its own thread and database
connection. Every voter sends a ballot, sends it again as a lost answer would
make them (the same Idempotency-Key), some change their choice, some try a
ballot over the limit, and some press the button twice at the very same moment.
Afterwards each voter has exactly one ballot, it is the last one Birge
acknowledged, and no ballot is over the budget (knapsack vote) or over the
number of projects allowed (approval vote).
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pytest
import requests
from django.test import Client
from django.urls import reverse
from django.utils import translation

from codesign import services
from codesign.models import Ballot, BallotChoice, VoterRegistration
from tests.codesign.conftest import on_ballot
from tests.codesign.test_ballots import valid_iin

VOTERS_PER_CAMPAIGN = 100
WORKERS = 24
RACING_PAIRS = 20
CSRF = "concurrentvoterscsrfsecret000000"
BUDGET = 12_000_000
MAX_CHOICES = 2
KNAPSACK_COSTS = (5_000_000, 3_000_000, 8_000_000, 4_000_000)
APPROVAL_COSTS = (5_000_000, 3_000_000, 8_000_000)


@dataclass
class Voter:
    """A resident with a signed-in HTTP session and what they mean to send."""

    user: object
    address: str
    cookies: dict[str, str]
    plan: list[tuple[str, frozenset[int], str]]  # (what, choices, key)
    acknowledged: list[frozenset[int]] = field(default_factory=list)
    refused: int = 0
    replayed: int = 0


def _cookies(user) -> dict[str, str]:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF}


def _send(voter: Voter, choices: frozenset[int], key: str) -> requests.Response:
    with requests.Session() as http:
        http.cookies.update(voter.cookies)
        return http.post(
            voter.address,
            data={
                "step": "ballot",
                "csrfmiddlewaretoken": CSRF,
                **{f"p{pk}": "on" for pk in choices},
            },
            headers={"Idempotency-Key": key, "Accept-Language": "en"},
            allow_redirects=False,
            timeout=120,
        )


def _record(voter: Voter, choices: frozenset[int], response: requests.Response):
    if response.status_code == 302:
        voter.acknowledged.append(choices)
        voter.replayed += response.headers.get("Idempotent-Replayed") == "true"
    elif response.status_code == 400:
        voter.refused += 1
    else:
        raise AssertionError(f"{response.status_code}: {response.text[:300]}")


def _vote(voter: Voter) -> None:
    """One voter's submissions, one after another, as a person makes them."""
    for _what, choices, key in voter.plan:
        _record(voter, choices, _send(voter, choices, key))


def _race(voter: Voter, barrier: threading.Barrier) -> None:
    """The first ballot sent twice at the same moment (a double click)."""
    _what, choices, key = voter.plan[0]
    barrier.wait(timeout=60)
    _record(voter, choices, _send(voter, choices, key))


def _plans(projects: list[int], fits, rng: random.Random) -> list[list]:
    """Per voter: a ballot, its retry, maybe one over the limit, maybe a change."""
    subsets = [
        frozenset(p for i, p in enumerate(projects) if mask >> i & 1)
        for mask in range(1, 2 ** len(projects))
    ]
    good = [s for s in subsets if fits(s)]
    bad = [s for s in subsets if not fits(s)]
    plans = []
    for _ in range(VOTERS_PER_CAMPAIGN):
        first, key = rng.choice(good), str(uuid.uuid4())
        plan = [("ballot", first, key), ("retry", first, key)]
        if rng.random() < 0.3:
            plan.append(("over the limit", rng.choice(bad), str(uuid.uuid4())))
        if rng.random() < 0.5:
            plan.append(("change", rng.choice(good), str(uuid.uuid4())))
        plans.append(plan)
    return plans


@pytest.mark.django_db(transaction=True)
def test_two_hundred_voters_retrying_at_once_leave_one_ballot_each_within_limits(
    live_server, aksu, django_user_model
):
    author = django_user_model.objects.create_user(username="author")
    expert = django_user_model.objects.create_user(username="expert")
    knapsack, knapsack_projects = on_ballot(
        aksu,
        author,
        expert,
        costs=KNAPSACK_COSTS,
        slug="knapsack-vote",
        ballot_type="knapsack",
        max_choices=None,
        budget=BUDGET,
    )
    approval, approval_projects = on_ballot(
        aksu,
        author,
        expert,
        costs=APPROVAL_COSTS,
        slug="approval-vote",
        max_choices=MAX_CHOICES,
    )
    cost = {p.pk: p.cost for p in [*knapsack_projects, *approval_projects]}
    rng = random.Random(2024)
    voters: list[Voter] = []
    for campaign, projects, fits in [
        (
            knapsack,
            knapsack_projects,
            lambda s: sum(cost[p] for p in s) <= BUDGET,
        ),
        (approval, approval_projects, lambda s: len(s) <= MAX_CHOICES),
    ]:
        with translation.override("en"):
            address = live_server.url + reverse(
                "codesign:vote", kwargs={"town": aksu.slug, "slug": campaign.slug}
            )
        for plan in _plans([p.pk for p in projects], fits, rng):
            n = len(voters)
            user = django_user_model.objects.create_user(username=f"voter-{n}")
            services.voter_verify_iin(campaign=campaign, user=user, iin=valid_iin(n))
            voters.append(Voter(user, address, _cookies(user), plan))
    racing = rng.sample(voters, RACING_PAIRS)

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=2 * RACING_PAIRS) as pool:
        barriers = {id(v): threading.Barrier(2) for v in racing}
        races = [pool.submit(_race, v, barriers[id(v)]) for v in racing for _ in "ab"]
        for race in races:
            race.result()
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        for done in [pool.submit(_vote, voter) for voter in voters]:
            done.result()
    seconds = time.monotonic() - started

    sent = sum(len(v.plan) for v in voters) + 2 * RACING_PAIRS
    figures = (
        f"{len(voters)} voters, {sent} submissions in {seconds:.1f} s, "
        f"{sum(v.replayed for v in voters)} replayed, "
        f"{sum(v.refused for v in voters)} refused"
    )
    assert Ballot.objects.count() == len(voters), figures
    ballots = {b.voter_key: b for b in Ballot.objects.prefetch_related("choices").all()}
    assert set(ballots) == set(
        VoterRegistration.objects.values_list("voter_key", flat=True)
    )
    for voter in voters:
        registration = VoterRegistration.objects.get(user=voter.user)
        ballot = ballots[registration.voter_key]
        chosen = frozenset(c.proposal_id for c in ballot.choices.all())
        # The last acknowledged ballot is the one counted.
        assert chosen == voter.acknowledged[-1], figures
        assert voter.refused == sum(
            1 for what, _c, _k in voter.plan if what == "over the limit"
        ), figures
        if ballot.campaign_id == knapsack.pk:
            assert sum(cost[p] for p in chosen) <= BUDGET
        else:
            assert 1 <= len(chosen) <= MAX_CHOICES
    assert not BallotChoice.objects.exclude(ballot__in=ballots.values()).exists()
