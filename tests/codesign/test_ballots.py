"""Verification, ballots and their limits, paper ballots, and concurrent voters."""

from __future__ import annotations

import random
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import IntegrityError, connection, transaction

from accounts.roles import Role
from accounts.services import role_grant
from codesign import identity, services
from codesign.errors import ActionRefused
from codesign.models import Ballot, BallotChoice, Phase, VoterRegistration

from .conftest import IINS, move_to, on_ballot


def valid_iin(n: int) -> str:
    """The n-th made-up but valid IIN (born in the 1980s, check digit computed)."""
    for serial in range(n * 10, n * 10 + 10):
        base = f"8{n % 10}0{1 + n % 9}{10 + n % 18:02d}3{serial % 10000:04d}"
        check = identity.iin_check_digit(base)
        if check is not None:
            return base + str(check)
    raise AssertionError("no check digit")


def on_ballot_ids(*args, **kwargs):
    """A campaign in voting, and the ids of the projects on its ballot."""
    campaign, proposals = on_ballot(*args, **kwargs)
    return campaign, [p.pk for p in proposals]


def voter(django_user_model, campaign, n):
    user = django_user_model.objects.create_user(username=f"voter{n}")
    services.voter_verify_iin(campaign=campaign, user=user, iin=valid_iin(n))
    return user


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("12345", "iin_format"),
        ("90010130001x", "iin_format"),
        ("901301300017", "iin_birth_date"),  # month 13
        ("900101900017", "iin_birth_date"),  # century digit 9
        ("900101300018", "iin_check_digit"),
    ],
)
def test_bad_iins_are_refused_with_the_reason(raw, code):
    with pytest.raises(ActionRefused) as refused:
        identity.clean_iin(raw)
    assert refused.value.code == code
    assert refused.value.field == "iin"


def test_good_iins_pass_and_spaces_are_ignored():
    assert identity.clean_iin("900101 300017") == "900101300017"
    for n in range(50):
        assert identity.clean_iin(valid_iin(n))


@pytest.mark.django_db
def test_iins_are_kept_only_as_keyed_hashes(aksu, resident, expert):
    campaign, _ids = on_ballot_ids(aksu, resident, expert)
    registration = services.voter_verify_iin(
        campaign=campaign, user=resident, iin=IINS[0]
    )
    assert IINS[0] not in registration.voter_key
    assert len(registration.voter_key) == 64
    # The same person cannot be linked across campaigns by their key.
    assert registration.voter_key != identity.iin_voter_key(campaign.pk + 1, IINS[0])


@pytest.mark.django_db
def test_one_iin_verifies_one_account(aksu, resident, expert, django_user_model):
    campaign, _ids = on_ballot_ids(aksu, resident, expert)
    services.voter_verify_iin(campaign=campaign, user=resident, iin=IINS[0])
    other = django_user_model.objects.create_user(username="other")
    with pytest.raises(ActionRefused) as refused:
        services.voter_verify_iin(campaign=campaign, user=other, iin=IINS[0])
    assert refused.value.code == "identity_taken"


@pytest.mark.django_db
def test_a_voting_code_works_once(aksu, resident, expert, django_user_model):
    campaign, ids = on_ballot_ids(aksu, resident, expert, accepts_iin=False)
    [code] = services.voting_codes_issue(campaign=campaign, count=1)
    services.voter_redeem_code(campaign=campaign, user=resident, code=code.lower())
    services.ballot_submit(campaign=campaign, user=resident, choices={ids[0]: 1})
    other = django_user_model.objects.create_user(username="other")
    with pytest.raises(ActionRefused) as refused:
        services.voter_redeem_code(campaign=campaign, user=other, code=code)
    assert refused.value.code == "code_invalid"


@pytest.mark.django_db
def test_a_voter_changes_their_ballot_and_it_stays_one(aksu, resident, expert):
    campaign, ids = on_ballot_ids(aksu, resident, expert)
    services.voter_verify_iin(campaign=campaign, user=resident, iin=IINS[0])
    services.ballot_submit(campaign=campaign, user=resident, choices={ids[0]: 1})
    ballot = services.ballot_submit(
        campaign=campaign, user=resident, choices={ids[1]: 1, ids[2]: 1}
    )
    assert Ballot.objects.count() == 1
    assert ballot.changes == 1
    assert set(ballot.choices.values_list("proposal_id", flat=True)) == {ids[1], ids[2]}


