"""The Aksu budgeting demo: every phase to see, real places, three languages."""

from __future__ import annotations

import datetime as dt
import io
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum

from accounts.roles import Role, has_role
from codesign import demo as budgeting_demo
from codesign.identity import clean_iin
from codesign.models import (
    Campaign,
    Phase,
    ProgressNote,
    Proposal,
    ProposalStatus,
    ProposalVersion,
)
from mapping.demo import load_demo
from mapping.models import Town


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The geographic demo, then the budgeting demo, loaded once for the module.

    Loaded inside a transaction that is rolled back afterwards; each test runs in a
    savepoint of it, so what one test changes the next does not see.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        out = io.StringIO()
        started = time.perf_counter()
        counts = budgeting_demo.load(stdout=out)
        print(f"budgeting demo loaded in {time.perf_counter() - started:.1f} s")
        yield counts, out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def aksu(loaded, db):
    return Town.objects.get(slug="aksu")


@pytest.fixture
def campaigns(aksu):
    return {c.phase: c for c in Campaign.objects.filter(town=aksu)}


def test_every_phase_has_a_campaign_to_visit(campaigns):
    assert set(campaigns) == {
        Phase.SUBMISSION,
        Phase.REVIEW,
        Phase.VOTING,
        Phase.IMPLEMENTATION,
        Phase.FINISHED,
    }
    for campaign in campaigns.values():
        assert campaign.slug.startswith(f"tugan-qala-{campaign.submission_start.year}-")
    assert (
        budgeting_demo.labels(dt.date(2026, 11, 21))[0][0] == "tugan-qala-2026-autumn"
    )


def test_loading_twice_adds_nothing_and_keeps_edits(campaigns):
    voting = campaigns[Phase.VOTING]
    Campaign.objects.filter(pk=voting.pk).update(title_en="Edited by a moderator")
    rows = (Campaign.objects.count(), Proposal.objects.count())
    again = budgeting_demo.load(stdout=io.StringIO())
    assert sum(again.values()) == 0
    assert (Campaign.objects.count(), Proposal.objects.count()) == rows
    voting.refresh_from_db()
    assert voting.title_en == "Edited by a moderator"


def test_texts_are_in_kazakh_russian_and_english(campaigns):
    for campaign in campaigns.values():
        for code in ("kk", "ru", "en"):
            assert getattr(campaign, f"title_{code}"), (campaign.slug, code)
            assert getattr(campaign, f"description_{code}"), (campaign.slug, code)
        year = str(campaign.submission_start.year)
        assert year in campaign.title_kk and year in campaign.title_en
        assert campaign.categories.count() == 6
        assert campaign.criteria.count() == 3
        for row in [*campaign.categories.all(), *campaign.criteria.all()]:
            assert row.name_kk and row.name_ru and row.name_en


def test_every_proposal_lies_in_an_aksu_district(aksu):
    proposals = Proposal.objects.filter(campaign__town=aksu)
    assert proposals.count() >= 5 * 10
    for proposal in proposals.select_related("district"):
        assert proposal.district is not None, proposal
        assert proposal.district.town_id == aksu.pk
        assert aksu.boundary.contains(proposal.geometry), proposal
        assert proposal.district.boundary.intersects(proposal.geometry), proposal
    kinds = {p.geometry.geom_type for p in proposals}
    assert kinds == {"Point", "LineString", "Polygon"}


def test_residents_write_in_kazakh_and_russian(aksu):
    languages = set(
        Proposal.objects.filter(campaign__town=aksu).values_list("language", flat=True)
    )
    assert {"kk", "ru"} <= languages


def test_review_campaign_shows_the_councils_work(campaigns):
    review = campaigns[Phase.REVIEW]
    statuses = set(review.proposals.values_list("status", flat=True))
    assert {
        ProposalStatus.SUBMITTED,
        ProposalStatus.IN_REVIEW,
        ProposalStatus.CHANGES_REQUESTED,
        ProposalStatus.ACCEPTED,
        ProposalStatus.REJECTED,
    } <= statuses
    for proposal in review.proposals.filter(status=ProposalStatus.REJECTED):
        assert proposal.decision_reason
    revised = ProposalVersion.objects.filter(
        proposal__campaign=review, changed__contains=["cost"]
    ).exclude(reason="")
    assert revised.exists()  # the council's cost revision, with its reason
    over_cap = review.proposals.filter(cost_estimate__gt=review.cap)
    assert over_cap.exists()


