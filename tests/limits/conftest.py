"""Realistic limits, small enough to count to, and the people who run into them."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.roles import Role
from accounts.services import role_grant
from tests.codesign.conftest import campaign, resident  # noqa: F401 (fixtures)
from tests.codesign.test_design_pages import concept, design, park  # noqa: F401

SITES = "/api/v1/towns/aksu/sites/"
CHECK = "/api/v1/towns/aksu/geometry/check/"
PASSWORD = "a-long-enough-password-7"


@pytest.fixture
def limits_on(settings):
    """The suite's limits are far away; these are close enough to reach."""
    settings.BIRGE_RATE_LIMITS = {
        "write": {"account": "3/h", "address": "5/h"},
        "login": {"account": "100/h", "address": "100/h"},
        "upload": {"account": "2/h", "address": "100/h"},
        "signup": {"address": "1/h"},
        "password_reset": {"account": "1/h", "address": "100/h"},
        "flag": "100/h",
        "vote": "100/h",
    }
    settings.BIRGE_LOGIN_LOCKOUT = {
        "after": 3,
        "first": 120,
        "longest": 480,
        "forget": 86400,
    }
    return settings


def site_body(n: int) -> dict:
    """A small new site in Aksu, named apart from the others."""
    lon = 76.91 + n * 0.003
    return {
        "name_kk": f"Аула {n}",
        "name_ru": f"Двор {n}",
        "name_en": f"Courtyard {n}",
        "geometry": {
            "type": "Polygon",
            "coordinates": [
                [
                    [lon, 52.03],
                    [lon + 0.001, 52.03],
                    [lon + 0.001, 52.031],
                    [lon, 52.03],
                ]
            ],
        },
    }


@pytest.fixture
def architects(aksu, django_user_model):
    """Two architects of Aksu, each signed in (a session, as a browser has)."""
    clients = []
    for name in ("asel", "bolat"):
        user = django_user_model.objects.create_user(username=name, password="x")
        role_grant(actor=None, user=user, role=Role.ARCHITECT, town=aksu)
        client = APIClient()
        client.force_login(user)
        clients.append(client)
    return clients


@pytest.fixture
def person(django_user_model):
    """A resident who signs in with a password."""
    return django_user_model.objects.create_user(
        username="dana", email="dana@example.kz", password=PASSWORD
    )
