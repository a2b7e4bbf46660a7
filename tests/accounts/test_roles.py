"""Granting and revoking roles: who may, where, once, and the audit log of it."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from accounts.models import RoleGrant
from accounts.roles import Role, has_role
from accounts.services import role_grant, role_revoke
from audit.models import AuditEntry
from codesign import services as codesign
from codesign.models import Phase
from mapping.refusals import ActionRefused
from tests.codesign.conftest import make_campaign

from .conftest import holding, person


def entries(action: str, about=None) -> list[AuditEntry]:
    """The audit log's entries of one action (about one person, if given)."""
    found = AuditEntry.objects.filter(action=action).order_by("id")
    if about is not None:
        found = found.filter(target_id=str(about.pk))
    return list(found)


@pytest.mark.django_db
def test_an_admin_grants_a_role_in_a_town_and_the_log_says_so(admin, aksu):
    bolat = person("bolat")
    grant = role_grant(actor=admin, user=bolat, role=Role.MODERATOR, town=aksu)
    assert grant.granted_by == admin
    assert has_role(bolat, Role.MODERATOR, town=aksu)
    (entry,) = entries("role.grant", bolat)
    assert entry.actor == admin
    assert entry.target_id == str(bolat.pk)
    assert entry.data == {
        "grant": grant.pk,
        "role": "moderator",
        "town": "aksu",
        "campaign": None,
        "session": None,
    }


@pytest.mark.django_db
def test_granting_twice_keeps_one_grant_and_one_entry(admin, aksu):
    bolat = person("bolat")
    first = role_grant(actor=admin, user=bolat, role=Role.ARCHITECT, town=aksu)
    second = role_grant(actor=admin, user=bolat, role=Role.ARCHITECT, town=aksu)
    assert first.pk == second.pk
    assert RoleGrant.objects.filter(user=bolat).count() == 1
    assert len(entries("role.grant", bolat)) == 1


@pytest.mark.django_db
def test_revoking_takes_the_role_back_once(admin, aksu):
    bolat = holding("bolat", Role.AKIMAT, town=aksu)
    assert role_revoke(actor=admin, user=bolat, role=Role.AKIMAT, town=aksu)
    assert not has_role(bolat, Role.AKIMAT, town=aksu)
    assert not role_revoke(actor=admin, user=bolat, role=Role.AKIMAT, town=aksu)
    (entry,) = entries("role.revoke")
    assert entry.actor == admin and entry.data["role"] == "akimat"
    assert entry.data["town"] == "aksu"


@pytest.mark.django_db
def test_people_who_are_not_admins_cannot_grant_roles(aksu):
    moderator = holding("moderator", Role.MODERATOR, town=aksu)
    staff = person("staff", is_staff=True)  # the admin flag alone grants nothing
    for actor in (moderator, staff):
        with pytest.raises(ActionRefused) as refused:
            role_grant(actor=actor, user=person(f"x-{actor.pk}"), role="moderator")
        assert refused.value.status == 403
    assert len(entries("role.grant")) == 1  # the moderator's own grant only


@pytest.mark.django_db
def test_a_town_admin_grants_in_their_town_only(aksu_admin, aksu, rudny):
    bolat = person("bolat")
    role_grant(actor=aksu_admin, user=bolat, role=Role.MODERATOR, town=aksu)
    with pytest.raises(ActionRefused) as refused:
        role_grant(actor=aksu_admin, user=bolat, role=Role.MODERATOR, town=rudny)
    assert refused.value.status == 403
    with pytest.raises(ActionRefused):  # nor everywhere
        role_grant(actor=aksu_admin, user=bolat, role=Role.MODERATOR)
    assert not has_role(bolat, Role.MODERATOR, town=rudny)


@pytest.mark.django_db
def test_a_town_admin_grants_for_a_campaign_of_their_town(aksu_admin, aksu):
    campaign = make_campaign(aksu, Phase.REVIEW)
    bolat = person("bolat")
    role_grant(actor=aksu_admin, user=bolat, role=Role.AKIMAT, campaign=campaign)
    assert has_role(bolat, Role.AKIMAT, campaign=campaign)
    assert not has_role(bolat, Role.AKIMAT, town=aksu)  # the campaign only
    entry = entries("role.grant")[-1]
    assert entry.data["campaign"] == campaign.pk and entry.data["town"] == "aksu"


