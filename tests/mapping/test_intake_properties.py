"""Properties of the intake over generated shapes: accepted means valid, inside and
within limits; refused means a GeometryRejected with a code, and nothing else."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from mapping.intake import GeometryRejected, IntakeLimits, accept_geometry

LIMITS = IntakeLimits(max_vertices=60, max_rings=4, max_parts=4)
# Around Aksu, and a little beyond its edge so that some shapes fall outside.
lon = st.floats(min_value=76.89, max_value=76.97, allow_nan=False)
lat = st.floats(min_value=52.01, max_value=52.08, allow_nan=False)
position = st.tuples(lon, lat).map(list)
anything = st.one_of(
    st.none(), st.booleans(), st.text(max_size=3), st.floats(), st.integers()
)
maybe_bad_position = st.one_of(
    position, position, position, st.lists(st.one_of(st.floats(), anything), max_size=4)
)


@st.composite
def rings(draw, positions=position):
    points = draw(st.lists(positions, min_size=1, max_size=12))
    if draw(st.booleans()):
        points = [*points, points[0]]  # usually closed, sometimes not
    return points


@st.composite
def star_polygons(draw):
    """Simple polygons: corners at sorted angles round a centre, either direction."""
    import math

    cx, cy = draw(lon), draw(lat)
    angles = sorted(
        draw(
            st.lists(
                st.floats(0, 2 * math.pi - 0.01), min_size=3, max_size=20, unique=True
            )
        )
    )
    radii = draw(
        st.lists(st.floats(0.0005, 0.02), min_size=len(angles), max_size=len(angles))
    )
    ring = [
        [cx + r * math.cos(a), cy + r * 0.6 * math.sin(a)]
        for a, r in zip(angles, radii, strict=True)
    ]
    if draw(st.booleans()):
        ring.reverse()
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


geometries = st.one_of(
    star_polygons(),
    st.builds(
        lambda ps: {"type": "LineString", "coordinates": ps},
        st.lists(position, min_size=2, max_size=8, unique_by=tuple),
    ),
    st.builds(lambda p: {"type": "Point", "coordinates": p}, maybe_bad_position),
    st.builds(
        lambda ps: {"type": "LineString", "coordinates": ps},
        st.lists(maybe_bad_position, max_size=10),
    ),
    st.builds(
        lambda rs: {"type": "Polygon", "coordinates": rs},
        st.lists(rings(), min_size=0, max_size=3),
    ),
    st.builds(
        lambda ps: {"type": "MultiPolygon", "coordinates": ps},
        st.lists(st.lists(rings(), min_size=1, max_size=2), max_size=3),
    ),
)


@pytest.mark.django_db
@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(geometry=geometries)
def test_accepted_is_valid_inside_and_within_limits(aksu, geometry):
    try:
        accepted = accept_geometry(json.dumps(geometry), place=aksu, limits=LIMITS)
    except GeometryRejected as rejection:
        assert rejection.code and str(rejection.message)
        assert 400 <= rejection.status < 500
        event(f"refused: {rejection.code}")
        return
    event(f"accepted: {accepted.geometry.geom_type}")
    shape = accepted.geometry
    assert shape.valid and not shape.empty
    if shape.geom_type == "Polygon":
        assert shape.exterior_ring.is_counterclockwise
    assert shape.srid == 4326
    assert shape.num_coords <= LIMITS.max_vertices
    metric = shape.transform(aksu.utm_srid, clone=True)
    town = aksu.boundary.transform(aksu.utm_srid, clone=True)
    assert town.buffer(LIMITS.boundary_tolerance_m + 0.01).covers(metric)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=200))
def test_any_text_is_either_accepted_or_refused_by_name(text):
    try:
        accept_geometry(text, limits=LIMITS)
    except GeometryRejected as rejection:
        assert rejection.code
