"""Getis-Ord Gi* finds a planted hotspot and says so when there is too little data."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest
from django.contrib.gis.geos import GEOSGeometry, Point
from django.urls import reverse

from community_map.analysis.hotspots import gi_star

CLUSTER = (76.9450, 52.0560)


def hotspots(client, **query: str) -> dict:
    path = reverse("community_map:concerns-hotspots", args=["oskemen"])
    response = client.get(path, query)
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.fixture
def planted(record):
    """60 concerns within ~300 m of CLUSTER and 30 spread over the west of town.

    A Gi* hotspot is a run of high hexagons, not one busy hexagon: the cluster
    spans the 250 m hexagon at its centre and the ring around it.
    """
    rng = random.Random(7)
    for _ in range(60):
        record(
            CLUSTER[0] + rng.uniform(-0.0045, 0.0045),
            CLUSTER[1] + rng.uniform(-0.0028, 0.0028),
            private=False,
        )
    for _ in range(30):
        record(rng.uniform(76.902, 76.928), rng.uniform(52.022, 52.068), private=False)


@pytest.mark.django_db
def test_gi_star_finds_the_planted_hotspot(client, planted):
    body = hotspots(client, size="250")
    assert body["enough_data"] is True
    assert body["total"] == 90 and body["hexagons"] >= 100
    assert body["parameters"]["permutations"] == 999
    hot = [f for f in body["features"] if f["properties"]["class"] == "hot"]
    assert hot, body["features"]
    cluster = Point(*CLUSTER, srid=4326)
    holding = next(
        f
        for f in body["features"]
        if GEOSGeometry(json.dumps(f["geometry"]), srid=4326).contains(cluster)
    )
    assert holding["properties"]["class"] == "hot"
    assert holding["properties"]["confidence"] == 99
    assert holding["properties"]["z"] > 2.58
    assert holding["properties"]["p_sim"] <= 0.01
    # Every hot hexagon is the cluster's or touches it; none is in the west.
    for feature in hot:
        shape = GEOSGeometry(json.dumps(feature["geometry"]), srid=4326)
        assert shape.centroid.x > 76.93


@pytest.mark.django_db
def test_hotspots_are_reproducible(client, planted):
    assert hotspots(client, size="250") == hotspots(client, size="250")


@pytest.mark.django_db
def test_few_hexagons_get_a_message_not_an_error(client, record):
    for lon in (76.91, 76.92, 76.95):
        record(lon, 52.04, private=False)
    body = hotspots(client, size="250")
    assert body["enough_data"] is False
    assert "Not enough data" in body["message"]
    assert body["features"] == [] and body["total"] == 3


@pytest.mark.django_db
def test_a_coarse_grid_over_a_small_town_is_not_enough(client, planted):
    body = hotspots(client, size="2000")
    assert body["enough_data"] is False
    assert body["hexagons"] < 30


def hexagon_centres(columns: int, rows: int, size: float) -> np.ndarray:
    """Centres of a flat-topped hexagon grid, as ST_HexagonGrid lays them out."""
    return np.array(
        [
            (i * 1.5 * size, (j + (0.5 if i % 2 else 0)) * np.sqrt(3) * size)
            for i in range(columns)
            for j in range(rows)
        ]
    )


def test_gi_star_on_a_plain_grid_marks_the_cluster_hot():
    centres = hexagon_centres(12, 12, 100.0)
    counts = np.random.default_rng(3).poisson(1, len(centres))
    middle = np.array([6 * 150.0, 6 * np.sqrt(3) * 100])
    near = np.hypot(*(centres - middle).T) < 180  # the hexagon and its ring
    assert near.sum() == 7
    counts[near] = 12
    result = gi_star(counts, centres, 100.0)
    centre = int(np.argmin(np.hypot(*(centres - middle).T)))
    assert result.kind[centre] == "hot" and result.confidence[centre] == 99
    assert result.z[centre] > 2.58
    again = gi_star(counts, centres, 100.0)
    assert np.array_equal(result.p_sim, again.p_sim)
    assert result.kind == again.kind
