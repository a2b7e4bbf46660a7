"""Writers at the same time, each on its own database connection (threads).

Two editors saving one concept (or one proposal) from the same revision: one
wins, the other is told (409), nothing is lost silently. One submission sent
many times at once with one key: one row, one answer. Two transactions filling
one ballot at once: the limits trigger sees both. Two e-mail changes at once:
one new address pending, not two.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import psycopg
import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.test import Client
from django.urls import reverse

from codesign import services
from codesign.models import Ballot, BallotChoice, Concept, Proposal
from tests.codesign.conftest import on_ballot, propose
from tests.codesign.test_design_pages import A_GOOD_DRAWING, concept_url, feature, point
from tests.codesign.test_pages import form, url

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls in threads released together; each thread its own connection."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], Any]) -> Any:
        try:
            barrier.wait()
            return call()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_two_editors_save_one_concept_one_wins_one_is_told(session, resident):
    concept = services.concept_create(session=session, author=resident, title="Shady")
    path = concept_url("concept-save", concept)
    drawings = {
        "grove": [*A_GOOD_DRAWING],
        "benches": [feature("bench", point(0.5, 1)), feature("bench", point(1, 1))],
    }
    # One person in two windows, both opened at revision 1.
    windows = {name: signed_in(resident) for name in drawings}

    def save(name: str):
        body = {"type": "FeatureCollection", "revision": 1, "features": drawings[name]}
        return name, windows[name].post(
            path, json.dumps(body), content_type="application/json"
        )

    answers = dict(at_once(lambda: save("grove"), lambda: save("benches")))
    statuses = sorted(r.status_code for r in answers.values())
    assert statuses == [200, 409]
    (winner,) = [n for n, r in answers.items() if r.status_code == 200]
    (loser,) = [n for n, r in answers.items() if r.status_code == 409]
    stored = Concept.objects.get().versions.get().elements.count()
    assert stored == len(drawings[winner])  # the winner's drawing, whole
    refusal = answers[loser].json()["error"]
    assert refusal["code"] == "stale" and refusal["details"]["revision"] == 2
    assert sum(refusal["details"]["counts"]["saved"].values()) == len(drawings[winner])
    assert sum(refusal["details"]["counts"]["yours"].values()) == len(drawings[loser])


def test_two_editors_change_one_proposal_one_wins_one_is_told(campaign, resident):
    draft = propose(campaign, resident, submit=False, title="Lights")
    path = f"{draft.get_absolute_url()}edit/"
    titles = ["Lamps on Abai street", "Benches on Abai street"]
    windows = [signed_in(resident) for _ in titles]

    def edit(i: int):
        return windows[i].post(
            path, form(title=titles[i], revision="1", submit="draft")
        )

    answers = at_once(lambda: edit(0), lambda: edit(1))
    assert sorted(r.status_code for r in answers) == [302, 409]
    won = titles[[r.status_code for r in answers].index(302)]
    lost = next(r for r in answers if r.status_code == 409).content.decode()
    proposal = Proposal.objects.get()
    assert proposal.title == won and proposal.revision == 2
    assert [v.revision for v in proposal.versions.order_by("revision")] == [1, 2]
    assert "the title" in lost  # told what changed, with their own input still there
    assert titles[1 - titles.index(won)] in lost


def test_one_submission_sent_many_times_at_once_makes_one(campaign, resident):
    clients = [signed_in(resident) for _ in range(8)]
    data = {**form(title="Skate park"), "idempotency_key": "f5e2c1d0-0001"}

    def send(client: Client):
        return client.post(url("codesign:propose", campaign), data)

    answers = at_once(*[lambda c=c: send(c) for c in clients])
    assert Proposal.objects.filter(campaign=campaign).count() == 1
    (only,) = {(r.status_code, r["Location"]) for r in answers}
    assert only[0] == 302 and only[1].endswith(
        f"/proposals/{Proposal.objects.get().number}/"
    )
    replayed = [r for r in answers if r.get("Idempotent-Replayed") == "true"]
    assert len(replayed) == len(answers) - 1


def blocked_or_done(future, pid: int) -> None:
    """Wait until the backend ``pid`` waits on a lock, or the future has finished."""
    for _ in range(400):
        if future.done():
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid]
            )
            row = cursor.fetchone()
        if row and row[0] == "Lock":
            return
        time.sleep(0.025)
    raise AssertionError("the second transaction neither waited nor finished")


def refused_while_first_holds(
    first: psycopg.Connection, second: psycopg.Connection, statement: str, *args: Any
) -> psycopg.errors.CheckViolation | None:
    """Run ``statement`` on ``second`` while ``first``'s transaction is open.

    ``first`` commits only once the statement has started: it is then either
    waiting for one of ``first``'s locks or (without one) done. The database's
    refusal of the statement, or None when ``second`` committed.
    """

    def run_second() -> psycopg.errors.CheckViolation | None:
        try:
            second.execute(statement, *args)
        except psycopg.errors.CheckViolation as refusal:
            second.rollback()
            return refusal
        second.commit()
        return None

    with ThreadPoolExecutor(max_workers=1) as pool:
        waiting = pool.submit(run_second)
        blocked_or_done(waiting, second.info.backend_pid)
        first.commit()
        return waiting.result()


def test_two_transactions_filling_one_ballot_cannot_pass_its_limit(
    aksu, resident, expert
):
    """Each adds two ticks to an approval ballot of at most three: one must fail.

    The trigger locks the ballot before counting, so the second transaction's
    check waits for the first to commit and then counts its ticks too.
    """
    campaign, proposals = on_ballot(aksu, resident, expert, costs=(1, 2, 3, 4))
    ballot = Ballot.objects.create(campaign=campaign, voter_key="k1", channel="web")
    params = connection.get_connection_params()
    insert = (
        "INSERT INTO codesign_ballotchoice (ballot_id, proposal_id, points) "
        "VALUES (%s, %s, 1)"
    )
    immediate = "SET CONSTRAINTS codesign_ballot_within_limits IMMEDIATE"
    with psycopg.connect(**params) as first, psycopg.connect(**params) as second:
        for pk in (proposals[0].pk, proposals[1].pk):
            first.execute(insert, (ballot.pk, pk))
        for pk in (proposals[2].pk, proposals[3].pk):
            second.execute(insert, (ballot.pk, pk))
        first.execute(immediate)  # passes: it sees its own two ticks, and locks
        # The second's check waits for the first to end.
        refusal = refused_while_first_holds(first, second, immediate)
    assert isinstance(refusal, psycopg.errors.CheckViolation)
    assert refusal.diag.message_hint == "too_many_projects"
    assert BallotChoice.objects.filter(ballot=ballot).count() == 2


def test_one_voter_voting_from_many_windows_keeps_one_ballot(aksu, resident, expert):
    campaign, proposals = on_ballot(aksu, resident, expert, costs=(1, 2, 3, 4))
    services.voter_verify_iin(campaign=campaign, user=resident, iin="900101300017")
    pks = [p.pk for p in proposals]
    choices = [dict.fromkeys(pks[i : i + 3], 1) for i in range(2)] * 3

    def vote(chosen):
        return services.ballot_submit(campaign=campaign, user=resident, choices=chosen)

    at_once(*[lambda c=c: vote(c) for c in choices])
    (ballot,) = Ballot.objects.filter(campaign=campaign)
    chosen = dict(ballot.choices.values_list("proposal_id", "points"))
    assert chosen in choices  # one of the sent ballots, whole, never a mixture
    assert ballot.changes == len(choices) - 1


def test_two_email_changes_at_once_leave_one_pending_address(django_user_model):
    """One person asking to change their e-mail in two windows at once: one
    new address waits for confirmation, the current one stays."""
    bolat = django_user_model.objects.create_user(
        username="bolat", email="bolat@example.kz", password="x"
    )
    EmailAddress.objects.create(
        user=bolat, email="bolat@example.kz", verified=False, primary=True
    )
    windows = [signed_in(bolat) for _ in range(2)]

    def change(window: Client, email: str) -> int:
        response = window.post(
            reverse("account_email"), {"action_add": "", "email": email}
        )
        return response.status_code

    statuses = at_once(
        lambda: change(windows[0], "bolat@one.kz"),
        lambda: change(windows[1], "bolat@two.kz"),
    )
    assert statuses == [302, 302]
    addresses = EmailAddress.objects.filter(user=bolat)
    assert addresses.get(primary=True).email == "bolat@example.kz"
    assert addresses.filter(primary=False).count() == 1
