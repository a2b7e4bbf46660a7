"""The Ust-Kamenogorsk community demo: what it adds, once, and how it is spread."""

from __future__ import annotations

import io
import time
from collections import Counter

import pytest
from django.contrib.auth import authenticate, get_user_model

from community_map.demo import LOADER, load
from community_map.models import (
    Community,
    CommunityLink,
    Concern,
    ConcernCategory,
    MeetingPlace,
)
from mapping.db import GeometryType
from mapping.demo import load_demo
from mapping.models import District, Site, Town

SEASONS = {12: "winter", 1: "winter", 2: "winter", 3: "spring", 4: "spring",
           5: "spring", 6: "summer", 7: "summer", 8: "summer", 9: "autumn",
           10: "autumn", 11: "autumn"}  # fmt: skip


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The towns and the community demo, loaded once for this module."""
    with django_db_blocker.unblock():
        load_demo()
        started = time.monotonic()
        first = load(stdout=io.StringIO())
        seconds = time.monotonic() - started
        second = load(stdout=io.StringIO())
        yield {"first": first, "second": second, "seconds": seconds}
        # Leave the database as the other tests expect it: empty.
        Concern.objects.all().delete()
        Community.objects.all().delete()
        for model in (Site, District, Town):
            model.objects.all().delete()
        get_user_model().objects.filter(username__in=["ngo", LOADER]).delete()


@pytest.mark.django_db
def test_the_demo_adds_the_communities_and_concerns(loaded):
    counts = loaded["first"]
    assert counts["communities"] == Community.objects.count() >= 30
    assert counts["meeting_places"] == MeetingPlace.objects.count() >= 40
    assert counts["links"] == CommunityLink.objects.count() >= 35
    assert counts["concerns"] == Concern.objects.count() == 3000
    assert set(Community.objects.values_list("kind", flat=True)) == {
        "ngo", "initiative", "club", "informal", "business", "state"
    }  # fmt: skip
    assert loaded["seconds"] < 20


@pytest.mark.django_db
def test_a_second_load_adds_nothing(loaded):
    assert sum(loaded["second"].values()) == 0


@pytest.mark.django_db
def test_the_ngo_account_maps_trinta_and_one_more(loaded):
    ngo = authenticate(username="ngo", password="birge-demo")
    assert ngo is not None
    mapped = Community.objects.filter(members__user=ngo, members__role="mapper")
    assert set(mapped.values_list("slug", flat=True)) == {"trinta", "clean-air-oskemen"}


@pytest.mark.django_db
def test_every_concern_is_placed_in_a_district_and_mostly_private(loaded):
    concerns = Concern.objects.all()
    assert not concerns.filter(district__isnull=True).exists()
    assert 0.8 < concerns.filter(private=True).count() / 3000 < 0.9
    shapes = concerns.annotate(shape=GeometryType("location"))
    assert 350 < shapes.filter(shape="POLYGON").count() < 550  # about 15 % areas
    assert set(concerns.values_list("source", flat=True)) >= {
        "hotline", "whatsapp", "survey", "focus_group", "brainstorm", "reception", "web"
    }  # fmt: skip


@pytest.mark.django_db
def test_every_category_has_concerns_in_every_season(loaded):
    seen = Counter(
        (category, SEASONS[day.month])
        for category, day in Concern.objects.values_list("category", "reported_on")
    )
    for category in ConcernCategory.values:
        for season in ("winter", "spring", "summer", "autumn"):
            assert seen[category, season] > 0, (category, season)


@pytest.mark.django_db
def test_winter_has_most_heating_and_snow(loaded):
    for category in ("heating", "snow"):
        by_season = Counter(
            SEASONS[day.month]
            for day in Concern.objects.filter(category=category).values_list(
                "reported_on", flat=True
            )
        )
        assert by_season.most_common(1)[0][0] == "winter"
        assert by_season["winter"] > 3 * by_season["summer"]


@pytest.mark.django_db
def test_districts_raise_their_own_troubles(loaded):
    def top(district: str) -> set[str]:
        counts = Counter(
            Concern.objects.filter(district__slug=district).values_list(
                "category", flat=True
            )
        )
        return {c for c, _n in counts.most_common(3)}

    assert "snow" in top("sogra") and "snow" in top("left-bank")
    assert "air" in top("centre")
    assert "heating" in top("ulba")


@pytest.mark.django_db
def test_hot_places_make_hotspots(loaded):
    # Many concerns share a public grid cell: the points cluster.
    cells = Counter(Concern.objects.values_list("public_point", flat=True).iterator())
    assert cells.most_common(1)[0][1] >= 8
