"""No public output of the concerns map reveals where a private person lives.

Every public JSON endpoint is read back and every coordinate in it compared with
the exact private places (in the town's metres): none is within 1 m of one, and
every private concern appears at its grid cell centre. The reporter's name,
contact, external id and words never appear in the bytes.
"""

from __future__ import annotations

import datetime
import json
import math
from collections.abc import Iterator

import pytest
from django.contrib.gis.geos import Point
from django.urls import reverse

from community_map.models import Concern
from community_map.privacy import grid_cell_centre

UTM = 32643
SECRETS = ("Aigerim Secretova", "+7 700 555 12 34", "NGO-SECRET-17", "flat 12, Abai 5")
ENDPOINTS: tuple[tuple[str, dict[str, str]], ...] = (
    ("districts", {}),
    ("hexagons", {"size": "250"}),
    ("hexagons", {"size": "1000"}),
    ("hotspots", {"size": "250"}),
    ("points", {}),
    ("timeline", {}),
    ("seasons", {}),
)


def metres(lon: float, lat: float) -> tuple[float, float]:
    point = Point(lon, lat, srid=4326).transform(UTM, clone=True)
    return point.x, point.y  # type: ignore[attr-defined]


def coordinates(value) -> Iterator[tuple[float, float]]:
    """Every [lon, lat] pair anywhere in a JSON document."""
    if isinstance(value, list):
        pair = value[:2]
        if (
            len(pair) == 2
            and all(isinstance(v, int | float) for v in pair)
            and 60 < pair[0] < 90
            and 40 < pair[1] < 60
        ):
            yield pair[0], pair[1]
            return
        for item in value:
            yield from coordinates(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from coordinates(item)


@pytest.fixture
def private_concerns(record):
    """Private concerns off their cell centres, with a reporter; one public one."""
    places = [(76.91537, 52.04561), (76.94412, 52.05533), (76.95171, 52.02718)]
    concerns = []
    for n, (lon, lat) in enumerate(places):
        concern = record(
            lon,
            lat,
            reporter_name=SECRETS[0],
            reporter_contact=SECRETS[1],
            text=f"No heating in {SECRETS[3]}",
            reported_on=datetime.date(2025, 1, 10 + n),
        )
        concerns.append(concern)
    Concern.objects.filter(pk=concerns[0].pk).update(external_id=SECRETS[2])
    record(76.9300, 52.0400, private=False, text="The akimat's own note")
    return list(Concern.objects.filter(private=True))


def exact_and_centres(concerns):
    exact, centres = [], []
    for concern in concerns:
        surface = concern.location.point_on_surface
        x, y = metres(surface.x, surface.y)
        exact.append((x, y))
        centres.append(grid_cell_centre(x, y))
    return exact, centres


def assert_no_exact_place(points, exact) -> None:
    for lon, lat in points:
        x, y = metres(lon, lat)
        for ex, ey in exact:
            assert math.hypot(x - ex, y - ey) > 1.0, (lon, lat)


def assert_at_cell_centres(points, centres) -> None:
    local = [metres(lon, lat) for lon, lat in points]
    for cx, cy in centres:
        assert any(math.hypot(x - cx, y - cy) <= 1.0 for x, y in local), (cx, cy)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "query"), ENDPOINTS)
def test_no_public_endpoint_reveals_a_private_place(
    client, private_concerns, name, query
):
    response = client.get(
        reverse(f"community_map:concerns-{name}", args=["oskemen"]), query
    )
    assert response.status_code == 200
    for secret in SECRETS:
        assert secret.encode() not in response.content
    exact, _centres = exact_and_centres(private_concerns)
    assert_no_exact_place(list(coordinates(json.loads(response.content))), exact)


@pytest.mark.django_db
def test_private_concerns_are_drawn_at_their_cell_centres(client, private_concerns):
    body = json.loads(
        client.get(reverse("community_map:concerns-points", args=["oskemen"])).content
    )
    points = [tuple(f["geometry"]["coordinates"]) for f in body["features"]]
    exact, centres = exact_and_centres(private_concerns)
    assert_at_cell_centres(points, centres)
    assert_no_exact_place(points, exact)


@pytest.mark.django_db
def test_the_page_itself_reveals_nothing(client, private_concerns, mapper):
    client.force_login(mapper)  # even a mapper's page holds only public data
    response = client.get(reverse("community_map:concerns", args=["oskemen"]))
    assert response.status_code == 200
    for secret in SECRETS:
        assert secret.encode() not in response.content