@pytest.mark.django_db
def test_superusers_and_global_admins_grant_everywhere(admin, aksu, rudny):
    root = person("root", is_superuser=True)
    role_grant(actor=root, user=person("a"), role=Role.ARCHITECT)
    role_grant(actor=admin, user=person("b"), role=Role.ARCHITECT, town=rudny)
    assert len(entries("role.grant")) == 3  # with the fixture's own


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["resident", "mayor", ""])
def test_unknown_roles_are_refused(admin, role):
    with pytest.raises(ActionRefused) as refused:
        role_grant(actor=admin, user=person("bolat"), role=role)
    assert refused.value.status == 400 and refused.value.code == "unknown_role"


@pytest.mark.django_db
def test_a_role_is_for_one_campaign_or_session_not_both(admin, aksu, park_session):
    campaign = make_campaign(aksu, Phase.REVIEW)
    with pytest.raises(ActionRefused) as refused:
        role_grant(
            actor=admin,
            user=person("bolat"),
            role=Role.AKIMAT,
            campaign=campaign,
            session=park_session,
        )
    assert refused.value.code == "two_scopes"


@pytest.mark.django_db
def test_a_campaign_of_another_town_is_refused(admin, aksu, rudny):
    campaign = make_campaign(aksu, Phase.REVIEW)
    with pytest.raises(ActionRefused) as refused:
        role_grant(
            actor=admin,
            user=person("bolat"),
            role=Role.AKIMAT,
            town=rudny,
            campaign=campaign,
        )
    assert refused.value.code == "other_town"


@pytest.mark.django_db
def test_council_seats_are_logged_as_role_changes(admin, aksu):
    campaign = make_campaign(aksu, Phase.REVIEW)
    expert = person("expert")
    codesign.council_member_add(
        campaign=campaign, user=expert, affiliation="Akimat", actor=admin
    )
    codesign.council_member_add(campaign=campaign, user=expert, actor=admin)
    grant = entries("role.grant")[-1]
    assert grant.actor == admin and grant.target_id == str(expert.pk)
    assert grant.data["role"] == "council" and grant.data["campaign"] == campaign.pk
    assert len([e for e in entries("role.grant") if e.data["role"] == "council"]) == 1
    assert codesign.council_member_remove(campaign=campaign, user=expert, actor=admin)
    assert not has_role(expert, Role.COUNCIL, campaign=campaign)
    (revoke,) = entries("role.revoke")
    assert revoke.data["role"] == "council" and revoke.actor == admin


@pytest.mark.django_db
def test_only_admins_seat_the_council(aksu):
    campaign = make_campaign(aksu, Phase.REVIEW)
    moderator = holding("moderator", Role.MODERATOR, town=aksu)
    with pytest.raises(ActionRefused):
        codesign.council_member_add(
            campaign=campaign, user=person("expert"), actor=moderator
        )
    assert not campaign.council.exists()


@pytest.mark.django_db
def test_the_command_grants_and_revokes_through_the_service(admin, aksu):
    person("bolat", email="bolat@example.kz")
    out = io.StringIO()
    call_command(
        "grant_role",
        "bolat@example.kz",
        "architect",
        "--town",
        "aksu",
        "--by",
        "admin",
        stdout=out,
    )
    assert "granted" in out.getvalue()
    assert entries("role.grant")[-1].actor == admin
    call_command(
        "grant_role",
        "bolat",
        "architect",
        "--town",
        "aksu",
        "--revoke",
        "--by",
        "admin",
        stdout=out,
    )
    assert entries("role.revoke")[-1].data["role"] == "architect"


@pytest.mark.django_db
def test_the_command_refuses_what_the_service_refuses(aksu):
    person("bolat")
    holding("moderator", Role.MODERATOR, town=aksu)
    with pytest.raises(CommandError, match="administrator"):
        call_command("grant_role", "bolat", "akimat", "--by", "moderator")
    with pytest.raises(CommandError, match="no town"):
        call_command("grant_role", "bolat", "akimat", "--town", "nowhere")
