"""Accounts: people, towns and role grants made through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from accounts.services import role_grant
from codesign import services as codesign
from tests.factories import TownFactory

PASSWORD = "a-long-password-1"
BACKEND = "django.contrib.auth.backends.ModelBackend"


def person(username: str, **fields) -> User:
    """An account with the test password (and an e-mail made from the name)."""
    fields.setdefault("email", f"{username}@example.kz")
    return User.objects.create_user(username=username, password=PASSWORD, **fields)


def holding(username: str, role: str, **place) -> User:
    """An account holding `role` where `place` says (granted by Birge itself)."""
    user = person(username)
    role_grant(actor=None, user=user, role=role, **place)
    return user


def sign_in(client, user: User):
    """The client, signed in as `user` (the backend named, as the session keeps it)."""
    client.force_login(user, backend=BACKEND)
    return client


@pytest.fixture
def rudny(db):
    return TownFactory(
        slug="rudny", names={"kk": "Рудный", "ru": "Рудный", "en": "Rudny"}
    )


@pytest.fixture
def resident(db):
    return person("aigerim", preferred_language="kk")


@pytest.fixture
def admin(db):
    """An administrator of every town, by role (not a superuser)."""
    return holding("admin", Role.ADMIN)


@pytest.fixture
def aksu_admin(aksu):
    """An administrator of Aksu only."""
    return holding("aksu-admin", Role.ADMIN, town=aksu)


@pytest.fixture
def park_session(aksu):
    """An open design session on Aksu's neglected park."""
    today = timezone.localdate()
    return codesign.design_session_create(
        site=aksu.sites.get(slug="neglected-park"),
        slug="spring",
        titles={"kk": "Саябақ", "ru": "Парк", "en": "The park"},
        starts=today - dt.timedelta(days=3),
        ends=today + dt.timedelta(days=30),
        unit_costs={"playground": 40_000, "bench": 120_000},
    )
