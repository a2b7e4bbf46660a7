"""The named predicates: each role where an object is, per town, campaign, session."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.places import town_of
from accounts.roles import Role
from accounts.rules import (
    is_admin,
    is_akimat,
    is_architect,
    is_moderator,
    is_ngo_mapper,
)
from codesign import services as codesign
from codesign.models import Phase
from community_map.models import CommunityMember, MemberRole
from community_map.services.concerns import concern_record
from tests.codesign.conftest import make_campaign, propose
from tests.community_map.conftest import community_in
from tests.contest.conftest import make_contest, send
from tests.factories import accepted_in

from .conftest import holding, person

PREDICATES = {
    Role.MODERATOR: is_moderator,
    Role.ARCHITECT: is_architect,
    Role.AKIMAT: is_akimat,
    Role.NGO_MAPPER: is_ngo_mapper,
    Role.ADMIN: is_admin,
}


@pytest.fixture
def things(aksu, park_session):
    """One object of each kind, all in Aksu."""
    author = person("author")
    campaign = make_campaign(aksu, Phase.SUBMISSION)
    community = community_in(aksu, "bereke")
    mapper = person("mapper")
    CommunityMember.objects.create(
        community=community, user=mapper, role=MemberRole.MAPPER
    )
    concern = concern_record(
        recorder=mapper,
        community=community,
        category="heating",
        source="hotline",
        text="No heating in the flats since Monday.",
        reported_on=dt.date(2025, 1, 15),
        location=accepted_in(
            aksu, {"type": "Point", "coordinates": [76.915, 52.045]}, ("Point",)
        ),
    )
    contest = make_contest(aksu)
    return {
        "town": aksu,
        "site": aksu.sites.get(slug="neglected-park"),
        "campaign": campaign,
        "proposal": propose(campaign, author),
        "session": park_session,
        "concept": codesign.concept_create(
            session=park_session, author=author, title="Shade"
        ),
        "community": community,
        "concern": concern,
        "contest": contest,
        "drawing": send(contest, person("parent")),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(PREDICATES))
def test_a_role_in_aksu_holds_for_everything_in_aksu_only(role, things, rudny):
    predicate = PREDICATES[role]
    in_aksu = holding(f"{role}-aksu", role, town=things["town"])
    in_rudny = holding(f"{role}-rudny", role, town=rudny)
    nobody = person(f"{role}-none")
    for kind, obj in things.items():
        assert town_of(obj) == things["town"], kind
        assert predicate(in_aksu, obj), kind
        assert not predicate(in_rudny, obj), kind
        assert not predicate(nobody, obj), kind
    assert predicate(in_rudny, rudny)
    # Asked about no object, only grants for every town count.
    assert not predicate(in_aksu)


@pytest.mark.django_db
def test_a_moderator_of_aksu_is_not_a_moderator_of_rudny(aksu, rudny):
    moderator = holding("moderator", Role.MODERATOR, town=aksu)
    assert is_moderator(moderator, aksu)
    assert not is_moderator(moderator, rudny)
    assert not is_architect(moderator, aksu)  # one role is not another


@pytest.mark.django_db
def test_a_grant_for_every_town_holds_in_each(aksu, rudny):
    architect = holding("architect", Role.ARCHITECT)
    assert is_architect(architect, aksu) and is_architect(architect, rudny)
    assert is_architect(architect)


@pytest.mark.django_db
def test_admins_and_superusers_hold_every_role(aksu, rudny):
    admin = holding("admin", Role.ADMIN, town=aksu)
    root = person("root", is_superuser=True)
    for predicate in PREDICATES.values():
        assert predicate(admin, aksu) and not predicate(admin, rudny)
        assert predicate(root, aksu) and predicate(root, rudny)


@pytest.mark.django_db
def test_staff_without_a_role_hold_none(aksu):
    staff = person("staff", is_staff=True)
    assert not any(predicate(staff, aksu) for predicate in PREDICATES.values())


@pytest.mark.django_db
def test_a_campaign_grant_holds_for_its_proposals_not_the_town(aksu):
    campaign = make_campaign(aksu, Phase.SUBMISSION)
    other = make_campaign(aksu, Phase.SUBMISSION, slug="another")
    akimat = holding("akimat", Role.AKIMAT, campaign=campaign)
    proposal = propose(campaign, person("author"))
    assert is_akimat(akimat, campaign) and is_akimat(akimat, proposal)
    assert not is_akimat(akimat, other)
    assert not is_akimat(akimat, aksu)


@pytest.mark.django_db
def test_a_session_grant_holds_for_its_concepts(aksu, park_session):
    architect = holding("architect", Role.ARCHITECT, session=park_session)
    concept = codesign.concept_create(
        session=park_session, author=person("author"), title="Shade"
    )
    assert is_architect(architect, park_session) and is_architect(architect, concept)
    assert not is_architect(architect, aksu)


@pytest.mark.django_db
def test_switched_off_accounts_and_visitors_hold_nothing(aksu):
    from django.contrib.auth.models import AnonymousUser

    admin = holding("admin", Role.ADMIN)
    admin.is_active = False
    admin.save()
    assert not is_admin(admin, aksu)
    assert not is_moderator(AnonymousUser(), aksu)
