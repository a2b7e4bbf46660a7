"""The geometry intake: every kind of bad input is refused by name and place."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.gis.geos import GEOSGeometry
from django.utils import translation

from mapping.intake import (
    AREAS,
    GeometryRejected,
    IntakeLimits,
    accept_geometry,
)
from tests.factories import square

RING = [
    [76.93, 52.04],
    [76.932, 52.04],
    [76.932, 52.042],
    [76.93, 52.042],
    [76.93, 52.04],
]
# A small anticlockwise ring inside RING.
HOLE = [[76.9305, 52.0405], [76.9306, 52.0405], [76.9306, 52.0406], [76.9305, 52.0405]]
BOWTIE = [
    [76.93, 52.04],
    [76.932, 52.042],
    [76.932, 52.04],
    [76.93, 52.042],
    [76.93, 52.04],
]


def rejected(data, **kwargs) -> GeometryRejected:
    with pytest.raises(GeometryRejected) as info:
        accept_geometry(data, **kwargs)
    return info.value


# (name, input, expected code, expected location, words the message must contain)
REJECTIONS = [
    (
        "malformed JSON",
        '{"type": "Point", "coordinates": [76.9, 52.0]',
        "invalid_json",
        "",
        ["line 1"],
    ),
    ("not an object", "[76.9, 52.0]", "not_an_object", "", ["object"]),
    ("missing type", {"coordinates": [76.9, 52.0]}, "missing_type", "/", ["type"]),
    (
        "unknown type",
        {"type": "Circle", "coordinates": [76.9, 52.0]},
        "unknown_type",
        "/type",
        ["Circle"],
    ),
    (
        "type not a string",
        {"type": 7, "coordinates": [76.9, 52.0]},
        "unknown_type",
        "/type",
        ["7"],
    ),
    (
        "GeometryCollection",
        {
            "type": "GeometryCollection",
            "geometries": [{"type": "Point", "coordinates": [76.9, 52.0]}],
        },
        "geometry_collection",
        "/type",
        ["GeometryCollection"],
    ),
    (
        "crs member",
        {
            "type": "Point",
            "coordinates": [76.9, 52.0],
            "crs": {"type": "name", "properties": {"name": "EPSG:3857"}},
        },
        "crs_not_allowed",
        "/crs",
        ["crs", "WGS 84"],
    ),
    (
        "crs on a Feature",
        {
            "type": "Feature",
            "crs": {},
            "properties": {},
            "geometry": {"type": "Point", "coordinates": [76.9, 52.0]},
        },
        "crs_not_allowed",
        "/crs",
        ["crs"],
    ),
    (
        "missing coordinates",
        {"type": "Point"},
        "missing_coordinates",
        "/",
        ["coordinates"],
    ),
    (
        "NaN coordinate",
        '{"type": "Point", "coordinates": [NaN, 52.0]}',
        "not_finite",
        "/coordinates/0",
        ["NaN"],
    ),
    (
        "Infinity coordinate",
        '{"type": "LineString", "coordinates": [[76.9, 52.0], [76.91, -Infinity]]}',
        "not_finite",
        "/coordinates/1/1",
        ["-Infinity", "position 2"],
    ),
    (
        "huge number",
        '{"type": "Point", "coordinates": [1e400, 52.0]}',
        "not_finite",
        "/coordinates/0",
        ["inf"],
    ),
    (
        "integer too big for a float",
        '{"type": "Point", "coordinates": [1' + "0" * 400 + ", 52.0]}",
        "longitude_out_of_range",
        "/coordinates/0",
        ["longitude"],
    ),
    (
        "string coordinate",
        {"type": "Point", "coordinates": ["76.9", 52.0]},
        "not_a_number",
        "/coordinates/0",
        ['"76.9"'],
    ),
    (
        "boolean coordinate",
        {"type": "Point", "coordinates": [True, 52.0]},
        "not_a_number",
        "/coordinates/0",
        ["true"],
    ),
    (
        "null coordinate",
        {"type": "Point", "coordinates": [76.9, None]},
        "not_a_number",
        "/coordinates/1",
        ["null"],
    ),
    (
        "three dimensions",
        {"type": "Point", "coordinates": [76.9, 52.0, 120.0]},
        "too_many_dimensions",
        "/coordinates",
        ["3", "2 dimensions"],
    ),
    (
        "one dimension",
        {"type": "Point", "coordinates": [76.9]},
        "too_few_dimensions",
        "/coordinates",
        ["latitude"],
    ),
    (
        "longitude out of range",
        {"type": "Point", "coordinates": [196.9, 52.0]},
        "longitude_out_of_range",
        "/coordinates/0",
        ["196.9"],
    ),
    (
        "latitude out of range",
        {"type": "Point", "coordinates": [76.9, 91.0]},
        "latitude_out_of_range",
        "/coordinates/1",
        ["91.0", "swapped"],
    ),
    (
        "unclosed ring",
        {"type": "Polygon", "coordinates": [[*RING[:-1], [76.93, 52.041]]]},
        "ring_not_closed",
        "/coordinates/0/4",
        ["Ring 1", "not closed"],
    ),
    (
        "ring of three positions",
        {
            "type": "Polygon",
            "coordinates": [[[76.93, 52.04], [76.932, 52.04], [76.93, 52.04]]],
        },
        "ring_too_short",
        "/coordinates/0",
        ["4 positions", "ring 1", "3"],
    ),
    (
        "hole too short in a multipolygon",
        {
            "type": "MultiPolygon",
            "coordinates": [[RING], [RING, [[76.93, 52.04], [76.93, 52.04]]]],
        },
        "ring_too_short",
        "/coordinates/1/1",
        ["polygon 2, ring 2"],
    ),
    (
        "line of one position",
        {"type": "LineString", "coordinates": [[76.9, 52.0]]},
        "line_too_short",
        "/coordinates",
        ["2 positions"],
    ),
    (
        "position not a list",
        {"type": "LineString", "coordinates": [[76.9, 52.0], 5]},
        "bad_structure",
        "/coordinates/1",
        ["position 2"],
    ),
    (
        "coordinates not a list",
        {"type": "Polygon", "coordinates": "76.9 52.0"},
        "bad_structure",
        "/coordinates",
        ["list"],
    ),
    (
        "self-intersection",
        {"type": "Polygon", "coordinates": [BOWTIE]},
        "invalid_geometry",
        "/coordinates",
        ["crosses itself", "76.931"],
    ),
    (
        "hole outside its shell",
        {
            "type": "Polygon",
            "coordinates": [
                RING,
                [[76.95, 52.05], [76.95, 52.051], [76.951, 52.051], [76.95, 52.05]],
            ],
        },
        "invalid_geometry",
        "/coordinates",
        ["hole"],
    ),
    (
        "all positions on one spot",
        {"type": "LineString", "coordinates": [[76.93, 52.04], [76.93, 52.04]]},
        "invalid_geometry",
        "/coordinates",
        ["distinct"],
    ),
    (
        "empty Point",
        {"type": "Point", "coordinates": []},
        "too_few_dimensions",
        "/coordinates",
        ["latitude"],
    ),
    (
        "empty LineString",
        {"type": "LineString", "coordinates": []},
        "empty",
        "/coordinates",
        ["empty"],
    ),
    (
        "empty Polygon",
        {"type": "Polygon", "coordinates": []},
        "empty",
        "/coordinates",
        ["empty"],
    ),
    (
        "empty MultiPolygon part",
        {"type": "MultiPolygon", "coordinates": [[]]},
        "empty",
        "/coordinates/0",
        ["Polygon 1"],
    ),
    (
        "Feature without geometry",
        {"type": "Feature", "properties": {}, "geometry": None},
        "empty",
        "/geometry",
        ["no geometry"],
    ),
    (
        "FeatureCollection",
        {"type": "FeatureCollection", "features": []},
        "type_not_allowed",
        "/type",
        ["FeatureCollection"],
    ),
    (
        "not UTF-8",
        b'{"type": "Point", "coordinates": [76.9, 52.0], "x": "\xff"}',
        "invalid_encoding",
        "",
        ["UTF-8"],
    ),
]


@pytest.mark.parametrize(
    ("data", "code", "location", "words"),
    [pytest.param(d, c, loc, w, id=name) for name, d, c, loc, w in REJECTIONS],
)
def test_each_kind_of_bad_geometry_is_refused_with_its_place(
    data, code, location, words
):
    error = rejected(data)
    assert error.code == code
    assert error.location == location
    for word in words:
        assert word in str(error.message), (word, str(error.message))
    assert error.status == 400
    body = error.as_dict()
    assert body["code"] == code and body["message"]


def test_geometry_type_not_allowed_here_names_what_is_wanted():
    error = rejected({"type": "Point", "coordinates": [76.9, 52.0]}, allowed=AREAS)
    assert error.code == "type_not_allowed"
    assert "Polygon or MultiPolygon" in str(error.message)


def test_self_intersection_offers_a_valid_repair_but_stores_nothing():
    error = rejected({"type": "Polygon", "coordinates": [BOWTIE]})
    repaired = GEOSGeometry(json.dumps(error.suggestion))
    assert repaired.valid
    assert repaired.geom_type == "MultiPolygon"  # the bow tie's two triangles
    assert error.position == pytest.approx((76.931, 52.041))


def test_body_over_the_size_limit_is_413():
    limits = IntakeLimits(max_bytes=200)
    text = json.dumps({"type": "LineString", "coordinates": [[76.9, 52.0]] * 20})
    error = rejected(text, limits=limits)
    assert (error.code, error.status) == ("too_large", 413)
    assert "200 bytes" in str(error.message)


def test_too_many_vertices():
    line = [[76.9 + i * 1e-5, 52.0] for i in range(30)]
    error = rejected(
        {"type": "LineString", "coordinates": line},
        limits=IntakeLimits(max_vertices=25),
    )
    assert error.code == "too_many_vertices"
    assert error.location == "/coordinates/25"
    assert "25 positions" in str(error.message)


def test_too_many_rings():
    error = rejected(
        {"type": "Polygon", "coordinates": [RING, HOLE, HOLE, HOLE]},
        limits=IntakeLimits(max_rings=3),
    )
    assert error.code == "too_many_rings"


def test_too_many_parts():
    points = [[76.9 + i * 1e-4, 52.0] for i in range(12)]
    error = rejected(
        {"type": "MultiPoint", "coordinates": points}, limits=IntakeLimits(max_parts=10)
    )
    assert error.code == "too_many_parts"


def test_deep_nesting_is_refused_without_a_crash():
    deep = "[" * 100_000 + "]" * 100_000
    assert rejected(deep).code == "too_deep"
    nested = {"type": "Point", "coordinates": [76.9, 52.0], "x": [[[[[[[[[[1]]]]]]]]]]}
    error = rejected(nested)
    assert error.code == "too_deep"
    assert error.location.startswith("/x/0/0")


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "Point", "coordinates": [76.93, 52.04]},
        {"type": "LineString", "coordinates": [[76.93, 52.04], [76.94, 52.05]]},
        {"type": "Polygon", "coordinates": [RING]},
        {"type": "MultiPoint", "coordinates": [[76.93, 52.04], [76.94, 52.05]]},
        {"type": "MultiLineString", "coordinates": [[[76.93, 52.04], [76.94, 52.05]]]},
        {"type": "MultiPolygon", "coordinates": [[RING]]},
    ],
    ids=lambda g: g["type"],
)
def test_every_geojson_type_is_accepted(geometry):
    accepted = accept_geometry(json.dumps(geometry))
    assert accepted.geometry.geom_type == geometry["type"]
    assert accepted.geometry.srid == 4326
    assert accepted.geometry.valid


def test_a_feature_is_unwrapped():
    feature = {
        "type": "Feature",
        "properties": {"name": "bench"},
        "geometry": {"type": "Point", "coordinates": [76.93, 52.04]},
    }
    assert accept_geometry(feature).geometry.coords == (76.93, 52.04)


def test_errors_in_a_feature_point_into_its_geometry():
    feature = {
        "type": "Feature",
        "properties": {},
        "geometry": {"type": "Point", "coordinates": [76.93, "x"]},
    }
    assert rejected(feature).location == "/geometry/coordinates/1"


def test_ring_orientation_is_normalised_not_refused():
    clockwise = list(reversed(RING))
    accepted = accept_geometry({"type": "Polygon", "coordinates": [clockwise, HOLE]})
    polygon = accepted.geometry
    assert polygon.exterior_ring.is_counterclockwise
    assert not polygon[1].is_counterclockwise  # the hole runs clockwise
    assert [n.code for n in accepted.notes] == ["orientation_normalised"]
    assert polygon.area == pytest.approx(
        GEOSGeometry(json.dumps({"type": "Polygon", "coordinates": [RING, HOLE]})).area
    )


def test_well_oriented_rings_carry_no_note():
    assert accept_geometry({"type": "Polygon", "coordinates": [RING]}).notes == []


def test_geos_geometry_from_forms_goes_through_the_same_checks():
    bowtie = GEOSGeometry(
        json.dumps({"type": "Polygon", "coordinates": [BOWTIE]}), srid=4326
    )
    assert rejected(bowtie).code == "invalid_geometry"
    assert rejected(GEOSGeometry("POLYGON EMPTY", srid=4326)).code == "empty"
    assert (
        rejected(GEOSGeometry("GEOMETRYCOLLECTION(POINT(76.9 52))", srid=4326)).code
        == "geometry_collection"
    )


def test_multi_promotion_for_multi_fields():
    accepted = accept_geometry({"type": "Polygon", "coordinates": [RING]})
    assert accepted.as_multi().geom_type == "MultiPolygon"


class TestPlace:
    """Geometry must lie in the town, with a little tolerance around the boundary."""

    def test_inside_is_accepted(self, aksu):
        accepted = accept_geometry(square(76.93, 52.04), place=aksu)
        accepted.check_for(aksu)

    def test_just_outside_within_tolerance_is_accepted(self, aksu):
        # The boundary runs along longitude 76.96; 0.0004° is about 27 m here.
        accept_geometry({"type": "Point", "coordinates": [76.9604, 52.05]}, place=aksu)

    def test_outside_names_the_town_the_vertex_and_the_distance(self, aksu):
        line = {"type": "LineString", "coordinates": [[76.95, 52.05], [76.97, 52.05]]}
        error = rejected(line, place=aksu)
        assert error.code == "outside_town"
        assert error.location == "/coordinates/1"
        assert error.position == pytest.approx((76.97, 52.05))
        message = str(error.message)
        assert "Aksu" in message and "position 2" in message
        assert 650 < error.details["distance_m"] < 720  # 0.01° of longitude at 52°N
        assert re.search(r"\b6[5-9]\d m beyond", message), message

    def test_far_away_says_kilometres(self, aksu):
        error = rejected(
            {"type": "Point", "coordinates": [71.43, 51.13]}, place=aksu
        )  # Astana
        assert "km" in str(error.message)

    def test_swapped_longitude_and_latitude_get_a_hint(self, aksu):
        error = rejected({"type": "Point", "coordinates": [52.045, 76.93]}, place=aksu)
        assert error.code == "outside_town"
        assert "swapped" in str(error.message)

    def test_an_edge_bulging_out_of_a_concave_town_is_caught(self, db):
        from tests.factories import TownFactory

        u_shape = {
            "type": "Polygon",
            "coordinates": [
                [
                    [76.90, 52.02],
                    [76.96, 52.02],
                    [76.96, 52.07],
                    [76.95, 52.07],
                    [76.95, 52.03],
                    [76.91, 52.03],
                    [76.91, 52.07],
                    [76.90, 52.07],
                    [76.90, 52.02],
                ]
            ],
        }
        town = TownFactory(
            slug="u",
            boundary=u_shape,
            centre={"type": "Point", "coordinates": [76.93, 52.025]},
        )
        across = {
            "type": "LineString",
            "coordinates": [[76.905, 52.06], [76.955, 52.06]],
        }
        error = rejected(across, place=town)
        assert error.code == "outside_town"
        assert error.location == "/coordinates"

    def test_geometry_accepted_for_one_town_cannot_be_stored_in_another(
        self, aksu, town_factory
    ):
        other = town_factory(slug="other")
        accepted = accept_geometry(square(76.93, 52.04), place=aksu)
        with pytest.raises(ValueError, match="another place"):
            accepted.check_for(other)


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_messages_are_in_the_users_language(language):
    with translation.override(language):
        error = rejected(
            {"type": "Polygon", "coordinates": [[*RING[:-1], [76.93, 52.041]]]}
        )
    with translation.override("en"):
        english = rejected(
            {"type": "Polygon", "coordinates": [[*RING[:-1], [76.93, 52.041]]]}
        )
    assert str(error.message) != str(english.message)
    assert any("\u0400" <= ch <= "\u04ff" for ch in str(error.message))  # Cyrillic
    assert "76.930000" in str(error.message)  # the place is still named
