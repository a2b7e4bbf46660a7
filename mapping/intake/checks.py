"""Checks that need the shape itself: validity (GEOS) and place (the town)."""

from __future__ import annotations

import json
import re
import struct
import threading
from functools import lru_cache
from typing import Any, Protocol

from django.contrib.gis.gdal import CoordTransform, SpatialReference
from django.contrib.gis.geos import (
    GEOSException,
    GEOSGeometry,
    MultiLineString,
    MultiPoint,
    MultiPolygon,
    Point,
)
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .errors import GeometryRejected
from .geojson import CheckedGeometry, describe, iter_positions, pointer_to

WGS84 = 4326


class Place(Protocol):
    """Where a geometry must lie: a town (or anything with its shape and UTM zone)."""

    @property
    def pk(self) -> Any: ...

    @property
    def boundary(self) -> GEOSGeometry: ...

    @property
    def utm_srid(self) -> int: ...

    @property
    def name(self) -> str: ...


_WKB_TYPES = {
    "Point": 1,
    "LineString": 2,
    "Polygon": 3,
    "MultiPoint": 4,
    "MultiLineString": 5,
    "MultiPolygon": 6,
}


def _wkb(gtype: str, coordinates: Any, out: list[bytes]) -> None:
    """Little-endian WKB of checked coordinates, packed a sequence at a time."""
    out.append(struct.pack("<BI", 1, _WKB_TYPES[gtype]))
    if gtype == "Point":
        out.append(struct.pack("<2d", *coordinates))
    elif gtype == "LineString":
        _sequence(coordinates, out)
    elif gtype == "Polygon":
        out.append(struct.pack("<I", len(coordinates)))
        for ring in coordinates:
            _sequence(ring, out)
    else:
        part = gtype.removeprefix("Multi")
        out.append(struct.pack("<I", len(coordinates)))
        for child in coordinates:
            _wkb(part, child, out)


def _sequence(positions: list[tuple[float, float]], out: list[bytes]) -> None:
    flat = [c for position in positions for c in position]
    out.append(struct.pack(f"<I{len(flat)}d", len(positions), *flat))


def to_geos(checked: CheckedGeometry) -> GEOSGeometry:
    """Build the GEOS geometry of checked coordinates, in EPSG:4326."""
    out: list[bytes] = []
    _wkb(checked.type, checked.coordinates, out)
    return GEOSGeometry(memoryview(b"".join(out)), srid=WGS84)


# GEOS's reasons (geos/operation/valid/TopologyValidationError.cpp), in words.
_REASONS = {
    "Self-intersection": lambda: _("the outline crosses itself"),
    "Ring Self-intersection": lambda: _("a ring touches itself at a point"),
    "Hole lies outside shell": lambda: _("a hole lies outside the outer ring"),
    "Holes are nested": lambda: _("a hole lies inside another hole"),
    "Interior is disconnected": lambda: _("holes cut the polygon into pieces"),
    "Nested shells": lambda: _("one polygon lies inside another of the same shape"),
    "Duplicate Rings": lambda: _("two rings are the same"),
    "Too few distinct points in geometry component": lambda: _(
        "a part has too few distinct positions (all on one spot)"
    ),
    "Too few points in geometry component": lambda: _(
        "a part has too few distinct positions (all on one spot)"
    ),
    "Invalid Coordinate": lambda: _("a coordinate is not a number"),
    "Ring is not closed": lambda: _("a ring is not closed"),
}
_REASON_RE = re.compile(r"^(?P<reason>[^\[]+?)\s*\[(?P<x>\S+) (?P<y>\S+)\]")


def check_valid(geometry: GEOSGeometry, checked: CheckedGeometry) -> None:
    """Refuse invalid shapes (OGC simple features), offering a repaired one."""
    if geometry.valid:
        return
    raw = geometry.valid_reason
    match = _REASON_RE.match(raw)
    reason_key = match["reason"] if match else raw
    reason = _REASONS.get(reason_key, lambda: reason_key)()
    position = (float(match["x"]), float(match["y"])) if match else None
    where = (
        _("near (%(lon).6f, %(lat).6f)") % {"lon": position[0], "lat": position[1]}
        if position
        else ""
    )
    raise GeometryRejected(
        code="invalid_geometry",
        message=_(
            "The shape is not valid: %(reason)s %(where)s. Redraw that part, or "
            "check the repaired shape offered as a suggestion and send it again."
        )
        % {"reason": reason, "where": where},
        location=pointer_to(checked.pointer, ()),
        position=position,
        suggestion=_repaired(geometry),
        details={"reason": raw},
    )


