"""Where a demo proposal lies: a shape of its kind inside one of its districts."""

from __future__ import annotations

import json
import math
import random
from collections.abc import Iterable

from django.contrib.gis.geos import GEOSGeometry

from mapping.intake import AcceptedGeometry, accept_geometry

from .data import Idea
from .people import Demo

KINDS = ("Point", "LineString", "Polygon")


def place(demo: Demo, idea: Idea, rng: random.Random) -> AcceptedGeometry:
    """A shape for the idea inside one of its districts, through the intake."""
    known = [demo.districts[s] for s in idea.districts if s in demo.districts]
    district = rng.choice(known or list(demo.districts.values()))
    boundary = district.boundary
    for _attempt in range(200):
        lon, lat = _point_in(boundary, rng)
        shape = _shape(idea, lon, lat, rng)
        if boundary.contains(_geos(shape)):
            return accept_geometry(shape, allowed=KINDS, place=demo.town)
    # A district too thin for this shape: fall back to a point that surely fits.
    centre = boundary.point_on_surface
    point = {"type": "Point", "coordinates": [centre.x, centre.y]}
    return accept_geometry(point, allowed=KINDS, place=demo.town)


def _point_in(boundary: GEOSGeometry, rng: random.Random) -> tuple[float, float]:
    """A random point of the district (sampled in its extent until inside)."""
    west, south, east, north = boundary.extent
    for _attempt in range(500):
        lon, lat = rng.uniform(west, east), rng.uniform(south, north)
        if boundary.contains(_geos({"type": "Point", "coordinates": [lon, lat]})):
            return lon, lat
    centre = boundary.point_on_surface
    return centre.x, centre.y


def _shape(idea: Idea, lon: float, lat: float, rng: random.Random) -> dict:
    """GeoJSON for the idea around a point: a point, a winding path or a plot."""
    if idea.kind == "Point":
        return {"type": "Point", "coordinates": _rounded([(lon, lat)])[0]}
    heading = rng.uniform(0, math.tau)
    if idea.kind == "LineString":
        length = idea.size * rng.uniform(0.8, 1.2)
        vertices, x, y = [(0.0, 0.0)], 0.0, 0.0
        for _leg in range(4):
            heading += rng.uniform(-0.4, 0.4)  # streets and paths bend a little
            x, y = (
                x + length / 4 * math.cos(heading),
                y + length / 4 * math.sin(heading),
            )
            vertices.append((x, y))
        return {"type": "LineString", "coordinates": _offsets(vertices, lon, lat)}
    width = idea.size * rng.uniform(0.8, 1.2)
    depth = width * rng.uniform(0.6, 1.0)
    corners = [(0, 0), (width, 0), (width, depth), (0, depth), (0, 0)]
    cos, sin = math.cos(heading), math.sin(heading)
    turned = [(x * cos - y * sin, x * sin + y * cos) for x, y in corners]
    return {"type": "Polygon", "coordinates": [_offsets(turned, lon, lat)]}


def _offsets(metres: Iterable[tuple[float, float]], lon: float, lat: float) -> list:
    """Offsets in metres from (lon, lat) as positions in degrees (small shapes)."""
    per_degree_lat = 111_320.0
    per_degree_lon = per_degree_lat * math.cos(math.radians(lat))
    return _rounded(
        (lon + dx / per_degree_lon, lat + dy / per_degree_lat) for dx, dy in metres
    )


def _rounded(positions: Iterable[tuple[float, float]]) -> list[list[float]]:
    # Six decimals is about 10 cm: what a phone's drawing would send.
    return [[round(x, 6), round(y, 6)] for x, y in positions]


def _geos(shape: dict) -> GEOSGeometry:
    return GEOSGeometry(json.dumps(shape), srid=4326)
