"""People with and without moderator grants, and public content of every kind.

Aksu (the root conftest's town) has a campaign in submission with one submitted
proposal by ``author``; ``moderator`` moderates Aksu, ``elsewhere`` moderates
another town, ``chief`` moderates every town.
"""

from __future__ import annotations

import pytest
from django.utils.translation import trans_real

from accounts.models import RoleGrant
from accounts.roles import Role
from codesign.models import Phase
from moderation import services
from tests.codesign.conftest import make_campaign, propose
from tests.factories import TownFactory

ADDRESS = "203.0.113.7"  # TEST-NET-3: an address no real client has


def grant(user, role: str = Role.MODERATOR, town=None) -> RoleGrant:
    made = RoleGrant(user=user, role=role, town=town)
    made.full_clean()
    made.save()
    return made


@pytest.fixture
def author(django_user_model):
    return django_user_model.objects.create_user(
        username="aigerim",
        email="aigerim@example.kz",
        password="x",
        preferred_language="kk",
    )


@pytest.fixture
def reader(django_user_model):
    return django_user_model.objects.create_user(username="dana", password="x")


@pytest.fixture
def moderator(aksu, django_user_model):
    user = django_user_model.objects.create_user(username="moderator", password="x")
    grant(user, town=aksu)
    return user


@pytest.fixture
def other_town(db):
    return TownFactory(slug="khromtau")


@pytest.fixture
def elsewhere(other_town, django_user_model):
    """A moderator of another town."""
    user = django_user_model.objects.create_user(username="khromtau-mod", password="x")
    grant(user, town=other_town)
    return user


@pytest.fixture
def chief(db, django_user_model):
    """A moderator of every town."""
    user = django_user_model.objects.create_user(username="chief", password="x")
    grant(user)
    return user


@pytest.fixture
def campaign(aksu):
    return make_campaign(aksu, Phase.SUBMISSION)


@pytest.fixture
def proposal(campaign, author):
    return propose(
        campaign,
        author,
        title="Swings on Abai street",
        description="Swings for the yard, and a bench for grandparents.",
    )


def signed_in(client, user):
    # The backend named: force_login would take the first one with get_user.
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def hide(moderator, target, reason="Advertising for a shop."):
    return services.content_hide(moderator=moderator, target=target, reason=reason)


def post(client, url, data, **extra):
    """A POST from a known address, as the audit log records it."""
    return client.post(url, data, REMOTE_ADDR=ADDRESS, **extra)


@pytest.fixture
def russian():
    """Put a Russian translation of a message in the catalogue for one test.

    The .po files are translated after this work lands; this shows the message
    goes through gettext in the person's language, whatever the wording.
    """
    catalog = trans_real.translation("ru")._catalog
    added = []

    def add(msgid: str, text: str) -> None:
        added.append((msgid, catalog.get(msgid)))
        catalog[msgid] = text

    yield add
    for msgid, before in added:
        if before is None:
            for part in catalog._catalogs:
                part.pop(msgid, None)
        else:
            catalog[msgid] = before