def test_voting_campaign_has_ballots_and_printed_codes(loaded, campaigns):
    _counts, output = loaded
    voting = campaigns[Phase.VOTING]
    assert 150 <= voting.ballots.count() <= 400
    assert voting.voting_codes.filter(redeemed_at__isnull=True).count() == 20
    # The campaign takes IINs: each code was issued to a person, none to no one.
    assert not voting.voting_codes.filter(voter_key__isnull=True).exists()
    assert voting.voting_codes.filter(issued_by__username="akimat").count() == 20
    assert output.count("-") >= 20  # codes print as XXXXX-XXXXX


def test_results_fund_projects_within_the_budget(campaigns):
    for phase in (Phase.IMPLEMENTATION, Phase.FINISHED):
        campaign = campaigns[phase]
        funded = campaign.results.filter(funded=True)
        assert funded.count() >= 3
        spent = funded.aggregate(s=Sum("proposal__cost"))["s"]
        assert spent <= campaign.budget
        assert campaign.results.filter(funded=False).exists()
        votes = sorted(campaign.results.values_list("votes", flat=True))
        assert votes[-1] >= 3 * max(votes[len(votes) // 2], 1) // 2  # clear leaders


def test_winners_are_being_built_or_built(campaigns):
    current = campaigns[Phase.IMPLEMENTATION].proposals
    assert current.filter(status=ProposalStatus.IN_PROGRESS).exists()
    assert current.filter(status=ProposalStatus.BUILT).exists()
    finished = campaigns[Phase.FINISHED].proposals
    assert not finished.filter(
        status__in=[ProposalStatus.SELECTED, ProposalStatus.IN_PROGRESS]
    ).exists()
    built = finished.filter(status=ProposalStatus.BUILT)
    assert built.exists()
    assert ProgressNote.objects.filter(proposal__in=built).count() >= built.count()


def test_history_is_dated_inside_each_phase(campaigns):
    finished = campaigns[Phase.FINISHED]
    first = finished.proposals.order_by("submitted_at").first()
    assert finished.submission_start <= first.submitted_at.date()
    assert first.submitted_at.date() <= finished.submission_end
    ballot = finished.ballots.order_by("created").last()
    assert ballot.created.date() <= finished.voting_end


def test_demo_accounts_sign_in_and_others_cannot(campaigns):
    users = get_user_model().objects
    resident = users.get(username="resident")
    assert resident.check_password(budgeting_demo.DEMO_PASSWORD)
    assert resident.preferred_language == "kk"
    aksu = Town.objects.get(slug="aksu")
    assert has_role(users.get(username="akimat"), Role.AKIMAT, town=aksu)
    expert = users.get(username="expert")
    for campaign in campaigns.values():
        assert campaign.council.filter(user=expert).exists()
    assert not users.get(username="erlan.zhumabaev").has_usable_password()
    assert resident.proposals.filter(status=ProposalStatus.SUBMITTED).exists()


def test_demo_iins_are_valid_and_distinct():
    iins = [budgeting_demo.demo_iin(n) for n in range(1, 401)]
    assert len(set(iins)) == len(iins)
    assert all(clean_iin(iin) == iin for iin in iins)


def test_the_command_loads_it_after_the_towns(aksu):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Demo data: added 0 towns")
    assert any(line.startswith("Budgeting demo: added nothing") for line in lines)


def test_the_neglected_park_has_the_plan_workshops_and_varied_concepts(aksu):
    from codesign.analysis import session_analysis
    from codesign.models import Concept, DesignSession

    session = DesignSession.objects.get(
        site__slug="aksu-neglected-park", slug="tugan-qala-forum"
    )
    concepts = Concept.objects.filter(session=session)
    assert concepts.filter(official=True).count() == 1
    assert concepts.exclude(team="").count() == 2  # the forum's two workshops
    assert concepts.filter(official=False, team="").count() == 12
    assert all(c.versions.filter(submitted_at__isnull=False).exists() for c in concepts)
    result = session_analysis(session).result
    similarity = sorted(row["overall"] for row in result["vs_official"].values())
    print("similarity to the plan:", similarity, "families:", result["families"])
    # Varied: some close to the plan (as the forum found), some far from it.
    assert similarity[-1] > 0.6 and similarity[0] < 0.4
    workshops = concepts.exclude(team="")
    for workshop in workshops:
        assert result["vs_official"][str(workshop.pk)]["overall"] > 0.55
    assert 2 <= len(result["families"]) < 14
    assert result["agreement"]["agreed"] > 0.3
