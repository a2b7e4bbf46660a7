"""Properties of the geometry intake over generated shapes, checked by PostGIS.

tests/mapping/test_intake_properties.py asks GEOS; these ask the database, near
the town's edge and the size limits, and through a write endpoint: whatever the
intake accepts is valid (ST_IsValid), inside the town (ST_Covers of the boundary
with its tolerance, in metres) and within the limits; whatever it refuses, the
proposal form refuses too, storing nothing.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from codesign.forms import PROPOSAL_SHAPES
from codesign.models import Phase, Proposal
from mapping.intake import GeometryRejected, accept_geometry, configured_limits
from tests.codesign.conftest import make_campaign

# Small limits, so that generated shapes cross them often.
LIMITS = {
    "BIRGE_INTAKE_MAX_VERTICES": 60,
    "BIRGE_INTAKE_MAX_RINGS": 4,
    "BIRGE_INTAKE_MAX_PARTS": 4,
}
settings.register_profile(
    "birge-hostile",
    deadline=None,
    database=None,  # nothing written into the checkout
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
PROFILE = settings.get_profile("birge-hostile")

# The test town (tests/factories.py) and a margin well past its 50 m tolerance.
WEST, SOUTH, EAST, NORTH = 76.90, 52.02, 76.96, 52.07
MARGIN = 0.005
# About 100 m either side of an edge: inside, within the tolerance, and beyond it.
NEAR = 0.0015

lon = st.floats(WEST - MARGIN, EAST + MARGIN)
lat = st.floats(SOUTH - MARGIN, NORTH + MARGIN)
edge_lon = st.sampled_from([WEST, EAST]).flatmap(
    lambda edge: st.floats(edge - NEAR, edge + NEAR)
)
edge_lat = st.sampled_from([SOUTH, NORTH]).flatmap(
    lambda edge: st.floats(edge - NEAR, edge + NEAR)
)
inner = st.tuples(
    st.floats(WEST + 0.005, EAST - 0.005), st.floats(SOUTH + 0.005, NORTH - 0.005)
)
good_position = st.one_of(
    inner,
    inner,
    st.tuples(lon, lat),
    st.tuples(edge_lon, lat),
    st.tuples(lon, edge_lat),
).map(list)
broken_position = st.one_of(
    st.tuples(st.sampled_from([math.nan, math.inf, -math.inf, 1e300]), lat),
    st.tuples(lon, st.sampled_from([math.nan, 95.0, None, "52.04", True])),
    st.tuples(lon, lat, st.floats(-10, 500)),  # a height
    st.tuples(lon),
    st.tuples(lat, lon),  # swapped
    st.none(),
).map(lambda p: list(p) if isinstance(p, tuple) else p)
position = st.one_of(*[good_position] * 12, broken_position)


def star_ring(cx: float, cy: float, radius: float, steps: list[float]) -> list:
    """A simple closed ring round a centre: corners at increasing angles."""
    total = sum(steps)
    ring, angle = [], 0.0
    for step in steps:
        angle += 2 * math.pi * step / total
        ring.append(
            [cx + radius * math.cos(angle), cy + radius * 0.6 * math.sin(angle)]
        )
    return [*ring, ring[0]]


corners = st.one_of(*[st.integers(3, 24)] * 4, st.integers(55, 65))  # near the limit
steps = corners.flatmap(
    lambda n: st.lists(st.floats(0.05, 1.0), min_size=n, max_size=n)
)


@st.composite
def star_polygon(draw: Any) -> list:
    """A star's ring and holes round its centre: often valid, sometimes holes
    that overlap each other or the outline, sometimes more rings than allowed."""
    cx, cy = draw(good_position)
    radius = draw(st.one_of(*[st.floats(0.0002, 0.003)] * 3, st.floats(0.003, 0.03)))
    shell = star_ring(cx, cy, radius, draw(steps))
    if draw(st.booleans()):
        shell.reverse()
    holes = [
        star_ring(
            cx + draw(st.floats(-0.3, 0.3)) * radius,
            cy + draw(st.floats(-0.2, 0.2)) * radius,
            draw(st.floats(0.05, 0.5)) * radius,
            draw(st.lists(st.floats(0.05, 1.0), min_size=3, max_size=8)),
        )[:: draw(st.sampled_from([1, -1]))]
        for _ in range(draw(st.integers(0, 4)))
    ]
    return [shell, *holes]


@st.composite
def scribble(draw: Any) -> list:
    """Any positions, usually closed: crossing itself, too short, broken."""
    points = draw(st.lists(position, min_size=0, max_size=10))
    if points and draw(st.integers(0, 4)):
        points = [*points, points[0]]
    return points


polygon_rings = st.one_of(
    star_polygon(),
    star_polygon(),
    st.builds(lambda r: [r], scribble()),
    st.lists(scribble(), min_size=1, max_size=3),
)


def _geometry(kind: str, coordinates: Any) -> dict:
    return {"type": kind, "coordinates": coordinates}


points = st.builds(lambda p: _geometry("Point", p), position)
lines = st.one_of(
    st.builds(
        lambda ps: _geometry("LineString", ps),
        st.lists(inner.map(list), max_size=70),
    ),
    st.builds(lambda ps: _geometry("LineString", ps), st.lists(position, max_size=8)),
)
polygons = st.builds(lambda rs: _geometry("Polygon", rs), polygon_rings)
# What a proposal may be, as a geometry or a Feature, and now and then what not.
proposal_geometries = st.one_of(
    points,
    lines,
    polygons,
    polygons,
    st.builds(lambda g: {"type": "Feature", "properties": {}, "geometry": g}, polygons),
    st.builds(
        lambda ps: _geometry("MultiPolygon", ps), st.lists(polygon_rings, max_size=3)
    ),
)
geometries = st.one_of(
    proposal_geometries,
    st.builds(lambda ps: _geometry("MultiPoint", ps), st.lists(position, max_size=8)),
    st.builds(
        lambda ls: _geometry("MultiLineString", ls),
        st.lists(st.lists(good_position, min_size=2, max_size=8), max_size=6),
    ),
    st.builds(
        lambda ps: _geometry("MultiPolygon", ps),
        st.lists(star_polygon(), min_size=1, max_size=5),
    ),
    st.builds(
        lambda gs: {"type": "GeometryCollection", "geometries": gs},
        st.lists(points, max_size=2),
    ),
)


def text_of(document: Any) -> str:
    return json.dumps(document)  # NaN and Infinity as the non-standard tokens


def in_postgis(shape: Any, town: Any, tolerance_m: float) -> dict[str, Any]:
    """What PostGIS says of an accepted shape: valid, covered by the town, size."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH g AS (SELECT ST_GeomFromEWKB(%(shape)s) AS g),
                 t AS (SELECT boundary FROM mapping_town WHERE id = %(town)s)
            SELECT ST_IsValid(g.g),
                   ST_Covers(
                       ST_Buffer(ST_Transform(t.boundary, %(utm)s), %(tolerance)s),
                       ST_Transform(g.g, %(utm)s)
                   ),
                   ST_NPoints(g.g),
                   ST_NumGeometries(g.g),
                   ST_SRID(g.g),
                   ST_Area(ST_Transform(g.g, %(utm)s))
                       <= ST_Area(ST_Buffer(ST_Transform(t.boundary, %(utm)s),
                                            %(tolerance)s))
            FROM g, t
            """,
            {
                "shape": bytes(shape.ewkb),
                "town": town.pk,
                "utm": town.utm_srid,
                # A centimetre more: GEOS and PostGIS buffer with other segments.
                "tolerance": tolerance_m + 0.01,
            },
        )
        valid, covered, points, parts, srid, area_fits = cursor.fetchone()
    return {
        "valid": valid,
        "covered": covered,
        "points": points,
        "parts": parts,
        "srid": srid,
        "area_fits": area_fits,
    }


@pytest.fixture
def small_limits(settings):
    for name, value in LIMITS.items():
        setattr(settings, name, value)
    return configured_limits()


@pytest.mark.django_db
@settings(PROFILE, max_examples=250)
@given(document=geometries)
def test_what_the_intake_accepts_postgis_finds_valid_inside_and_within_limits(
    aksu, small_limits, document
):
    try:
        accepted = accept_geometry(text_of(document), place=aksu)
    except GeometryRejected as rejection:
        assert 400 <= rejection.status < 500 and rejection.code
        assert str(rejection.message)
        event(f"refused: {rejection.code}")
        return
    shape = accepted.geometry
    event(f"accepted: {shape.geom_type}")
    found = in_postgis(shape, aksu, small_limits.boundary_tolerance_m)
    assert found["valid"], shape.wkt
    assert found["covered"], shape.wkt
    assert found["area_fits"]
    assert found["srid"] == 4326
    assert found["points"] <= small_limits.max_vertices
    assert found["parts"] <= small_limits.max_parts
    if shape.geom_type == "Polygon":
        assert len(shape) <= small_limits.max_rings
        assert shape.exterior_ring.is_counterclockwise


@pytest.fixture
def proposing(aksu, django_user_model):
    """A resident on the drawing page of a campaign open for proposals."""
    campaign = make_campaign(aksu, Phase.SUBMISSION)
    resident = django_user_model.objects.create_user(username="prop-resident")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(resident, backend="django.contrib.auth.backends.ModelBackend")
    with translation.override("en"):
        address = reverse(
            "codesign:propose", kwargs={"town": aksu.slug, "slug": campaign.slug}
        )
    return client, address, campaign


@pytest.mark.django_db
@settings(PROFILE, max_examples=80)
@given(document=proposal_geometries)
def test_what_the_intake_refuses_the_proposal_form_refuses_storing_nothing(
    aksu, small_limits, proposing, document
):
    client, address, campaign = proposing
    text = text_of(document)
    try:
        accepted = accept_geometry(text, allowed=PROPOSAL_SHAPES, place=aksu)
        refusal = None
    except GeometryRejected as rejection:
        accepted, refusal = None, rejection
    before = set(Proposal.objects.values_list("pk", flat=True))

    response = client.post(
        address,
        {
            "title": "A generated place",
            "description": "Made by hypothesis.",
            "cost_estimate": "1000000",
            "language": "en",
            "geometry": text,
            "submit": "submit",
        },
    )

    new = Proposal.objects.exclude(pk__in=before)
    if refusal is not None:
        event(f"refused: {refusal.code}")
        # A form answers 413 for a shape over a size limit, as the API does.
        assert response.status_code == (413 if refusal.status == 413 else 400)
        assert not new.exists()
        assert str(refusal.message) in response.context["form"].errors["geometry"]
        return
    event(f"stored: {accepted.geometry.geom_type}")
    assert response.status_code == 302, response.context["form"].errors
    stored = new.get()
    assert stored.campaign == campaign
    assert stored.geometry.equals_exact(accepted.geometry, 1e-9)
    found = in_postgis(stored.geometry, aksu, small_limits.boundary_tolerance_m)
    assert found["valid"] and found["covered"]


json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(-(10**30), 10**30),
        st.text(max_size=12),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.sampled_from(["type", "coordinates", "geometry", "crs", "x"]),
            children,
            max_size=4,
        ),
    ),
    max_leaves=30,
)
bodies = st.one_of(
    st.binary(max_size=200),
    st.builds(lambda v: json.dumps(v).encode(), json_values),
    st.builds(lambda g: text_of(g).encode(), geometries),
    st.builds(lambda v: json.dumps(v).encode()[:-1], json_values),  # truncated
)


@pytest.mark.django_db
@settings(PROFILE, max_examples=150)
@given(body=bodies)
def test_any_body_sent_to_the_check_api_gets_an_answer_never_a_500(
    aksu, small_limits, body
):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.generic(
        "POST",
        f"/api/v1/towns/{aksu.slug}/geometry/check/",
        data=body,
        content_type="application/json",
    )
    event(f"status {response.status_code}")
    answer = json.loads(response.content)
    if response.status_code == 200:
        shape = accept_geometry(answer["geometry"], place=aksu)
        found = in_postgis(shape.geometry, aksu, small_limits.boundary_tolerance_m)
        assert found["valid"] and found["covered"]
        return
    assert response.status_code in (400, 413)
    assert answer["error"]["code"] and answer["error"]["message"]