@pytest.mark.django_db
def test_voting_needs_verification_and_the_voting_phase(aksu, resident, expert):
    campaign, ids = on_ballot_ids(aksu, resident, expert)
    with pytest.raises(ActionRefused) as refused:
        services.ballot_submit(campaign=campaign, user=resident, choices={ids[0]: 1})
    assert refused.value.code == "not_verified"
    services.voter_verify_iin(campaign=campaign, user=resident, iin=IINS[0])
    move_to(campaign, Phase.COUNTING)
    with pytest.raises(ActionRefused) as refused:
        services.ballot_submit(campaign=campaign, user=resident, choices={ids[0]: 1})
    assert refused.value.code == "phase_closed"
    assert not Ballot.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("options", "choices", "code"),
    [
        ({"max_choices": 2}, lambda ids: dict.fromkeys(ids, 1), "too_many_projects"),
        (
            {"ballot_type": "knapsack", "max_choices": None, "budget": 12_000_000},
            lambda ids: dict.fromkeys(ids, 1),
            "over_budget",
        ),
        (
            {"ballot_type": "cumulative", "max_choices": None, "max_points": 3},
            lambda ids: {ids[0]: 2, ids[1]: 2},
            "too_many_points",
        ),
        ({}, lambda ids: {ids[0]: 2}, "points_not_allowed"),
        ({}, lambda ids: {}, "ballot_empty"),
        ({}, lambda ids: {ids[0] + 1000: 1}, "not_on_ballot"),
    ],
)
def test_ballots_over_their_limits_are_refused(
    aksu, resident, expert, options, choices, code
):
    if "budget" in options:
        options["cap"] = 9_000_000
    campaign, ids = on_ballot_ids(aksu, resident, expert, **options)
    services.voter_verify_iin(campaign=campaign, user=resident, iin=IINS[0])
    with pytest.raises(ActionRefused) as refused:
        services.ballot_submit(campaign=campaign, user=resident, choices=choices(ids))
    assert refused.value.code == code
    assert not BallotChoice.objects.exists()


@pytest.mark.django_db
def test_the_database_refuses_a_ballot_over_its_limit(aksu, resident, expert):
    campaign, ids = on_ballot_ids(aksu, resident, expert, max_choices=2)
    ballot = Ballot.objects.create(campaign=campaign, voter_key="x" * 64, channel="web")
    with pytest.raises(IntegrityError), transaction.atomic():
        BallotChoice.objects.bulk_create(
            BallotChoice(ballot=ballot, proposal_id=i) for i in ids
        )
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.mark.django_db
def test_the_database_refuses_a_second_ballot_for_one_voter(aksu, resident, expert):
    campaign, _ids = on_ballot_ids(aksu, resident, expert)
    Ballot.objects.create(campaign=campaign, voter_key="k" * 64, channel="web")
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(campaign=campaign, voter_key="k" * 64, channel="paper")


@pytest.mark.django_db
def test_a_clerk_enters_paper_ballots_once_per_person(
    aksu, resident, expert, django_user_model
):
    campaign, ids = on_ballot_ids(aksu, resident, expert)
    clerk = django_user_model.objects.create_user(username="clerk")
    role_grant(actor=None, user=clerk, role=Role.AKIMAT, town=aksu)
    services.paper_ballot_enter(
        campaign=campaign, clerk=clerk, choices={ids[0]: 1}, iin=IINS[1]
    )
    with pytest.raises(ActionRefused) as refused:
        services.paper_ballot_enter(
            campaign=campaign, clerk=clerk, choices={ids[1]: 1}, iin=IINS[1]
        )
    assert refused.value.code == "already_voted"
    # The same person cannot then vote again on the web.
    services.voter_verify_iin(campaign=campaign, user=resident, iin=IINS[1])
    with pytest.raises(ActionRefused) as refused:
        services.ballot_submit(campaign=campaign, user=resident, choices={ids[1]: 1})
    assert refused.value.code == "voted_on_paper"
    assert Ballot.objects.count() == 1
    with pytest.raises(ActionRefused):
        services.paper_ballot_enter(
            campaign=campaign, clerk=resident, choices={ids[0]: 1}, iin=IINS[2]
        )


@pytest.mark.django_db(transaction=True)
def test_hundreds_of_voters_at_once_each_retrying_leave_one_ballot_each(
    aksu, resident, expert, django_user_model
):
    """200 voters, 16 at a time, each sending 3 times (two at the very same moment)."""
    campaign, ids = on_ballot_ids(aksu, resident, expert, max_choices=2)
    voters = [voter(django_user_model, campaign, n) for n in range(200)]
    rng = random.Random(7)
    plans = {
        v.pk: [rng.sample(ids, rng.randint(1, 2)) for _ in range(3)] for v in voters
    }
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def cast(user, choice_ids, together=False):
        try:
            if together:
                barrier.wait(timeout=10)
            services.ballot_submit(
                campaign=campaign, user=user, choices=dict.fromkeys(choice_ids, 1)
            )
        except BaseException as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=16) as pool:
        for user in voters:
            first, second, _third = plans[user.pk]
            pool.submit(cast, user, first)
            pool.submit(cast, user, second)
        # The third attempt of the first voter races a duplicate of itself.
        pool.submit(cast, voters[0], plans[voters[0].pk][2], True)
        pool.submit(cast, voters[0], plans[voters[0].pk][2], True)
    assert errors == []
    assert Ballot.objects.filter(campaign=campaign).count() == 200
    keys = set(VoterRegistration.objects.values_list("voter_key", flat=True))
    assert set(Ballot.objects.values_list("voter_key", flat=True)) == keys
    for ballot in Ballot.objects.prefetch_related("choices"):
        chosen = [c.proposal_id for c in ballot.choices.all()]
        assert 1 <= len(chosen) <= 2
        assert len(chosen) == len(set(chosen))
