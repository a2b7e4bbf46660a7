"""The powers staff used to have now follow roles, checked in the services and pages.

The admin flag (is_staff) only opens the Django admin: each test also shows that
a staff account without the role is refused.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.roles import Role
from codesign import services as codesign
from codesign.models import Phase, ProposalStatus
from codesign.phases import move_to
from codesign.services import DrawnElement
from community_map.privacy import exact_scope, maps_in_town
from community_map.services.communities import community_create
from contest import services as contest_services
from mapping.models import Site
from mapping.refusals import ActionRefused
from tests.codesign.conftest import IINS, make_campaign, on_ballot, propose
from tests.community_map.conftest import community_in
from tests.contest.conftest import make_contest
from tests.factories import accepted_in, square

from .conftest import holding, person, sign_in


@pytest.fixture
def staff(db):
    return person("staff", is_staff=True)


# --- Budgeting: paper ballots and building progress ---------------------------------


@pytest.fixture
def voting(aksu):
    campaign, proposals = on_ballot(aksu, person("author"), person("expert"))
    return campaign, proposals


@pytest.mark.django_db
def test_the_akimat_of_the_town_enters_paper_ballots(voting, aksu, rudny, staff):
    campaign, proposals = voting
    for refused in (staff, holding("akimat-rudny", Role.AKIMAT, town=rudny)):
        with pytest.raises(ActionRefused) as refusal:
            codesign.paper_ballot_enter(
                campaign=campaign,
                clerk=refused,
                choices={proposals[0].pk: 1},
                iin=IINS[0],
            )
        assert refusal.value.status == 403
    clerk = holding("clerk", Role.AKIMAT, town=aksu)
    ballot = codesign.paper_ballot_enter(
        campaign=campaign, clerk=clerk, choices={proposals[0].pk: 1}, iin=IINS[0]
    )
    assert ballot.entered_by == clerk


@pytest.mark.django_db
def test_only_the_akimat_sees_the_paper_ballot_page_and_its_link(
    client, voting, aksu, staff
):
    campaign, _proposals = voting
    kwargs = {"town": "aksu", "slug": campaign.slug}
    page = reverse("codesign:paper-ballot", kwargs=kwargs)
    sign_in(client, staff)
    assert client.get(page).status_code == 404
    assert (
        page not in client.get(reverse("codesign:vote", kwargs=kwargs)).content.decode()
    )
    sign_in(client, holding("clerk", Role.AKIMAT, town=aksu))
    assert client.get(page).status_code == 200
    assert page in client.get(reverse("codesign:vote", kwargs=kwargs)).content.decode()


@pytest.fixture
def winner(aksu):
    """A selected proposal of a campaign now being built."""
    author = person("author")
    expert = person("expert")
    campaign = make_campaign(aksu, Phase.SUBMISSION)
    codesign.council_member_add(campaign=campaign, user=expert)
    proposal = propose(campaign, author)
    campaign = move_to(campaign, Phase.REVIEW)
    codesign.proposal_accept(proposal=proposal, reviewer=expert)
    campaign = move_to(campaign, Phase.VOTING)
    codesign.voting_open(campaign=campaign)
    codesign.voter_verify_iin(campaign=campaign, user=author, iin=IINS[0])
    codesign.ballot_submit(campaign=campaign, user=author, choices={proposal.pk: 1})
    campaign = move_to(campaign, Phase.COUNTING)
    codesign.results_publish(campaign=campaign)
    move_to(campaign, Phase.IMPLEMENTATION)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SELECTED
    return proposal


@pytest.mark.django_db
def test_the_akimat_reports_building_progress(client, winner, aksu, rudny, staff):
    for refused in (staff, holding("akimat-rudny", Role.AKIMAT, town=rudny)):
        with pytest.raises(ActionRefused) as refusal:
            codesign.proposal_start_work(proposal=winner, user=refused)
        assert refusal.value.status == 403
    akimat = holding("akimat", Role.AKIMAT, town=aksu)
    assert codesign.proposal_start_work(proposal=winner, user=akimat).status == (
        ProposalStatus.IN_PROGRESS
    )
    codesign.progress_note_add(proposal=winner, user=akimat, text="Foundations laid.")
    # The page offers the progress form to the akimat only.
    url = winner.get_absolute_url()
    assert (
        'name="action" value="progress"'
        not in sign_in(client, staff).get(url).content.decode()
    )
    page = sign_in(client, akimat).get(url).content.decode()
    assert 'name="action" value="progress"' in page and "Foundations laid." in page


# --- Co-design: the official plan ----------------------------------------------------


def plan(aksu) -> list[DrawnElement]:
    return [
        DrawnElement(
            "bench",
            accepted_in(aksu, square(76.9305, 52.0405, 0.0002), ("Point", "Polygon")),
        )
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.ARCHITECT, Role.AKIMAT])
def test_the_towns_architects_and_akimat_upload_the_official_plan(
    client, park_session, aksu, role
):
    uploader = holding("planner", role, town=aksu)
    url = reverse(
        "codesign:official-upload",
        kwargs={"town": "aksu", "site": "neglected-park", "session": "spring"},
    )
    assert sign_in(client, uploader).get(url).status_code == 200
    concept = codesign.concept_create(
        session=park_session, author=uploader, title="Plan", official=True
    )
    assert concept.official


@pytest.mark.django_db
def test_others_do_not_upload_the_official_plan(client, park_session, rudny, staff):
    url = reverse(
        "codesign:official-upload",
        kwargs={"town": "aksu", "site": "neglected-park", "session": "spring"},
    )
    for refused in (staff, holding("architect-rudny", Role.ARCHITECT, town=rudny)):
        assert sign_in(client, refused).get(url).status_code == 404
        with pytest.raises(ActionRefused) as refusal:
            codesign.concept_create(
                session=park_session, author=refused, title="Plan", official=True
            )
        assert refusal.value.status == 403


# --- Mapping: sites ------------------------------------------------------------------


def add_site(user):
    api = APIClient()
    api.force_authenticate(user)
    return api.post(
        "/api/v1/towns/aksu/sites/",
        {
            "name_kk": "Аула",
            "name_ru": "Двор",
            "name_en": "Courtyard",
            "geometry": square(76.935, 52.045),
        },
        format="json",
    )


@pytest.mark.django_db
def test_the_towns_architects_and_akimat_add_sites(aksu, rudny, staff):
    assert add_site(staff).status_code == 403
    assert (
        add_site(holding("architect-rudny", Role.ARCHITECT, town=rudny)).status_code
        == 403
    )
    assert add_site(holding("architect", Role.ARCHITECT, town=aksu)).status_code == 201
    assert add_site(holding("akimat", Role.AKIMAT, town=aksu)).status_code == 201
    assert Site.objects.filter(town=aksu).count() == 3  # the park and two courtyards


# --- Community map: exact places of concerns ----------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.MODERATOR, Role.AKIMAT])
def test_moderators_and_the_akimat_see_every_concern_exactly(aksu, rudny, role):
    overseer = holding("overseer", role, town=aksu)
    assert exact_scope(overseer, aksu.pk).children == [("town_id", aksu.pk)]
    assert maps_in_town(overseer, aksu.pk)
    assert not maps_in_town(overseer, rudny.pk)
    community = community_in(aksu, "bereke")
    assert overseer.has_perm("community_map.change_community", community)


@pytest.mark.django_db
def test_an_ngo_mapper_by_role_starts_communities_but_sees_only_its_own(aksu, staff):
    mapper = holding("ngo", Role.NGO_MAPPER, town=aksu)
    other = community_in(aksu, "other")
    assert maps_in_town(mapper, aksu.pk)
    assert not mapper.has_perm("community_map.change_community", other)
    assert exact_scope(mapper, aksu.pk).children == [("pk__in", [])]
    mine = community_create(actor=mapper, town=aksu, names={"ru": "Своя"}, kind="ngo")
    assert mapper.has_perm("community_map.change_community", mine)
    assert not maps_in_town(staff, aksu.pk)
    assert not staff.has_perm("community_map.change_community", other)


# --- Contest: organisers --------------------------------------------------------------


@pytest.mark.django_db
def test_a_town_admin_organises_its_contests(aksu, rudny, staff):
    contest = make_contest(aksu)
    assert holding("admin", Role.ADMIN, town=aksu).has_perm("contest.organise", contest)
    assert not holding("admin-rudny", Role.ADMIN, town=rudny).has_perm(
        "contest.organise", contest
    )
    assert not staff.has_perm("contest.organise", contest)
    assert not staff.has_perm("contest.see_ranking", contest)
    with pytest.raises(ActionRefused):
        contest_services.awards_grant(contest=contest, by=staff, diplomas=1)
