"""Every invariant that matters is the database's: each refusal here bypasses Python.

Rows are written with raw SQL, ``QuerySet.update`` or ``bulk_create`` (no
``full_clean``, no service), and the database itself says no.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.contrib.gis.geos import Point
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from codesign import services
from codesign.errors import ActionRefused
from codesign.models import (
    Ballot,
    BallotChoice,
    Campaign,
    Concept,
    DesignSession,
    Phase,
    Proposal,
    ProposalVersion,
    VoterRegistration,
    VotingCode,
)
from community_map.models import (
    Community,
    Concern,
    ConcernImport,
    ConcernImportRow,
    MeetingPlace,
)
from contest.models import Award, JuryMember, JuryScore
from tests.codesign.conftest import make_campaign, on_ballot, propose
from tests.codesign.sketching import drawn
from tests.contest.conftest import make_contest, send

pytestmark = pytest.mark.django_db


@contextmanager
def refused_by(constraint: str) -> Iterator[None]:
    """The block fails with an IntegrityError that names ``constraint``."""
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        yield
        check_deferred_now()
    assert diag_of(caught.value).constraint_name == constraint


def diag_of(error: IntegrityError) -> Any:
    """psycopg's diagnostics of the database error behind Django's."""
    return getattr(error.__cause__, "diag", None)


def check_deferred_now() -> None:
    """Run deferred constraint triggers now (the test's transaction never commits)."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def run(sql: str, *params: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


# --- Geometry: valid, not empty, SRID 4326 on every column outside input reaches --


def _proposal(aksu, resident) -> int:
    return propose(make_campaign(aksu, Phase.SUBMISSION), resident).pk


def _version(aksu, resident) -> int:
    return ProposalVersion.objects.filter(proposal_id=_proposal(aksu, resident))[0].pk


def _element(aksu, resident, session) -> int:
    concept = services.concept_create(session=session, author=resident, title="x")
    version = services.concept_save(
        concept=concept,
        author=resident,
        elements=[
            drawn(aksu, "playground", "POLYGON((10 10,30 10,30 30,10 30,10 10))")
        ],
    )
    return version.elements.get().pk


def _community(aksu, resident) -> int:
    return Community.objects.create(town=aksu, slug="bereke", name="B", kind="ngo").pk


def _place(aksu, resident) -> int:
    community = Community.objects.get(pk=_community(aksu, resident))
    return MeetingPlace.objects.create(
        community=community, name="Yard", location=Point(76.93, 52.04, srid=4326)
    ).pk


def _concern(aksu, resident) -> int:
    return Concern.objects.create(
        town=aksu,
        category="heating",
        source="web",
        reported_on=dt.date(2025, 1, 15),
        location=Point(76.93, 52.04, srid=4326),
        text="No heating.",
    ).pk


def _import_row(aksu, resident) -> int:
    community = Community.objects.get(pk=_community(aksu, resident))
    job = ConcernImport.objects.create(
        town=aksu,
        community=community,
        file_name="a.csv",
        file_format="csv",
        content=b"",
    )
    return ConcernImportRow.objects.create(
        job=job, number=1, location=Point(76.93, 52.04, srid=4326)
    ).pk


def _drawing(aksu, resident) -> int:
    return send(make_contest(aksu), resident).pk


Builder = Callable[..., int] | None
# (table, column, shape kind of the column, how to make a row)
COLUMNS: list[tuple[str, str, str, Builder]] = [
    ("mapping_town", "boundary", "multipolygon", lambda aksu, r: aksu.pk),
    ("mapping_town", "centre", "point", lambda aksu, r: aksu.pk),
    ("mapping_district", "boundary", "multipolygon", lambda a, r: a.districts.get().pk),
    ("mapping_site", "boundary", "polygon", lambda aksu, r: aksu.sites.get().pk),
    ("codesign_proposal", "geometry", "any", _proposal),
    ("codesign_proposalversion", "geometry", "any", _version),
    ("codesign_conceptelement", "geometry", "any", None),  # needs a session
    ("community_map_community", "work_area", "multipolygon", _community),
    ("community_map_meetingplace", "location", "point", _place),
    ("community_map_concern", "location", "any", _concern),
    ("community_map_concernimportrow", "location", "any", _import_row),
    ("contest_drawing", "place", "point", _drawing),
]
BOWTIE = "POLYGON((0 0,1 1,1 0,0 1,0 0))"
BAD = {
    "any": (BOWTIE, "POLYGON EMPTY"),
    "polygon": (BOWTIE, "POLYGON EMPTY"),
    "multipolygon": (f"MULTIPOLYGON(({BOWTIE[8:-1]}))", "MULTIPOLYGON EMPTY"),
    "point": ("POINT(NaN 0)", "POINT EMPTY"),
}
# Computed by the database from the checked columns, never from outside: the
# public point by a trigger (community_map 0002), tile_geom as generated columns
# in metres for the vector tiles (the 0005_tiles migrations).
DERIVED = {
    ("community_map_concern", "public_point"),
    ("community_map_concern", "tile_geom"),
    ("codesign_proposal", "tile_geom"),
}


def test_every_geometry_column_is_wgs84_and_checked():
    """Catalogue check: SRID 4326 by type, and CHECKs of validity and emptiness."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT f_table_name, f_geometry_column, srid FROM geometry_columns "
            "WHERE f_table_schema = current_schema()"
        )
        columns = cursor.fetchall()
        cursor.execute(
            "SELECT conrelid::regclass::text, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'c'"
        )
        checks = cursor.fetchall()
    assert {(t, c) for t, c, _ in columns} - DERIVED == {(t, c) for t, c, *_ in COLUMNS}
    for table, column, srid in columns:
        if (table, column) in DERIVED:
            continue
        assert srid == 4326, (table, column)
        defs = [d.lower() for t, d in checks if t == table and column in d]
        assert any("st_isvalid" in d for d in defs), (table, column)
        assert any("st_isempty" in d for d in defs), (table, column)


@pytest.mark.parametrize(
    ("table", "column", "shape", "builder"),
    COLUMNS,
    ids=[f"{t}.{c}" for t, c, *_ in COLUMNS],
)
def test_bad_geometry_is_refused_by_the_database(
    aksu, resident, session, table, column, shape, builder
):
    if builder is None:
        pk = _element(aksu, resident, session)
    else:
        pk = builder(aksu, resident)
    invalid, empty = BAD[shape]
    update = f"UPDATE {table} SET {column} = ST_GeomFromText(%s, %s) WHERE id = %s"
    with refused_by(f"{table}_{column}_valid"):
        run(update, invalid, 4326, pk)
    with refused_by(f"{table}_{column}_not_empty"):
        run(update, empty, 4326, pk)
    # The column's type holds the SRID: metres (EPSG:3857) are refused outright.
    with pytest.raises(DatabaseError, match="SRID"), transaction.atomic():
        run(update, "POINT(8560000 6810000)", 3857, pk)


# --- Values every column knows ----------------------------------------------------


@pytest.fixture
def voting(aksu, resident, expert):
    """A campaign in voting (approval, at most 3) and its projects on the ballot."""
    return on_ballot(aksu, resident, expert)


def test_unknown_values_are_refused(voting, session, resident):
    campaign, proposals = voting
    concept = services.concept_create(session=session, author=resident, title="x")
    ballot = Ballot.objects.create(campaign=campaign, voter_key="k1", channel="web")
    registration = VoterRegistration.objects.create(
        campaign=campaign, user=resident, voter_key="k1", method="iin"
    )
    cases = [
        (
            Proposal,
            proposals[0].pk,
            {"status": "maybe"},
            "codesign_proposal_status_known",
        ),
        (
            Proposal,
            proposals[0].pk,
            {"number": 0},
            "codesign_proposal_number_and_revision_positive",
        ),
        (
            Proposal,
            proposals[0].pk,
            {"cost": -1},
            "codesign_proposal_cost_not_negative",
        ),
        (
            ProposalVersion,
            proposals[0].versions.first().pk,
            {"status": "maybe"},
            "codesign_version_status_known_cost_not_negative",
        ),
        (
            Campaign,
            campaign.pk,
            {"ballot_type": "ranked"},
            "codesign_campaign_ballot_type_known",
        ),
        (Campaign, campaign.pk, {"rule": "dictator"}, "codesign_campaign_rule_known"),
        (
            DesignSession,
            session.pk,
            {"participation": "secret"},
            "codesign_session_participation_known",
        ),
        (Concept, concept.pk, {"revision": 0}, "codesign_concept_revision_positive"),
        (Ballot, ballot.pk, {"channel": "fax"}, "codesign_ballot_channel_known"),
        (
            VoterRegistration,
            registration.pk,
            {"method": "guess"},
            "codesign_registration_method_known",
        ),
    ]
    for model, pk, values, constraint in cases:
        with refused_by(constraint):
            model.objects.filter(pk=pk).update(**values)


# --- One ballot per voter per campaign, on the web, on paper and by code ---------


def test_one_voter_one_ballot_whatever_the_channel(voting, resident, expert):
    campaign, _ = voting
    Ballot.objects.create(campaign=campaign, voter_key="k1", channel="web")
    for channel in ("paper", "import", "web"):
        with refused_by("codesign_one_ballot_per_voter"):
            Ballot.objects.bulk_create(
                [Ballot(campaign=campaign, voter_key="k1", channel=channel)]
            )
    VoterRegistration.objects.create(
        campaign=campaign, user=resident, voter_key="k1", method="iin"
    )
    with refused_by("codesign_registration_key_once"):
        VoterRegistration.objects.bulk_create(
            [
                VoterRegistration(
                    campaign=campaign, user=expert, voter_key="k1", method="code"
                )
            ]
        )
    with refused_by("codesign_registration_user_once"):
        VoterRegistration.objects.bulk_create(
            [
                VoterRegistration(
                    campaign=campaign, user=resident, voter_key="k2", method="iin"
                )
            ]
        )
    VotingCode.objects.create(campaign=campaign, code_hash="h" * 64, voter_key="k3")
    with refused_by("codesign_voting_code_once"):
        VotingCode.objects.bulk_create(
            [VotingCode(campaign=campaign, code_hash="h" * 64, voter_key="k4")]
        )
    # One code per person: a new one replaces the old (voting_code_issue).
    with refused_by("codesign_voting_code_one_per_person"):
        VotingCode.objects.bulk_create(
            [VotingCode(campaign=campaign, code_hash="i" * 64, voter_key="k3")]
        )


def test_a_campaign_that_takes_iins_has_no_codes_for_no_one(voting, aksu):
    """An anonymous code beside IINs would let one person vote twice."""
    campaign, _ = voting
    assert campaign.accepts_iin
    with refused_by("codesign_voting_code_issued_to_person"):
        VotingCode.objects.bulk_create([VotingCode(campaign=campaign, code_hash="h")])
    code = VotingCode.objects.create(campaign=campaign, code_hash="h", voter_key="k1")
    with refused_by("codesign_voting_code_issued_to_person"):
        VotingCode.objects.filter(pk=code.pk).update(voter_key=None)
    # Redeeming touches neither the key nor the campaign.
    VotingCode.objects.filter(pk=code.pk).update(redeemed_at=timezone.now())
    codes_only = make_campaign(aksu, Phase.VOTING, slug="codes", accepts_iin=False)
    VotingCode.objects.create(campaign=codes_only, code_hash="h")


def test_whether_a_campaign_takes_iins_is_fixed_once_anyone_may_vote(
    voting, aksu, resident
):
    campaign, _ = voting
    empty = make_campaign(aksu, Phase.VOTING, slug="empty")
    Campaign.objects.filter(pk=empty.pk).update(accepts_iin=False)  # no one yet
    codes_only = make_campaign(aksu, Phase.VOTING, slug="codes", accepts_iin=False)
    VotingCode.objects.create(campaign=codes_only, code_hash="h")
    VoterRegistration.objects.create(
        campaign=campaign, user=resident, voter_key="k1", method="iin"
    )
    with_ballot = make_campaign(aksu, Phase.VOTING, slug="paper")
    Ballot.objects.create(campaign=with_ballot, voter_key="k1", channel="paper")
    for changed, takes_iin in (
        (codes_only, True),
        (campaign, False),
        (with_ballot, False),
    ):
        with refused_by("codesign_campaign_verification_fixed"):
            Campaign.objects.filter(pk=changed.pk).update(accepts_iin=takes_iin)
    # Saving the whole row unchanged, or changing the other method, is allowed.
    campaign.save()
    Campaign.objects.filter(pk=campaign.pk).update(accepts_codes=False)


# --- Ballot limits: a constraint trigger, checked at commit -------------------------


def _ballot(campaign, pks, points=None) -> Ballot:
    ballot = Ballot.objects.create(campaign=campaign, voter_key="k1", channel="web")
    BallotChoice.objects.bulk_create(
        BallotChoice(ballot=ballot, proposal_id=pk, points=(points or {}).get(pk, 1))
        for pk in pks
    )
    return ballot


def _hint_of(error: IntegrityError) -> str:
    return diag_of(error).message_hint


def test_approval_ballots_keep_their_maximum(aksu, resident, expert):
    campaign, proposals = on_ballot(
        aksu, resident, expert, costs=(1, 2, 3, 4), max_choices=3
    )
    with refused_by("codesign_ballot_limits"):
        _ballot(campaign, [p.pk for p in proposals])
    with refused_by("codesign_ballot_limits"):
        _ballot(campaign, [proposals[0].pk], points={proposals[0].pk: 2})


def test_knapsack_ballots_keep_within_the_budget(aksu, resident, expert):
    campaign, proposals = on_ballot(
        aksu,
        resident,
        expert,
        costs=(5_000_000, 4_000_000),
        ballot_type="knapsack",
        budget=8_000_000,
        cap=5_000_000,
    )
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        _ballot(campaign, [p.pk for p in proposals])
        check_deferred_now()
    assert _hint_of(caught.value) == "over_budget"


def test_cumulative_ballots_keep_their_points(aksu, resident, expert):
    campaign, proposals = on_ballot(
        aksu, resident, expert, ballot_type="cumulative", max_points=5
    )
    a, b = proposals[0].pk, proposals[1].pk
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        _ballot(campaign, [a, b], points={a: 3, b: 3})
        check_deferred_now()
    assert _hint_of(caught.value) == "too_many_points"
    _ballot(campaign, [a, b], points={a: 3, b: 2})
    check_deferred_now()  # five points are fine


def test_only_projects_on_this_ballot_can_be_chosen(aksu, resident, expert):
    campaign, _ = on_ballot(aksu, resident, expert)
    _other, others = on_ballot(aksu, resident, expert, slug="another-round")
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        _ballot(campaign, [others[0].pk])
        check_deferred_now()
    assert _hint_of(caught.value) == "not_on_ballot"


def test_the_limits_are_checked_at_commit_not_row_by_row(aksu, resident, expert):
    campaign, proposals = on_ballot(aksu, resident, expert, costs=(1, 2, 3, 4))
    with transaction.atomic():
        # Four ticks of at most three, for a moment within the transaction.
        ballot = _ballot(campaign, [p.pk for p in proposals])
        BallotChoice.objects.filter(ballot=ballot, proposal=proposals[3]).delete()
        check_deferred_now()
    assert ballot.choices.count() == 3


def test_later_changes_cannot_break_cast_ballots(aksu, resident, expert):
    campaign, proposals = on_ballot(
        aksu,
        resident,
        expert,
        costs=(5_000_000, 3_000_000),
        ballot_type="knapsack",
        budget=9_000_000,
        cap=6_000_000,
    )
    _ballot(campaign, [p.pk for p in proposals])
    check_deferred_now()
    with refused_by("codesign_ballot_limits"):  # the budget cut under the ballot
        Campaign.objects.filter(pk=campaign.pk).update(budget=7_000_000, cap=6_000_000)
    with refused_by("codesign_ballot_limits"):  # a chosen project made dearer
        Proposal.objects.filter(pk=proposals[1].pk).update(cost=4_500_000)
    with refused_by("codesign_ballot_limits"):  # a chosen project off the ballot
        Proposal.objects.filter(pk=proposals[1].pk).update(
            status="rejected", decision_reason="x"
        )
    # Counting moves projects on (selected, not selected): that is allowed.
    Proposal.objects.filter(pk=proposals[1].pk).update(status="selected")
    check_deferred_now()


def test_a_trigger_refusal_reaches_the_voter_in_words(
    aksu, resident, expert, monkeypatch
):
    """If the Python check is passed by (a race), the trigger's refusal is a 409."""
    from codesign.services import ballots

    campaign, proposals = on_ballot(aksu, resident, expert, costs=(1, 2, 3, 4))
    services.voter_verify_iin(campaign=campaign, user=resident, iin="900101300017")
    monkeypatch.setattr(ballots, "check_choices", lambda campaign, choices: choices)
    with pytest.raises(ActionRefused) as caught:
        ballots.ballot_submit(
            campaign=campaign, user=resident, choices={p.pk: 1 for p in proposals}
        )
    assert caught.value.status == 409
    assert caught.value.code == "too_many_projects"
    assert str(caught.value) == "You may choose at most 3 projects."
    assert not Ballot.objects.filter(campaign=campaign).exists()


# --- Contests: what spans two rows -----------------------------------------------


def test_jurors_score_and_awards_go_only_within_their_contest(aksu, resident, expert):
    mine = make_contest(aksu)
    theirs = make_contest(aksu, slug="another-contest")
    drawing = send(mine, resident)
    stranger = JuryMember.objects.create(contest=theirs, user=expert)
    with refused_by("contest_score_same_contest"):
        JuryScore.objects.bulk_create(
            [JuryScore(drawing=drawing, juror=stranger, score=9)]
        )
    with refused_by("contest_award_same_contest"):
        Award.objects.bulk_create(
            [
                Award(
                    contest=theirs,
                    drawing=drawing,
                    kind="diploma",
                    number=1,
                    awarded_on=dt.date.today(),
                )
            ]
        )
