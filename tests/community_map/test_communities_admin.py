"""The admin pages of the community map open, with the local map widget."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_the_admin_pages_open_without_a_cdn(client, django_user_model, ngo, record):
    boss = django_user_model.objects.create_superuser("boss", "b@example.org", "x")
    client.force_login(boss)
    concern = record()
    for path in [
        "community/",
        f"community/{ngo.pk}/change/",
        "community/add/",
        "communitylink/",
        f"concern/?town__id__exact={ngo.town_id}&category__exact=heating",
        f"concern/{concern.pk}/change/",
        "concernimport/",
    ]:
        response = client.get(f"/en/admin/community_map/{path}")
        assert response.status_code == 200, path
        assert "cdn.jsdelivr" not in response.content.decode()
        assert "openlayers.org" not in response.content.decode()


@pytest.mark.django_db
def test_imports_are_read_only_in_the_admin(client, django_user_model):
    boss = django_user_model.objects.create_superuser("boss", "b@example.org", "x")
    client.force_login(boss)
    assert client.get("/en/admin/community_map/concernimport/add/").status_code == 403
