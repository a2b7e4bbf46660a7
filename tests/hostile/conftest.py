"""The world hostile payloads are sent into: a town, people in their roles, and
the campaign, drawing session, contest and NGO each endpoint needs, built on demand;
and the proof that a refusal stored nothing (row counts and media files)."""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.utils import timezone

from accounts.models import RoleGrant
from accounts.roles import Role
from codesign import services as codesign
from codesign.models import Phase
from community_map.models import CommunityMember, MemberRole
from contest.models import Stage
from tests.codesign.conftest import make_campaign
from tests.community_map.conftest import community_in
from tests.contest.conftest import make_contest
from tests.factories import accepted_in, square

# Tables whose rows are not content: sessions come with signing in, the audit log
# records attempts by design, and the rate limits count every request.
NOT_CONTENT = {"sessions", "contenttypes", "admin", "auth", "audit", "limits"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploads go to a folder of the test's own, so that leftovers can be seen."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


class World:
    """The town and the people and things an endpoint needs, made when first asked."""

    def __init__(self, town: Any, users: Any) -> None:
        self.town = town
        self.users = users

    def _user(self, username: str, **fields: Any) -> Any:
        return self.users.objects.create_user(
            username=username, email=f"{username}@example.kz", password="x", **fields
        )

    def _client(self, user: Any = None) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        if user is not None:
            # Named: the first backend is the login limiter, which owns no users.
            client.force_login(
                user, backend="django.contrib.auth.backends.ModelBackend"
            )
        return client

    @cached_property
    def anonymous(self) -> Client:
        return self._client()

    @cached_property
    def resident(self) -> Any:
        return self._user("hostile-resident", preferred_language="en")

    @cached_property
    def resident_client(self) -> Client:
        return self._client(self.resident)

    @cached_property
    def architect(self) -> Any:
        """The akimat's architect: staff today, and the roles that replace it."""
        user = self._user("hostile-architect", is_staff=True)
        for role in (Role.ARCHITECT, Role.AKIMAT):
            RoleGrant.objects.create(user=user, role=role, town=self.town)
        return user

    @cached_property
    def architect_client(self) -> Client:
        return self._client(self.architect)

    @cached_property
    def campaign(self) -> Any:
        return make_campaign(self.town, Phase.SUBMISSION)

    @cached_property
    def draft(self) -> Any:
        """The resident's own draft proposal, which still takes photos."""
        return codesign.proposal_create(
            campaign=self.campaign,
            author=self.resident,
            title="Benches by the pond",
            description="Three benches facing the water.",
            language="en",
            geometry=accepted_in(self.town, square(76.93, 52.04), ("Polygon",)),
            cost_estimate=2_000_000,
        )

    @cached_property
    def session(self) -> Any:
        today = timezone.localdate()
        return codesign.design_session_create(
            site=self.town.sites.get(slug="neglected-park"),
            slug="hostile",
            titles={"kk": "Саябақ", "ru": "Парк", "en": "The park"},
            starts=today - dt.timedelta(days=3),
            ends=today + dt.timedelta(days=30),
        )

    @cached_property
    def concept(self) -> Any:
        return codesign.concept_create(
            session=self.session, author=self.resident, title="Shady park"
        )

    @cached_property
    def contest(self) -> Any:
        return make_contest(self.town, Stage.SUBMISSION)

    @cached_property
    def ngo(self) -> Any:
        return community_in(self.town, "bereke", kind="ngo", topics=["yards"])

    @cached_property
    def mapper(self) -> Any:
        user = self._user("hostile-mapper")
        CommunityMember.objects.create(
            community=self.ngo, user=user, role=MemberRole.MAPPER
        )
        RoleGrant.objects.create(user=user, role=Role.NGO_MAPPER, town=self.town)
        return user

    @cached_property
    def mapper_client(self) -> Client:
        return self._client(self.mapper)


@pytest.fixture
def world(aksu, django_user_model) -> World:
    return World(aksu, django_user_model)


def _content_tables() -> list[str]:
    tables = []
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label in NOT_CONTENT or not meta.managed or meta.proxy:
            continue
        tables.append(meta.db_table)
    return sorted(set(tables))


def stored_rows() -> dict[str, int]:
    """How many rows every content table holds, in one statement."""
    tables = _content_tables()
    quote = connection.ops.quote_name
    columns = ", ".join(f"(SELECT count(*) FROM {quote(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


def stored_files(root: Path) -> list[str]:
    if not root.exists():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
