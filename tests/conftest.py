"""Shared fixtures: towns built through the services, API clients, languages."""

from __future__ import annotations

import pytest
from django.utils import translation
from pytest_factoryboy import register
from rest_framework.test import APIClient

from tests.chromium import browser  # noqa: F401 (the session-wide browser fixture)
from tests.factories import DistrictFactory, SiteFactory, TownFactory

register(TownFactory)
register(DistrictFactory)
register(SiteFactory)


@pytest.fixture(scope="session", autouse=True)
def media_root(tmp_path_factory):
    """Uploads (photos, drawings, the demo's pictures) go to a temporary folder."""
    from django.conf import settings

    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def empty_caches():
    """Every test starts with empty caches, as a new process would. Otherwise
    what an earlier test left carries over: allauth's rate-limit counters (a
    confirmation mail to an address an earlier test used was held back by the
    3-minute cooldown), and tiles kept under a layer version that the rolled-back
    database hands out again."""
    from django.conf import settings
    from django.core.cache import caches

    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """pytest-django's, and the tile connections closed before the test database
    is dropped (PostgreSQL drops no database with sessions on it)."""
    yield
    from mapping.tiles import pool

    pool.close_all()


@pytest.fixture
def aksu(db):
    """Aksu as a plain square town with one district and the neglected park."""
    town = TownFactory(slug="aksu", names={"kk": "Ақсу", "ru": "Аксу", "en": "Aksu"})
    DistrictFactory(town=town, slug="central")
    SiteFactory(town=town, slug="neglected-park")
    return town


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture(autouse=True)
def _english_by_default():
    """Each test starts in English; tests of other languages switch explicitly."""
    with translation.override("en"):
        yield
