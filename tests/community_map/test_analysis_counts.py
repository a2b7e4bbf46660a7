"""Counts per district and per hexagon for hand-placed concerns; filters narrow them."""

from __future__ import annotations

import datetime
import json

import pytest
from django.contrib.gis.geos import GEOSGeometry, Point
from django.urls import reverse

A = (76.9153, 52.0456)  # west district
B = (76.9450, 52.0550)  # east district
C = (76.9480, 52.0300)  # east district, far from B


def url(name: str, **query: str) -> str:
    path = reverse(f"community_map:concerns-{name}", args=["oskemen"])
    return path + (
        "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
    )


@pytest.fixture
def placed(record):
    """Three concerns at A, two at B, one at C; organisations' (exact) points."""
    for _ in range(3):
        record(*A, private=False, category="heating")
    record(*B, private=False, category="snow")
    record(*B, private=False, category="heating", source="survey")
    record(*C, private=False, category="roads", reported_on=datetime.date(2024, 6, 1))


def counts_by_district(response) -> dict[str, int]:
    body = json.loads(response.content)
    return {f["id"]: f["properties"]["count"] for f in body["features"]}


@pytest.mark.django_db
def test_districts_count_the_concerns_inside_them(client, placed):
    response = client.get(url("districts"))
    assert response.status_code == 200
    assert counts_by_district(response) == {"west": 3, "east": 3}
    body = json.loads(response.content)
    assert body["total"] == 6 and body["in_districts"] == 6
    names = {f["id"]: f["properties"]["name"] for f in body["features"]}
    assert names == {"west": "West", "east": "East"}


@pytest.mark.django_db
def test_filters_narrow_the_district_counts(client, placed):
    assert counts_by_district(client.get(url("districts", category="heating"))) == {
        "west": 3,
        "east": 1,
    }
    assert counts_by_district(client.get(url("districts", source="survey"))) == {
        "west": 0,
        "east": 1,
    }
    assert counts_by_district(client.get(url("districts", to="2024-12-31"))) == {
        "west": 0,
        "east": 1,
    }
    assert counts_by_district(
        client.get(url("districts", category="snow,roads", **{"from": "2025-01-01"}))
    ) == {"west": 0, "east": 1}


@pytest.mark.django_db
def test_a_community_filter_keeps_its_concerns(client, placed, ngo):
    assert (
        sum(
            counts_by_district(
                client.get(url("districts", community=ngo.slug))
            ).values()
        )
        == 6
    )
    assert (
        sum(
            counts_by_district(
                client.get(url("districts", community="nobody"))
            ).values()
        )
        == 0
    )


@pytest.mark.django_db
@pytest.mark.parametrize("size", [250, 500, 1000, 2000])
def test_hexagons_hold_their_concerns(client, placed, size):
    response = client.get(url("hexagons", size=str(size)))
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["size"] == size and body["total"] == 6
    counts = sorted(f["properties"]["count"] for f in body["features"])
    # B and C are 2.8 km apart: only the 2 km grid may put them together.
    assert counts in ([1, 2, 3], [3, 3])
    if size < 2000:
        assert counts == [1, 2, 3]
    assert body["hexagons"] == len(body["features"])
    for feature in body["features"]:
        hexagon = GEOSGeometry(json.dumps(feature["geometry"]), srid=4326)
        inside = [p for p in (A, B, C) if hexagon.contains(Point(*p, srid=4326))]
        assert inside, feature
        # The edge is the requested size, in the town's metres.
        local = hexagon.transform(32643, clone=True)
        assert local.length == pytest.approx(6 * size, rel=1e-3)


@pytest.mark.django_db
def test_only_hexagons_with_concerns_are_returned(client, record):
    record(*A, private=False)
    body = json.loads(client.get(url("hexagons", size="250")).content)
    assert [f["properties"]["count"] for f in body["features"]] == [1]


@pytest.mark.django_db
def test_filters_narrow_the_hexagons(client, placed):
    body = json.loads(
        client.get(url("hexagons", size="500", category="heating")).content
    )
    assert sorted(f["properties"]["count"] for f in body["features"]) == [1, 3]
    assert body["total"] == 4


@pytest.mark.django_db
def test_points_group_concerns_by_public_point(client, placed):
    body = json.loads(client.get(url("points")).content)
    counts = sorted(f["properties"]["count"] for f in body["features"])
    assert counts == [1, 2, 3] and body["total"] == 6
    at_b = next(f for f in body["features"] if f["properties"]["count"] == 2)
    assert at_b["properties"]["categories"] == {"heating": 1, "snow": 1}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "query", "field"),
    [
        ("districts", {"category": "volcano"}, "category"),
        ("hexagons", {"status": "lost"}, "status"),
        ("hexagons", {"size": "300"}, "size"),
        ("hotspots", {"size": "big"}, "size"),
        ("points", {"from": "yesterday"}, "from"),
        ("timeline", {"from": "2025-02-01", "to": "2025-01-01"}, "from"),
        ("seasons", {"source": "pigeon"}, "source"),
    ],
)
def test_bad_parameters_are_refused_with_400(client, town, name, query, field):
    response = client.get(url(name, **query))
    assert response.status_code == 400
    error = json.loads(response.content)["error"]
    assert error["field"] == field and error["message"]


@pytest.mark.django_db
def test_an_unknown_town_is_404(client, db):
    response = client.get(
        reverse("community_map:concerns-districts", args=["atlantis"])
    )
    assert response.status_code == 404