def _repaired(geometry: GEOSGeometry) -> dict[str, Any] | None:
    """GEOS's repair, kept to the input's dimension (no stray lines or points)."""
    try:
        fixed = geometry.make_valid()  # type: ignore[attr-defined]  # not in stubs
    except GEOSException:  # no repair to offer; the refusal stands on its own
        return None
    dim = geometry.dims
    if fixed.geom_type == "GeometryCollection":
        parts = [g for g in fixed if g.dims == dim]
        if not parts:
            return None
        flat: list[GEOSGeometry] = []
        for part in parts:
            flat.extend(part if part.geom_type.startswith("Multi") else [part])
        kind = {2: MultiPolygon, 1: MultiLineString, 0: MultiPoint}[dim]
        fixed = kind(flat, srid=WGS84)
    if fixed.empty or not fixed.valid or fixed.dims != dim:
        return None
    return json.loads(fixed.json)


_local = threading.local()


def to_metric(srid: int) -> CoordTransform:
    """WGS 84 to a town's metres, built once per thread (GDAL's are not shared).

    Building a transformation costs about 0.15 ms; an import checks 10 000 points.
    """
    cache: dict[int, CoordTransform] = _local.__dict__.setdefault("to_metric", {})
    if srid not in cache:
        cache[srid] = CoordTransform(SpatialReference(WGS84), SpatialReference(srid))
    return cache[srid]


@lru_cache(maxsize=64)
def _area(boundary_wkb: bytes, srid: int, tolerance_m: float) -> tuple:
    """The place's boundary and its tolerance buffer in metres (cached per shape)."""
    boundary = GEOSGeometry(memoryview(boundary_wkb), srid=WGS84)
    boundary.transform(srid)
    buffered = boundary.buffer(tolerance_m)
    return boundary, buffered, buffered.prepared


def check_place(
    geometry: GEOSGeometry,
    checked: CheckedGeometry,
    place: Place,
    tolerance_m: float,
) -> None:
    """Refuse shapes outside the place (beyond the tolerance), naming the worst spot."""
    boundary, buffered, prepared = _area(
        bytes(place.boundary.wkb), place.utm_srid, tolerance_m
    )
    metric = geometry.transform(to_metric(place.utm_srid), clone=True)
    if prepared.covers(metric):
        return
    worst = None
    for path, (lon, lat) in iter_positions(checked.coordinates):
        vertex = Point(lon, lat, srid=WGS84).transform(
            to_metric(place.utm_srid), clone=True
        )
        if not prepared.covers(vertex):
            distance = vertex.distance(boundary)
            if worst is None or distance > worst[0]:
                worst = (distance, path, (lon, lat))
    if worst is None:  # all corners inside, an edge bulges out of a concave town
        outside = metric.difference(buffered).point_on_surface
        distance = outside.distance(boundary)
        outside.transform(WGS84)
        worst = (distance, (), (outside.x, outside.y))
    distance, path, position = worst
    message = _(
        "The shape lies outside %(town)s: %(where)s (%(lon).6f, %(lat).6f) is "
        "%(distance)s beyond the town boundary. Draw inside the town."
    ) % {
        "town": place.name,
        "where": describe(checked.type, path),
        "lon": position[0],
        "lat": position[1],
        "distance": format_distance(distance),
    }
    if _swapped_fits(metric_srid=place.utm_srid, geometry=geometry, prepared=prepared):
        message += " " + _(
            "Longitude and latitude look swapped: GeoJSON puts longitude first."
        )
    raise GeometryRejected(
        code="outside_town",
        message=message,
        location=pointer_to(checked.pointer, path),
        position=position,
        details={"distance_m": round(distance, 1)},
    )


def _swapped_fits(*, metric_srid: int, geometry: GEOSGeometry, prepared: Any) -> bool:
    """Would the shape's centre fall inside the town with x and y exchanged?"""
    centroid = geometry.centroid
    if not (-90 <= centroid.x <= 90):
        return False
    flipped = Point(centroid.y, centroid.x, srid=WGS84)
    return prepared.covers(flipped.transform(to_metric(metric_srid), clone=True))


def format_distance(metres: float) -> str:
    """Metres as a resident reads them, in their locale: 340 m, 1,2 km."""
    if metres >= 1000:
        return _("%(km)s km") % {"km": number_format(metres / 1000, 1)}
    return _("%(m)s m") % {"m": number_format(round(metres), 0)}
