"""The one way outside geometry enters Birge.

`accept_geometry` takes GeoJSON (text, bytes or parsed), or a GEOS geometry from
a form or file reader, and either returns an `AcceptedGeometry` (valid, within
limits, inside the town, rings oriented by RFC 7946) or raises `GeometryRejected`
naming the problem and where it is, in the active language. Services take only
`AcceptedGeometry`, so nothing reaches the database without passing here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.gis.geos import GEOSGeometry, MultiLineString, MultiPoint
from django.contrib.gis.geos import MultiPolygon as GEOSMultiPolygon

from .checks import Place, check_place, check_valid, to_geos
from .errors import GeometryRejected, IntakeNote, form_status
from .geojson import GEOMETRY_TYPES, check_structure, find_geometry
from .limits import STORED_MAX_POINTS, IntakeLimits, configured_limits
from .reading import NonFinite, load_json

__all__ = [
    "GEOMETRY_TYPES",
    "STORED_MAX_POINTS",
    "AcceptedGeometry",
    "GeometryRejected",
    "IntakeLimits",
    "IntakeNote",
    "Place",
    "accept_geometry",
    "form_status",
    "load_json",
]

AREAS: tuple[str, ...] = ("Polygon", "MultiPolygon")


@dataclass(frozen=True)
class AcceptedGeometry:
    """A geometry that passed the intake, with what the intake changed on the way."""

    geometry: Any  # a GEOS geometry of the accepted type (Point, Polygon...)
    place_key: Any = None
    notes: list[IntakeNote] = field(default_factory=list)

    def as_multi(self) -> Any:
        """The geometry as its Multi… type, for fields that store collections."""
        geometry = self.geometry
        kinds = {
            "Polygon": GEOSMultiPolygon,
            "LineString": MultiLineString,
            "Point": MultiPoint,
        }
        if geometry.geom_type in kinds:
            return kinds[geometry.geom_type]([geometry.clone()], srid=geometry.srid)
        return geometry

    def check_for(self, place: Place) -> None:
        """Services call this: the geometry must have been accepted for this place."""
        if self.place_key != _place_key(place):
            raise ValueError("geometry was accepted for another place")


def _place_key(place: Place | None) -> Any:
    return None if place is None else (type(place).__name__, place.pk)


def accept_geometry(
    data: str | bytes | Mapping[str, Any] | GEOSGeometry | Any,
    *,
    allowed: Iterable[str] = GEOMETRY_TYPES,
    place: Place | None = None,
    limits: IntakeLimits | None = None,
) -> AcceptedGeometry:
    """Check outside geometry and return it clean, or raise GeometryRejected."""
    limits = limits or configured_limits()
    allowed = tuple(allowed)
    if isinstance(data, GEOSGeometry):
        data = _from_geos(data)
    # Text is parsed here; anything else was parsed already (an API body may be a
    # list or null, refused below as not a GeoJSON object).
    document = load_json(data, limits=limits) if isinstance(data, str | bytes) else data
    geometry_object, pointer = find_geometry(document, limits=limits)
    checked = check_structure(geometry_object, pointer, allowed=allowed, limits=limits)
    geometry = to_geos(checked)  # the walk refused every empty form already
    check_valid(geometry, checked)
    if place is not None:
        check_place(geometry, checked, place, limits.boundary_tolerance_m)
    return AcceptedGeometry(geometry, _place_key(place), checked.notes)


def _from_geos(geometry: GEOSGeometry) -> dict[str, Any]:
    """GEOS geometry (forms, file readers) as GeoJSON, in WGS 84, for the checks."""
    if geometry.srid not in (None, 4326):
        geometry = geometry.transform(4326, clone=True)
    if geometry.empty:  # GDAL writes no GeoJSON at all for POINT EMPTY
        return {"type": geometry.geom_type, "coordinates": []}
    return json.loads(geometry.json, parse_constant=NonFinite)
