"""Shared fixtures of the community map: a town with two districts, an NGO, people.

The town is the test suite's square "Aksu" (76.90–76.96 E, 52.02–52.07 N, UTM 43N)
split at 76.93 E into a western and an eastern district.
"""

from __future__ import annotations

import datetime

import pytest

from accounts.roles import Role
from accounts.services import role_grant
from community_map.models import Community, CommunityMember, MemberRole
from community_map.services.concerns import concern_record
from tests.factories import DistrictFactory, TownFactory, accepted_in


def rectangle(west: float, south: float, east: float, north: float) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [
            [[west, south], [east, south], [east, north], [west, north], [west, south]]
        ],
    }


@pytest.fixture
def town(db):
    town = TownFactory(slug="oskemen")
    DistrictFactory(
        town=town,
        slug="west",
        boundary=rectangle(76.90, 52.02, 76.93, 52.07),
        names={"kk": "Батыс", "ru": "Западный", "en": "West"},
    )
    DistrictFactory(
        town=town,
        slug="east",
        boundary=rectangle(76.93, 52.02, 76.96, 52.07),
        names={"kk": "Шығыс", "ru": "Восточный", "en": "East"},
    )
    return town


def community_in(town, slug: str = "bereke", **fields) -> Community:
    """A community written with full_clean, as the services will."""
    community = Community(
        town=town,
        slug=slug,
        name_en=fields.pop("name_en", f"Community {slug}"),
        kind=fields.pop("kind", "ngo"),
        **fields,
    )
    # Django cannot check the geometry constraints on an empty area in Python.
    community.full_clean(exclude=None if community.work_area else ["work_area"])
    community.save()
    return community


@pytest.fixture
def ngo(town):
    return community_in(
        town, "bereke", name_ru="Береке", kind="ngo", topics=["yards", "heating"]
    )


@pytest.fixture
def mapper(ngo, django_user_model):
    user = django_user_model.objects.create_user(username="mapper", password="x")
    CommunityMember.objects.create(community=ngo, user=user, role=MemberRole.MAPPER)
    return user


@pytest.fixture
def resident(db, django_user_model):
    return django_user_model.objects.create_user(username="resident", password="x")


@pytest.fixture
def staff(town, django_user_model):
    """Who oversees the town's communities and concerns: a moderator of the town."""
    user = django_user_model.objects.create_user(username="staff", password="x")
    role_grant(actor=None, user=user, role=Role.MODERATOR, town=town)
    return user


@pytest.fixture
def record(mapper, ngo):
    """Record a concern as the NGO's mapper: ``record(lon, lat, **fields)``."""

    def make(lon: float = 76.915, lat: float = 52.045, **fields):
        geometry = fields.pop("geometry", {"type": "Point", "coordinates": [lon, lat]})
        return concern_record(
            recorder=mapper,
            community=fields.pop("community", ngo),
            category=fields.pop("category", "heating"),
            source=fields.pop("source", "hotline"),
            reported_on=fields.pop("reported_on", datetime.date(2025, 1, 15)),
            location=accepted_in(
                ngo.town, geometry, ("Point", "Polygon", "MultiPolygon")
            ),
            text=fields.pop("text", "No heating in the flat since Monday."),
            **fields,
        )

    return make
