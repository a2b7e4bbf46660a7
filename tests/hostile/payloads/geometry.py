"""Geometry the intake must refuse: broken, elsewhere, too big or in disguise."""

from __future__ import annotations

import json
from typing import Any

from .common import BOWTIE, S, W, add, circle, point, polygon, ring

# Every geometry payload goes to the check API (which names the place) and the
# proposal form (which must store nothing); some go further.
GEOMETRY_ENDPOINTS = ["geometry-check", "proposal-create"]


def geometry(
    name: str,
    document: Any,
    mentions: list[str] | dict[str, list[str]],
    why: str,
    *,
    also: tuple[str, ...] = (),
    endpoints: list[str] | None = None,
    **expect: Any,
) -> None:
    text = document if isinstance(document, str | bytes) else json.dumps(document)
    add(
        "geometry",
        name,
        text,
        endpoints=endpoints or [*GEOMETRY_ENDPOINTS, *also],
        mentions=mentions,
        why=why,
        **expect,
    )


def geometries() -> None:
    # Invalid rings and shapes: the intake names the reason and where it is.
    geometry(
        "bowtie",
        polygon(BOWTIE),
        ["crosses itself", "76.931"],
        "a self-intersecting polygon",
        location="/coordinates",
        also=("concept-save", "concern-report", "site-create"),
    )
    geometry(
        "bowtie-in-feature",
        {"type": "Feature", "properties": {}, "geometry": polygon(BOWTIE)},
        ["crosses itself"],
        "a self-intersecting polygon inside a Feature",
        location="/geometry/coordinates",
    )
    geometry(
        "figure-eight",
        polygon(
            [
                [W, S],
                [W + 0.001, S + 0.001],
                [W + 0.002, S],
                [W + 0.002, S + 0.002],
                [W + 0.001, S + 0.001],
                [W, S + 0.002],
                [W, S],
            ]
        ),
        ["touches itself"],
        "a ring that touches itself at one point",
        location="/coordinates",
    )
    geometry(
        "spike",
        polygon(
            [
                [W, S],
                [W + 0.002, S],
                [W + 0.002, S + 0.001],
                [W + 0.004, S + 0.001],
                [W + 0.002, S + 0.001],
                [W + 0.002, S + 0.002],
                [W, S + 0.002],
                [W, S],
            ]
        ),
        ["not valid"],
        "a ring with a zero-width spike",
        location="/coordinates",
    )
    geometry(
        "ring-not-closed",
        polygon([*ring()[:-1], [W, S + 0.001]]),
        ["Ring 1 is not closed", "must repeat its first"],
        "the last position does not repeat the first",
        location="/coordinates/0/4",
        also=("concept-save", "concern-report"),
    )
    geometry(
        "ring-of-three",
        polygon([[W, S], [W + 0.002, S], [W, S]]),
        ["4 positions", "ring 1 has 3"],
        "a ring with three positions",
        location="/coordinates/0",
    )
    geometry(
        "ring-of-two",
        polygon([[W, S], [W, S]]),
        ["4 positions", "ring 1 has 2"],
        "a ring with two positions",
        location="/coordinates/0",
    )
    geometry(
        "ring-empty",
        polygon([]),
        ["4 positions", "ring 1 has 0"],
        "an outer ring with no positions",
        location="/coordinates/0",
    )
    geometry(
        "polygon-no-rings",
        polygon(),
        ["Polygon is empty"],
        "a Polygon with no rings",
        location="/coordinates",
        also=("site-create",),
    )
    geometry(
        "hole-outside-shell",
        polygon(ring(), ring(76.95, 52.05, 0.001)[::-1]),
        ["hole lies outside the outer ring"],
        "a hole outside its polygon",
        location="/coordinates",
        also=("concept-save",),
    )
    geometry(
        "hole-crossing-shell",
        polygon(ring(), ring(W + 0.001, S + 0.001, 0.002)[::-1]),
        ["not valid"],
        "a hole that crosses the outer ring",
        location="/coordinates",
    )
    geometry(
        "nested-holes",
        polygon(
            ring(W, S, 0.004),
            ring(W + 0.0005, S + 0.0005, 0.003)[::-1],
            ring(W + 0.001, S + 0.001, 0.001)[::-1],
        ),
        ["hole lies inside another hole"],
        "a hole inside another hole",
        location="/coordinates",
    )
    geometry(
        "hole-equals-shell",
        polygon(ring(), ring()[::-1]),
        ["not valid"],
        "the outer ring repeated as its own hole",
        location="/coordinates",
    )
    geometry(
        "holes-cut-polygon",
        polygon(
            ring(W, S, 0.004),
            [
                [W, S + 0.001],
                [W + 0.004, S + 0.001],
                [W + 0.004, S + 0.002],
                [W, S + 0.002],
                [W, S + 0.001],
            ][::-1],
        ),
        ["not valid"],
        "a hole that cuts the polygon in two",
        location="/coordinates",
    )
    geometry(
        "all-on-one-spot",
        polygon([[W, S], [W, S], [W, S], [W, S]]),
        ["not valid"],
        "a ring whose positions all lie on one spot",
        location="/coordinates",
    )
    geometry(
        "collinear-ring",
        polygon([[W, S], [W + 0.001, S], [W + 0.002, S], [W, S]]),
        ["not valid"],
        "a ring with no area (all positions on a line)",
        location="/coordinates",
    )
    geometry(
        "line-one-position",
        {"type": "LineString", "coordinates": [[W, S]]},
        ["2 positions"],
        "a line of one position",
        location="/coordinates",
    )
    geometry(
        "line-same-position",
        {"type": "LineString", "coordinates": [[W, S], [W, S]]},
        ["too few distinct positions"],
        "a line whose two positions are the same",
        location="/coordinates",
        also=("concept-save",),
    )
    geometry(
        "multipolygon-overlapping",
        {
            "type": "MultiPolygon",
            "coordinates": [[ring()], [ring(W + 0.001, S + 0.001)]],
        },
        ["not valid"],
        "two parts of a MultiPolygon that overlap",
        location="/coordinates",
        endpoints=["geometry-check"],
    )
    geometry(
        "multipolygon-same-part-twice",
        {"type": "MultiPolygon", "coordinates": [[ring()], [ring()]]},
        ["not valid"],
        "the same polygon twice in a MultiPolygon",
        location="/coordinates",
        endpoints=["geometry-check"],
    )
    geometry(
        "multipolygon-nested-shell",
        {
            "type": "MultiPolygon",
            "coordinates": [[ring(W, S, 0.004)], [ring(W + 0.001, S + 0.001, 0.001)]],
        },
        ["not valid"],
        "one part of a MultiPolygon inside another",
        location="/coordinates",
        endpoints=["geometry-check"],
    )
    geometry(
        "multipolygon-part-empty",
        {"type": "MultiPolygon", "coordinates": [[ring()], []]},
        ["Polygon 2 is empty"],
        "an empty part of a MultiPolygon",
        location="/coordinates/1",
        endpoints=["geometry-check"],
    )
    geometry(
        "multilinestring-empty-line",
        {"type": "MultiLineString", "coordinates": [[[W, S], [W + 0.001, S]], []]},
        ["2 positions"],
        "an empty line in a MultiLineString",
        location="/coordinates/1",
        endpoints=["geometry-check"],
    )
    geometry(
        "multipoint-empty",
        {"type": "MultiPoint", "coordinates": []},
        ["empty"],
        "a MultiPoint without points",
        location="/coordinates",
        endpoints=["geometry-check"],
    )
    geometry(
        "point-empty",
        {"type": "Point", "coordinates": []},
        ["longitude and a latitude"],
        "a Point without coordinates",
        location="/coordinates",
        also=("drawing-place",),
    )
    geometry(
        "linestring-empty",
        {"type": "LineString", "coordinates": []},
        ["empty"],
        "a LineString without positions",
        location="/coordinates",
    )

    # Numbers that are not numbers.
    for name, text, words, location in [
        ("nan", '{"type": "Point", "coordinates": [NaN, 52.04]}', ["NaN"], "0"),
        (
            "infinity",
            '{"type": "Point", "coordinates": [76.93, Infinity]}',
            ["Infinity"],
            "1",
        ),
        (
            "minus-infinity",
            '{"type": "Point", "coordinates": [-Infinity, 52.04]}',
            ["-Infinity"],
            "0",
        ),
        (
            "overflow-1e400",
            '{"type": "Point", "coordinates": [1e400, 52.04]}',
            ["inf"],
            "0",
        ),
        (
            "overflow-negative",
            '{"type": "Point", "coordinates": [76.93, -1e999]}',
            ["-inf"],
            "1",
        ),
    ]:
        geometry(
            f"not-finite-{name}",
            text,
            [*words, "finite number"],
            f"a coordinate that is {name}",
            location=f"/coordinates/{location}",
            also=("drawing-place",) if name == "nan" else (),
        )
    geometry(
        "nan-inside-ring",
        '{"type": "Polygon", "coordinates": [[[76.93, 52.04], [76.932, 52.04], '
        "[NaN, 52.042], [76.93, 52.042], [76.93, 52.04]]]}",
        ["NaN", "ring 1, position 3"],
        "NaN in the middle of a ring",
        location="/coordinates/0/2/0",
        also=("concept-save", "concern-report"),
    )
    geometry(
        "infinity-in-multipolygon",
        '{"type": "MultiPolygon", "coordinates": [[[[76.93, 52.04], [76.932, 52.04],'
        " [76.932, 52.042], [76.93, 52.04]]], [[[76.94, 52.05], [76.942, Infinity],"
        " [76.942, 52.052], [76.94, 52.05]]]]}",
        ["Infinity", "polygon 2, ring 1, position 2"],
        "Infinity deep in a MultiPolygon",
        location="/coordinates/1/0/1/1",
        endpoints=["geometry-check"],
    )
    for name, value, words in [
        ("string", '"76.93"', ['"76.93"', "not a number"]),
        ("string-nan", '"NaN"', ['"NaN"', "not a number"]),
        ("null", "null", ["null", "not a number"]),
        ("true", "true", ["true", "not a number"]),
        ("object", '{"lon": 76.93}', ["not a number"]),
        ("list", "[76.93]", ["not a number"]),
        ("hex-string", '"0x4C"', ['"0x4C"']),
        ("comma-decimal", '"76,93"', ['"76,93"']),
    ]:
        geometry(
            f"coordinate-{name}",
            '{"type": "Point", "coordinates": [' + value + ", 52.04]}",
            words,
            f"a coordinate written as {name}",
            location="/coordinates/0",
        )

    # Huge and out-of-range numbers.
    for name, lon, lat, words, where in [
        ("lon-1e308", "1e308", "52.04", ["longitude", "outside"], "0"),
        ("lat-1e308", "76.93", "1e308", ["latitude", "outside"], "1"),
        ("lon-181", "181", "52.04", ["longitude 181 is outside"], "0"),
        ("lon-minus-181", "-181", "52.04", ["longitude -181 is outside"], "0"),
        ("lat-91", "76.93", "91", ["latitude 91 is outside"], "1"),
        ("lat-minus-90-point-1", "76.93", "-90.1", ["latitude -90.1 is outside"], "1"),
        ("big-integer", "1" + "0" * 300, "52.04", ["longitude", "outside"], "0"),
        (
            "web-mercator-metres",
            "8563812.5",
            "6801434.2",
            ["longitude 8563812.5 is outside"],
            "0",
        ),
        ("utm-metres", "500000", "5765000", ["longitude 500000 is outside"], "0"),
    ]:
        geometry(
            f"range-{name}",
            '{"type": "Point", "coordinates": [' + lon + ", " + lat + "]}",
            words,
            f"a coordinate out of range: {name}",
            location=f"/coordinates/{where}",
            also=("drawing-place",) if name == "lon-181" else (),
        )
    geometry(
        "range-in-polygon",
        polygon([[W, S], [W + 0.002, S], [W + 0.002, 95.0], [W, S + 0.002], [W, S]]),
        ["ring 1, position 3", "latitude 95.0 is outside"],
        "one latitude out of range inside a ring",
        location="/coordinates/0/2/1",
        also=("site-create",),
    )
    geometry(
        "huge-integer-5000-digits",
        '{"type": "Point", "coordinates": [' + "7" * 5000 + ", 52.04]}",
        ["number", "digits"],
        "an integer of 5 000 digits (Python refuses to convert it)",
        location="",
    )
    geometry(
        "long-decimal",
        '{"type": "Point", "coordinates": [76.' + "9" * 20000 + ", 52.04]}",
        ["outside"],
        "a decimal with 20 000 digits (rounds to 77, outside the town)",
        location="/coordinates",
    )
    geometry(
        "denormal",
        '{"type": "Point", "coordinates": [5e-324, 52.04]}',
        ["outside Aksu"],
        "the smallest double (a point on the prime meridian)",
        location="/coordinates",
    )

    # Longitude and latitude swapped, or simply elsewhere.
    geometry(
        "swapped-point",
        point(S, W),
        ["outside Aksu", "look swapped"],
        "latitude first",
        location="/coordinates",
        also=("drawing-place", "concern-report"),
    )
    geometry(
        "swapped-polygon",
        polygon([[lat, lon] for lon, lat in ring()]),
        ["outside Aksu", "look swapped"],
        "a polygon written latitude first",
        location="/coordinates/0/3",
        also=("concept-save", "site-create"),
    )
    geometry(
        "swapped-line",
        {"type": "LineString", "coordinates": [[S, W], [S + 0.001, W + 0.001]]},
        ["outside Aksu", "look swapped"],
        "a line written latitude first",
        location="/coordinates/1",
    )
    for name, doc, location, words in [
        ("almaty", point(76.95, 43.24), "/coordinates", ["outside Aksu", "km"]),
        ("null-island", point(0, 0), "/coordinates", ["outside Aksu"]),
        (
            "just-outside",
            point(76.9620, 52.045),
            "/coordinates",
            ["outside Aksu", "beyond the town boundary"],
        ),
        (
            "polygon-half-out",
            polygon(ring(76.955, 52.06, 0.02)),
            "/coordinates/0/2",
            ["outside Aksu", "ring 1, position 3"],
        ),
        (
            "polygon-around-town",
            polygon(ring(76.8, 51.9, 0.4)),
            "/coordinates/0/2",
            ["outside Aksu"],
        ),
        (
            "line-across-town",
            {"type": "LineString", "coordinates": [[76.85, 52.04], [77.0, 52.04]]},
            "/coordinates/0",
            ["outside Aksu"],
        ),
        (
            "multipoint-one-out",
            {"type": "MultiPoint", "coordinates": [[W, S], [W, S + 0.001], [78, S]]},
            "/coordinates/2",
            ["outside Aksu", "point 3"],
        ),
        (
            "south-pole",
            point(0, -90),
            "/coordinates",
            ["outside Aksu"],
        ),
    ]:
        geometry(
            f"outside-{name}",
            doc,
            words,
            f"outside the town: {name}",
            location=location,
            also=("drawing-place",)
            if doc["type"] == "Point" and name == "almaty"
            else ("concept-save",)
            if name == "polygon-half-out"
            else (),
            endpoints=["geometry-check"] if doc["type"] == "MultiPoint" else None,
        )

    # The antimeridian and the poles.
    geometry(
        "antimeridian-line",
        {"type": "LineString", "coordinates": [[179.9, 52.04], [-179.9, 52.04]]},
        ["outside Aksu"],
        "a line across the antimeridian",
        location="/coordinates/1",
    )
    geometry(
        "antimeridian-polygon",
        polygon(
            [
                [179.5, 52.0],
                [-179.5, 52.0],
                [-179.5, 52.1],
                [179.5, 52.1],
                [179.5, 52.0],
            ]
        ),
        ["outside Aksu"],
        "a polygon spanning the antimeridian",
        location="/coordinates/0/3",
    )
    geometry(
        "antimeridian-180",
        point(180, 52.04),
        ["outside Aksu"],
        "a point on the antimeridian",
        location="/coordinates",
    )
    geometry(
        "antimeridian-past",
        point(180.0000001, 52.04),
        ["longitude 180.0000001 is outside"],
        "a longitude a hair past 180",
        location="/coordinates/0",
    )
    geometry(
        "north-pole-polygon",
        polygon([[0, 89.9], [120, 89.9], [-120, 89.9], [0, 89.9]]),
        ["not valid"],
        "a ring around the north pole (flat on a plate carrée map)",
        location="/coordinates",
    )

    # Three and four dimensions, or one.
    geometry(
        "point-3d",
        point(W, S) | {"coordinates": [W, S, 120.0]},
        ["3 numbers", "2 dimensions"],
        "a point with a height",
        location="/coordinates",
        also=("drawing-place",),
    )
    geometry(
        "point-4d",
        {"type": "Point", "coordinates": [W, S, 120.0, 1.0]},
        ["4 numbers"],
        "a point with height and measure",
        location="/coordinates",
    )
    geometry(
        "polygon-3d",
        polygon([[*p, 300.0] for p in ring()]),
        ["ring 1, position 1", "3 numbers"],
        "a polygon with heights",
        location="/coordinates/0/0",
        also=("concept-save",),
    )
    geometry(
        "line-mixed-dimensions",
        {"type": "LineString", "coordinates": [[W, S], [W + 0.001, S, 5.0]]},
        ["position 2", "3 numbers"],
        "a line whose second position has a height",
        location="/coordinates/1",
    )
    geometry(
        "point-1d",
        {"type": "Point", "coordinates": [W]},
        ["1 number"],
        "a point with one coordinate",
        location="/coordinates",
    )

    # Too many vertices, rings and parts (the real limits: 10 000, 200, 500).
    geometry(
        "vertices-10001",
        polygon(circle(10_000)),
        ["more than 10000 positions", "Simplify"],
        "a ring of 10 001 positions",
        status={
            "geometry-check": [413],
            "concept-save": [400, 413],
            "proposal-create": [413],
            "concern-report": [400],
        },
        location="/coordinates/0/10000",
    )
    geometry(
        "vertices-line",
        {
            "type": "LineString",
            "coordinates": [
                [round(W + (i % 100) * 1e-5, 6), round(S + (i // 100) * 1e-5, 6)]
                for i in range(10_001)
            ],
        },
        ["more than 10000 positions"],
        "a line of 10 001 positions",
        status={
            "geometry-check": [413],
            "concept-save": [400, 413],
            "proposal-create": [413],
            "concern-report": [400],
        },
        location="/coordinates/10000",
        endpoints=["geometry-check", "concept-save"],
    )
    geometry(
        "parts-multipoint",
        {
            "type": "MultiPoint",
            "coordinates": [[round(W + i * 1e-5, 6), S] for i in range(501)],
        },
        ["501 parts"],
        "501 points",
        status={
            "geometry-check": [413],
            "concept-save": [400, 413],
            "proposal-create": [413],
            "concern-report": [400],
        },
        location="/coordinates",
        endpoints=["geometry-check"],
    )
    holes = [
        ring(W + 0.0001 + (i % 15) * 0.00025, S + 0.0001 + (i // 15) * 0.00025, 1e-4)[
            ::-1
        ]
        for i in range(201)
    ]
    geometry(
        "rings-202",
        polygon(ring(W, S, 0.004), *holes),
        ["more than 200 rings"],
        "a polygon with 201 holes",
        status={
            "geometry-check": [413],
            "concept-save": [400, 413],
            "proposal-create": [413],
            "concern-report": [400],
        },
        location="/coordinates",
    )
    geometry(
        "parts-501",
        {
            "type": "MultiPolygon",
            "coordinates": [
                [ring(W + (i % 25) * 0.0003, S + (i // 25) * 0.0003, 1e-4)]
                for i in range(501)
            ],
        },
        ["501 parts", "at most 500"],
        "a MultiPolygon of 501 parts",
        status={
            "geometry-check": [413],
            "concept-save": [400, 413],
            "proposal-create": [413],
            "concern-report": [400],
        },
        location="/coordinates",
        endpoints=["geometry-check"],
    )
    geometry(
        "lines-501",
        {
            "type": "MultiLineString",
            "coordinates": [
                [[W, S + i * 1e-5], [W + 0.001, S + i * 1e-5]] for i in range(501)
            ],
        },
        ["501 parts"],
        "a MultiLineString of 501 lines",
        status={
            "geometry-check": [413],
            "concept-save": [400, 413],
            "proposal-create": [413],
            "concern-report": [400],
        },
        location="/coordinates",
        endpoints=["geometry-check"],
    )

    # GeometryCollections, plain and nested; nesting in general.
    inner = point(W, S)
    geometry(
        "geometrycollection",
        {"type": "GeometryCollection", "geometries": [inner]},
        ["GeometryCollection is not accepted"],
        "a GeometryCollection",
        location="/type",
        also=("concept-save", "drawing-place"),
    )
    geometry(
        "geometrycollection-empty",
        {"type": "GeometryCollection", "geometries": []},
        ["GeometryCollection is not accepted"],
        "an empty GeometryCollection",
        location="/type",
    )
    nested: dict = inner
    for _level in range(6):
        nested = {"type": "GeometryCollection", "geometries": [nested]}
    geometry(
        "geometrycollection-nested-6",
        nested,
        ["nested more than 8 levels"],
        "GeometryCollections six deep",
        location="/geometries/0/geometries/0/geometries/0/geometries/0",
    )
    nested = inner
    for _level in range(400):
        nested = {"type": "GeometryCollection", "geometries": [nested]}
    geometry(
        "geometrycollection-nested-400",
        nested,
        ["nested more than 8 levels"],
        "GeometryCollections 400 deep",
    )
    geometry(
        "brackets-5000",
        '{"type": "Point", "coordinates": ' + "[" * 5000 + "]" * 5000 + "}",
        ["nested more than 8 levels"],
        "5 000 nested lists (past Python's recursion limit)",
    )
    geometry(
        "coordinates-nested-9",
        {"type": "Point", "coordinates": [[[[[[[[[W]]]]]]]], S]},
        ["nested more than 8 levels"],
        "coordinates nested nine deep",
        location="/coordinates/0/0/0/0/0/0/0",
    )
    geometry(
        "polygon-one-level-too-few",
        {"type": "Polygon", "coordinates": ring()},
        ["ring 1, position 1", "position [longitude, latitude] was expected"],
        "a Polygon given a ring instead of a list of rings",
        location="/coordinates/0/0",
    )
    geometry(
        "multipolygon-one-level-too-few",
        {"type": "MultiPolygon", "coordinates": [ring()]},
        ["polygon 1, ring 1", "position [longitude, latitude] was expected"],
        "a MultiPolygon given a list of rings",
        location="/coordinates/0/0/0",
        endpoints=["geometry-check"],
    )

    # Empty, missing and wrong members, and wrong types.
    for name, document, words, location, also in [
        ("empty-object", {}, ["no “type” member"], "/", ()),
        ("type-only", {"type": "Point"}, ["no “coordinates” member"], "/", ()),
        ("coordinates-only", {"coordinates": [W, S]}, ["no “type” member"], "/", ()),
        (
            "feature-geometry-null",
            {"type": "Feature", "properties": {}, "geometry": None},
            ["no geometry"],
            "/geometry",
            ("drawing-place",),
        ),
        (
            "feature-no-geometry",
            {"type": "Feature", "properties": {}},
            ["no geometry"],
            "/geometry",
            (),
        ),
        (
            "feature-geometry-string",
            {"type": "Feature", "geometry": "POINT (76.93 52.04)"},
            ["must be an object", "text"],
            "/geometry",
            (),
        ),
        (
            "feature-of-feature",
            {"type": "Feature", "geometry": {"type": "Feature", "geometry": inner}},
            ["“Feature” is not a GeoJSON geometry type"],
            "/geometry/type",
            (),
        ),
        (
            "featurecollection",
            {"type": "FeatureCollection", "features": [{"type": "Feature"}]},
            ["FeatureCollection is not accepted here"],
            "/type",
            (),
        ),
        (
            "type-lowercase",
            {"type": "point", "coordinates": [W, S]},
            ["“point” is not a GeoJSON geometry type"],
            "/type",
            ("drawing-place",),
        ),
        (
            "type-circle",
            {"type": "Circle", "coordinates": [W, S], "radius": 100},
            ["“Circle” is not a GeoJSON geometry type"],
            "/type",
            (),
        ),
        (
            "type-number",
            {"type": 42, "coordinates": [W, S]},
            ["“42” is not a GeoJSON geometry type"],
            "/type",
            (),
        ),
        ("type-null", {"type": None, "coordinates": [W, S]}, ["no “type”"], "/", ()),
        (
            "type-list",
            {"type": ["Point"], "coordinates": [W, S]},
            ["is not a GeoJSON geometry type"],
            "/type",
            (),
        ),
        (
            "type-topology",
            {"type": "Topology", "objects": {}, "arcs": []},
            ["“Topology” is not a GeoJSON geometry type"],
            "/type",
            (),
        ),
        (
            "coordinates-string",
            {"type": "LineString", "coordinates": "76.93 52.04, 76.94 52.05"},
            ["list was expected", "text"],
            "/coordinates",
            (),
        ),
        (
            "coordinates-object",
            {"type": "Polygon", "coordinates": {"0": ring()}},
            ["list was expected", "an object"],
            "/coordinates",
            (),
        ),
        (
            "coordinates-null",
            {"type": "Polygon", "coordinates": None},
            ["list was expected", "null"],
            "/coordinates",
            (),
        ),
        (
            "point-given-polygon",
            {"type": "Point", "coordinates": [ring()]},
            ["1 number"],
            "/coordinates",
            (),
        ),
        (
            "line-given-rings",
            {"type": "LineString", "coordinates": [ring(), ring()]},
            ["position 1", "5 numbers"],
            "/coordinates/0",
            (),
        ),
        ("top-level-list", [W, S], ["must be a JSON object", "a list"], "", ()),
        ("top-level-string", '"Point"', ["must be a JSON object", "text"], "", ()),
        ("top-level-number", "52.04", ["must be a JSON object", "a number"], "", ()),
    ]:
        geometry(
            f"structure-{name}",
            document,
            words,
            f"wrong structure: {name}",
            location=location,
            also=also,
        )
    geometry(
        "top-level-null",
        "null",
        ["must be a JSON object", "null"],
        "the JSON null",
    )
    geometry(
        "whitespace-only",
        " \n\t ",
        {
            "geometry-check": ["not valid JSON", "line 2"],
            "proposal-create": ["Draw a point, a line or an area"],
        },
        "nothing but white space",
    )
    geometry(
        "polygon-for-a-drawing",
        polygon(ring()),
        ["A Polygon is not accepted here", "Point"],
        "a drawing's place must be a point",
        endpoints=["drawing-place"],
    )
    geometry(
        "multipoint-for-a-proposal",
        {"type": "MultiPoint", "coordinates": [[W, S], [W + 0.001, S]]},
        ["A MultiPoint is not accepted here"],
        "proposals are a point, a line or a polygon",
        endpoints=["proposal-create", "site-create"],
    )
    geometry(
        "point-for-a-site",
        point(W, S),
        ["A Point is not accepted here", "Polygon"],
        "a site's outline must be a polygon",
        endpoints=["site-create"],
    )
    geometry(
        "line-for-a-zone",
        {"type": "LineString", "coordinates": [[W, S], [W + 0.001, S + 0.001]]},
        ["Element 1"],
        "a playground drawn as a line",
        endpoints=["concept-save"],
    )

    # The crs member (RFC 7946 removed it), and coordinates in another system.
    for name, doc, location in [
        (
            "named-3857",
            point(W, S)
            | {"crs": {"type": "name", "properties": {"name": "EPSG:3857"}}},
            "/crs",
        ),
        (
            "named-crs84",
            point(W, S)
            | {
                "crs": {
                    "type": "name",
                    "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"},
                }
            },
            "/crs",
        ),
        (
            "linked",
            point(W, S)
            | {
                "crs": {
                    "type": "link",
                    "properties": {"href": "http://example.com/crs", "type": "proj4"},
                }
            },
            "/crs",
        ),
        (
            "on-feature",
            {
                "type": "Feature",
                "crs": {"type": "name", "properties": {"name": "EPSG:32643"}},
                "geometry": point(W, S),
            },
            "/crs",
        ),
        (
            "in-feature-geometry",
            {
                "type": "Feature",
                "geometry": point(W, S) | {"crs": None},
            },
            "/geometry/crs",
        ),
    ]:
        geometry(
            f"crs-{name}",
            doc,
            ["“crs” member is not allowed", "WGS 84"],
            f"a crs member: {name}",
            location=location,
            also=("site-create",) if name == "named-3857" else (),
        )

    # Duplicate keys: parsers disagree on which one wins, so none is taken.
    geometry(
        "duplicate-coordinates",
        '{"type": "Point", "coordinates": [76.931, 52.041], "coordinates": [0, 0]}',
        ["“coordinates”", "more than once"],
        "the coordinates member twice",
        also=("drawing-place", "concern-report"),
    )
    geometry(
        "duplicate-type",
        '{"type": "Point", "type": "Polygon", "coordinates": [76.931, 52.041]}',
        ["“type”", "more than once"],
        "the type member twice",
    )
    geometry(
        "duplicate-in-feature",
        '{"type": "Feature", "geometry": {"type": "Point", "coordinates": [76.931,'
        ' 52.041]}, "geometry": {"type": "Point", "coordinates": [0, 0]}}',
        ["“geometry”", "more than once"],
        "a Feature with two geometries",
    )
    geometry(
        "duplicate-in-properties",
        '{"type": "Feature", "properties": {"kind": "bench", "kind": "playground"},'
        ' "geometry": {"type": "Point", "coordinates": [76.931, 52.041]}}',
        ["“kind”", "more than once"],
        "a property named twice",
    )

    # Very long text, where a type or a key is expected.
    geometry(
        "long-type",
        {"type": "P" * 50_000, "coordinates": [W, S]},
        ["is not a GeoJSON geometry type"],
        "a type of 50 000 letters",
        location="/type",
        too_long_to_echo=True,
    )
    geometry(
        "long-coordinate-string",
        {"type": "Point", "coordinates": ["7" * 50_000, S]},
        ["not a number"],
        "a coordinate given as 50 000 characters of text",
        location="/coordinates/0",
        too_long_to_echo=True,
    )
    geometry(
        "long-key",
        {"k" * 50_000: 1, "type": "Circle", "coordinates": [W, S]},
        ["“Circle” is not a GeoJSON geometry type"],
        "a member name of 50 000 characters",
        location="/type",
    )
    geometry(
        "over-size-limit",
        {"type": "Point", "coordinates": [W, S], "padding": "x" * 20_000},
        ["bytes", "at most 10000 bytes"],
        "a body over the intake's size limit (lowered to 10 kB here)",
        settings={"BIRGE_INTAKE_MAX_BYTES": 10_000},
        status={"geometry-check": [413], "proposal-create": [413]},
        endpoints=["geometry-check", "proposal-create"],
    )

    # Unicode tricks: look-alike letters, invisible ones, broken ones.
    for name, gtype, words in [
        ("fullwidth", "Ｐoint", ["“Ｐoint” is not"]),
        ("cyrillic-o", "Pоint", ["“Pоint” is not"]),
        ("cyrillic-p", "Рoint", ["“Рoint” is not"]),
        ("zero-width-space", "Point\u200b", ["is not a GeoJSON geometry type"]),
        ("right-to-left-override", "\u202etnioP", ["is not a GeoJSON geometry type"]),
        ("combining-accent", "Poi\u0301nt", ["is not a GeoJSON geometry type"]),
        ("emoji", "📍", ["“📍” is not"]),
        ("trailing-space", "Point ", ["“Point ” is not"]),
    ]:
        geometry(
            f"unicode-{name}",
            {"type": gtype, "coordinates": [W, S]},
            words,
            f"a look-alike type name: {name}",
            location="/type",
        )
    geometry(
        "unicode-homoglyph-key",
        '{"type": "Point", "cооrdinates": [76.931, 52.041]}',
        ["no “coordinates” member"],
        "“coordinates” written with Cyrillic о",
        location="/",
    )
    geometry(
        "unicode-arabic-digits",
        {"type": "Point", "coordinates": ["٧٦٫٩٣", "٥٢٫٠٤"]},
        ["not a number"],
        "coordinates in Arabic-Indic digits",
        location="/coordinates/0",
    )
    geometry(
        "unicode-lone-surrogate",
        '{"type": "\\ud800Point", "coordinates": [76.931, 52.041]}',
        ["not valid Unicode"],
        "a lone UTF-16 surrogate escaped in a string",
        also=("concept-save", "concern-report", "drawing-place"),
    )
    geometry(
        "unicode-lone-low-surrogate",
        '{"type": "Feature", "properties": {"label": "\\udc00"}, "geometry": '
        '{"type": "Point", "coordinates": [76.931, 52.041]}}',
        ["not valid Unicode"],
        "a lone low surrogate in a property",
    )
    geometry(
        "null-byte-escaped",
        '{"type": "Po\\u0000int", "coordinates": [76.931, 52.041]}',
        ["NUL"],
        "an escaped NUL character in the type",
        also=("site-create",),
    )
    geometry(
        "null-byte-in-property",
        '{"type": "Feature", "properties": {"label": "a\\u0000b"}, "geometry": '
        '{"type": "Point", "coordinates": [76.931, 52.041]}}',
        ["NUL"],
        "an escaped NUL character in a property",
    )
    geometry(
        "control-character-raw",
        '{"type": "Po\x01int", "coordinates": [76.931, 52.041]}',
        ["not valid JSON", "Invalid control character"],
        "a raw control character inside a string",
    )
