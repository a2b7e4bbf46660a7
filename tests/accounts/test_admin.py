"""Roles in the Django admin: the grant's own page and the inline on a person."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.models import RoleGrant
from accounts.roles import Role, has_role
from audit.models import AuditEntry

from .conftest import holding, person, sign_in


@pytest.fixture
def root(db):
    return person("root", is_staff=True, is_superuser=True)


def inline_data(user, rows: list[dict], deleted: Sequence[RoleGrant] = ()) -> dict:
    """The person's change form as the admin posts it: new role rows, rows deleted."""
    data = {
        "username": user.username,
        "email": user.email,
        "preferred_language": "",
        "is_active": "on",
        "date_joined_0": "2025-01-01",
        "date_joined_1": "10:00:00",
        "role_grants-TOTAL_FORMS": str(len(deleted) + len(rows)),
        "role_grants-INITIAL_FORMS": str(len(deleted)),
        "role_grants-MIN_NUM_FORMS": "0",
        "role_grants-MAX_NUM_FORMS": "1000",
    }
    for i, grant in enumerate(deleted):
        data[f"role_grants-{i}-id"] = str(grant.pk)
        data[f"role_grants-{i}-user"] = str(user.pk)
        data[f"role_grants-{i}-DELETE"] = "on"
    for i, row in enumerate(rows, start=len(deleted)):
        data[f"role_grants-{i}-user"] = str(user.pk)
        for key, value in row.items():
            data[f"role_grants-{i}-{key}"] = value
    return data


@pytest.mark.django_db
def test_a_role_added_in_the_admin_is_granted_and_logged_with_its_address(
    client, root, aksu
):
    url = reverse("admin:accounts_rolegrant_add")
    bolat = person("bolat")
    response = sign_in(client, root).post(
        url,
        {"user": bolat.pk, "role": "moderator", "town": aksu.pk},
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 302
    assert has_role(bolat, Role.MODERATOR, town=aksu)
    entry = AuditEntry.objects.get(action="role.grant", target_id=str(bolat.pk))
    assert entry.actor == root and entry.address == "10.1.2.3"
    assert entry.data["town"] == "aksu"


@pytest.mark.django_db
def test_a_role_deleted_in_the_admin_is_revoked_and_logged(client, root, aksu):
    bolat = holding("bolat", Role.ARCHITECT, town=aksu)
    grant = RoleGrant.objects.get(user=bolat)
    url = reverse("admin:accounts_rolegrant_delete", args=[grant.pk])
    response = sign_in(client, root).post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not has_role(bolat, Role.ARCHITECT, town=aksu)
    assert AuditEntry.objects.get(action="role.revoke").actor == root


@pytest.mark.django_db
def test_a_grant_is_never_edited_in_place(client, root, aksu):
    bolat = holding("bolat", Role.ARCHITECT, town=aksu)
    grant = RoleGrant.objects.get(user=bolat)
    url = reverse("admin:accounts_rolegrant_change", args=[grant.pk])
    sign_in(client, root).post(
        url, {"user": bolat.pk, "role": "admin", "town": aksu.pk}
    )
    grant.refresh_from_db()
    assert grant.role == "architect"


@pytest.mark.django_db
def test_the_persons_page_grants_and_revokes_roles_through_the_services(
    client, root, aksu
):
    bolat = holding("bolat", Role.ARCHITECT, town=aksu)
    old = RoleGrant.objects.get(user=bolat)
    url = reverse("admin:accounts_user_change", args=[bolat.pk])
    sign_in(client, root)
    assert client.get(url).status_code == 200
    response = client.post(
        url, inline_data(bolat, [{"role": "akimat", "town": str(aksu.pk)}], [old])
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert has_role(bolat, Role.AKIMAT, town=aksu)
    assert not RoleGrant.objects.filter(pk=old.pk).exists()
    actions = set(
        AuditEntry.objects.filter(actor=root).values_list("action", flat=True)
    )
    assert {"role.grant", "role.revoke"} <= actions


@pytest.mark.django_db
def test_a_town_admin_cannot_grant_in_another_town_from_the_admin(client, aksu, rudny):
    clerk = holding("aksu-admin", Role.ADMIN, town=aksu)
    clerk.is_staff = True
    clerk.save()
    clerk.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_rolegrant", "view_rolegrant"])
    )
    bolat = person("bolat")
    url = reverse("admin:accounts_rolegrant_add")
    response = sign_in(client, clerk).post(
        url, {"user": bolat.pk, "role": "moderator", "town": rudny.pk}
    )
    assert response.status_code == 200  # the form again, with the reason
    assert "Only an administrator of this town" in response.content.decode()
    assert not RoleGrant.objects.filter(user=bolat).exists()
    response = client.post(
        url, {"user": bolat.pk, "role": "moderator", "town": aksu.pk}
    )
    assert response.status_code == 302
    assert has_role(bolat, Role.MODERATOR, town=aksu)
