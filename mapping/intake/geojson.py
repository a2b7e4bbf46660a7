"""Checking a parsed GeoJSON (RFC 7946) geometry into clean coordinate arrays.

Everything here works on plain JSON values, before GEOS sees them, so that each
problem can be named with its place: a JSON pointer such as `/coordinates/0/4`
and the same place in words ("ring 1, position 5").
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from .errors import GeometryRejected, IntakeNote
from .limits import IntakeLimits
from .reading import NonFinite, check_depth, shown

GEOMETRY_TYPES = (
    "Point",
    "LineString",
    "Polygon",
    "MultiPoint",
    "MultiLineString",
    "MultiPolygon",
)
_PLAIN_NUMBERS = (int, float)


@dataclass
class CheckedGeometry:
    """A geometry whose structure, numbers and size passed; not yet its shape."""

    type: str
    coordinates: Any
    pointer: str  # where the geometry object sits in the document
    notes: list[IntakeNote]


def _kind(value: Any) -> str:
    if value is None:
        return _("null")
    if isinstance(value, bool):
        return _("true or false")
    if isinstance(value, int | float):
        return _("a number")
    if isinstance(value, str):
        return _("text")
    if isinstance(value, list):
        return _("a list")
    return _("an object")


def find_geometry(document: Any, *, limits: IntakeLimits) -> tuple[Mapping, str]:
    """The geometry object of a document that is a geometry or a single Feature."""
    check_depth(document, limits)
    if not isinstance(document, Mapping):
        raise GeometryRejected(
            code="not_an_object",
            message=_(
                "GeoJSON must be a JSON object with a “type” member; this is %(kind)s."
            )
            % {"kind": _kind(document)},
        )
    pointer = ""
    if document.get("type") == "Feature":
        _refuse_crs(document, pointer)
        geometry = document.get("geometry")
        if geometry is None:
            raise GeometryRejected(
                code="empty",
                message=_("The Feature has no geometry: draw a shape first."),
                location="/geometry",
            )
        if not isinstance(geometry, Mapping):
            raise GeometryRejected(
                code="not_an_object",
                message=_("The Feature's geometry must be an object; it is %(kind)s.")
                % {"kind": _kind(geometry)},
                location="/geometry",
            )
        return geometry, "/geometry"
    if document.get("type") == "FeatureCollection":
        raise GeometryRejected(
            code="type_not_allowed",
            message=_(
                "A FeatureCollection is not accepted here: send one geometry or "
                "one Feature."
            ),
            location="/type",
        )
    return document, pointer


def _refuse_crs(obj: Mapping, pointer: str) -> None:
    if "crs" in obj:
        raise GeometryRejected(
            code="crs_not_allowed",
            message=_(
                "The “crs” member is not allowed (RFC 7946): coordinates must be "
                "longitude and latitude in WGS 84, written without a crs."
            ),
            location=f"{pointer}/crs",
        )


def check_structure(
    geometry: Mapping, pointer: str, *, allowed: tuple[str, ...], limits: IntakeLimits
) -> CheckedGeometry:
    """Check type, coordinate nesting, numbers, ranges, rings and sizes."""
    _refuse_crs(geometry, pointer)
    gtype = geometry.get("type")
    names = ", ".join(GEOMETRY_TYPES)
    if gtype is None:
        raise GeometryRejected(
            code="missing_type",
            message=_("The geometry has no “type” member. Use one of: %(types)s.")
            % {"types": names},
            location=pointer or "/",
        )
    if gtype == "GeometryCollection":
        raise GeometryRejected(
            code="geometry_collection",
            message=_(
                "A GeometryCollection is not accepted: send each shape as a "
                "geometry of its own (or use a Multi… type)."
            ),
            location=f"{pointer}/type",
        )
    if not isinstance(gtype, str) or gtype not in GEOMETRY_TYPES:
        raise GeometryRejected(
            code="unknown_type",
            message=_(
                "“%(type)s” is not a GeoJSON geometry type. Use one of: %(types)s."
            )
            % {"type": shown(str(gtype)), "types": names},
            location=f"{pointer}/type",
        )
    if gtype not in allowed:
        raise GeometryRejected(
            code="type_not_allowed",
            message=_("A %(type)s is not accepted here; send a %(allowed)s.")
            % {"type": gtype, "allowed": _(" or ").join(allowed)},
            location=f"{pointer}/type",
        )
    if "coordinates" not in geometry:
        raise GeometryRejected(
            code="missing_coordinates",
            message=_("The %(type)s has no “coordinates” member.") % {"type": gtype},
            location=pointer or "/",
        )
    walker = _Walker(gtype, pointer, limits)
    coordinates = walker.walk(geometry["coordinates"])
    return CheckedGeometry(gtype, coordinates, pointer, walker.notes)


def pointer_to(base: str, path: tuple[int, ...]) -> str:
    """The JSON pointer of a place in a geometry's coordinates."""
    return "/".join([base, "coordinates", *map(str, path)])


def describe(gtype: str, path: tuple[int, ...]) -> str:
    """A place in a geometry's coordinates in words: "polygon 2, ring 1, position 5"."""
    labels = {
        "Point": [],
        "LineString": [_("position %s")],
        "MultiPoint": [_("point %s")],
        "Polygon": [_("ring %s"), _("position %s")],
        "MultiLineString": [_("line %s"), _("position %s")],
        "MultiPolygon": [_("polygon %s"), _("ring %s"), _("position %s")],
    }[gtype]
    parts = [label % (i + 1) for label, i in zip(labels, path, strict=False)]
    return ", ".join(parts) or _("the %(type)s") % {"type": gtype}


def sentence_start(text: str) -> str:
    """Capitalise the first letter only ("MultiPolygon" stays as it is)."""
    return text[:1].upper() + text[1:]


def iter_positions(coordinates: Any, path: tuple[int, ...] = ()) -> Any:
    """Yield (path, position) for checked coordinates (positions are tuples)."""
    if isinstance(coordinates, tuple):
        yield path, coordinates
        return
    for i, child in enumerate(coordinates):
        yield from iter_positions(child, (*path, i))


class _Walker:
    """Walks the coordinate arrays of one geometry, counting as it goes."""

    def __init__(self, gtype: str, pointer: str, limits: IntakeLimits) -> None:
        self.gtype = gtype
        self.pointer = pointer
        self.limits = limits
        self.vertices = 0
        self.rings = 0
        self.notes: list[IntakeNote] = []

    def where(self, path: tuple[int, ...]) -> str:
        return pointer_to(self.pointer, path)

    def words(self, path: tuple[int, ...]) -> str:
        return describe(self.gtype, path)

    def fail(self, code: str, message: str, path: tuple[int, ...], **kw: Any) -> None:
        raise GeometryRejected(
            code=code,
            message=message,
            location=self.where(path),
            **kw,
        )

    def walk(self, coordinates: Any) -> Any:
        if self.gtype == "Point":
            return self.position(coordinates, ())
        self.array(coordinates, ())
        if not coordinates:
            self.fail(
                "empty",
                _("The %(type)s is empty: it has no coordinates.")
                % {"type": self.gtype},
                (),
            )
        if self.gtype == "LineString":
            return self.line(coordinates, ())
        if self.gtype == "MultiPoint":
            self.parts(coordinates)
            return [self.position(p, (i,)) for i, p in enumerate(coordinates)]
        if self.gtype == "Polygon":
            return self.polygon(coordinates, ())
        self.parts(coordinates)
        if self.gtype == "MultiLineString":
            return [
                self.line(self.array(c, (i,)), (i,)) for i, c in enumerate(coordinates)
            ]
        return [
            self.polygon(self.array(c, (i,)), (i,)) for i, c in enumerate(coordinates)
        ]

    def parts(self, coordinates: list) -> None:
        if len(coordinates) > self.limits.max_parts:
            self.fail(
                "too_many_parts",
                _("The %(type)s has %(count)s parts; at most %(limit)s are accepted.")
                % {
                    "type": self.gtype,
                    "count": len(coordinates),
                    "limit": self.limits.max_parts,
                },
                (),
                status=413,
            )

    def array(self, value: Any, path: tuple[int, ...]) -> list:
        if not isinstance(value, list):
            self.fail(
                "bad_structure",
                _("At %(where)s a list was expected, but this is %(kind)s.")
                % {"where": self.words(path), "kind": _kind(value)},
                path,
            )
        return value

    def line(self, positions: list, path: tuple[int, ...]) -> list:
        checked = [self.position(p, (*path, i)) for i, p in enumerate(positions)]
        if len(checked) < 2:
            self.fail(
                "line_too_short",
                _("A line needs at least 2 positions; %(where)s has %(count)s.")
                % {"where": self.words(path), "count": len(checked)},
                path,
            )
        return checked

    def polygon(self, rings: list, path: tuple[int, ...]) -> list:
        if not rings:
            self.fail(
                "empty",
                _("%(where)s is empty: a polygon needs an outer ring.")
                % {"where": sentence_start(self.words(path))},
                path,
            )
        self.rings += len(rings)
        if self.rings > self.limits.max_rings:
            self.fail(
                "too_many_rings",
                _("The geometry has more than %(limit)s rings; simplify it.")
                % {"limit": self.limits.max_rings},
                path,
                status=413,
            )
        checked = []
        for r, ring in enumerate(rings):
            ring_path = (*path, r)
            positions = [
                self.position(p, (*ring_path, i))
                for i, p in enumerate(self.array(ring, ring_path))
            ]
            where = self.words(ring_path)
            if len(positions) < 4:
                self.fail(
                    "ring_too_short",
                    _(
                        "A ring needs at least 4 positions (3 corners and the first "
                        "one repeated to close it); %(where)s has %(count)s."
                    )
                    % {"where": where, "count": len(positions)},
                    ring_path,
                )
            if positions[0] != positions[-1]:
                self.fail(
                    "ring_not_closed",
                    _(
                        "%(where)s is not closed: its last position %(last)s must "
                        "repeat its first %(first)s."
                    )
                    % {
                        "where": sentence_start(where),
                        "last": _fmt(positions[-1]),
                        "first": _fmt(positions[0]),
                    },
                    (*ring_path, len(positions) - 1),
                    position=positions[-1],
                )
            checked.append(self.orient(positions, exterior=r == 0, path=ring_path))
        return checked

    def orient(self, ring: list, *, exterior: bool, path: tuple[int, ...]) -> list:
        """RFC 7946's right-hand rule: outer rings anticlockwise, holes clockwise."""
        area2 = sum(
            x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring)
        )
        if area2 == 0 or (area2 > 0) == exterior:
            return ring
        if not any(n.code == "orientation_normalised" for n in self.notes):
            self.notes.append(
                IntakeNote(
                    "orientation_normalised",
                    _(
                        "Ring direction was reversed to follow the right-hand rule "
                        "(outer rings anticlockwise); the shape is unchanged."
                    ),
                )
            )
        return ring[::-1]

    def position(self, value: Any, path: tuple[int, ...]) -> tuple[float, float]:
        # The common case, checked without building any message: two plain
        # numbers in range (NaN fails the comparisons, NonFinite and bool the type).
        if type(value) is list and len(value) == 2:
            lon, lat = value
            if (
                type(lon) in _PLAIN_NUMBERS
                and type(lat) in _PLAIN_NUMBERS
                and -180 <= lon <= 180
                and -90 <= lat <= 90
            ):
                self.count_vertex(path)
                return (float(lon), float(lat))
        return self.diagnose_position(value, path)

    def count_vertex(self, path: tuple[int, ...]) -> None:
        self.vertices += 1
        if self.vertices > self.limits.max_vertices:
            self.fail(
                "too_many_vertices",
                _(
                    "The geometry has more than %(limit)s positions; simplify it "
                    "(for example in QGIS: Vector › Geometry Tools › Simplify)."
                )
                % {"limit": self.limits.max_vertices},
                path,
                status=413,
            )

    def diagnose_position(
        self, value: Any, path: tuple[int, ...]
    ) -> tuple[float, float]:
        """Name what is wrong with a position (the slow path, with messages)."""
        where = self.words(path)
        if not isinstance(value, list):
            self.fail(
                "bad_structure",
                _(
                    "At %(where)s a position [longitude, latitude] was expected, "
                    "but this is %(kind)s."
                )
                % {"where": where, "kind": _kind(value)},
                path,
            )
        if len(value) < 2:
            self.fail(
                "too_few_dimensions",
                _(
                    "At %(where)s a position needs a longitude and a latitude; it "
                    "has %(count)s number(s)."
                )
                % {"where": where, "count": len(value)},
                path,
            )
        if len(value) > 2:
            self.fail(
                "too_many_dimensions",
                _(
                    "At %(where)s the position has %(count)s numbers; Birge takes "
                    "only longitude and latitude (2 dimensions). Drop the height."
                )
                % {"where": where, "count": len(value)},
                path,
            )
        for axis, number in enumerate(value):
            if isinstance(number, NonFinite):
                self.fail(
                    "not_finite",
                    _("At %(where)s the coordinate is %(token)s: use a finite number.")
                    % {"where": where, "token": number.token},
                    (*path, axis),
                )
            if isinstance(number, bool) or not isinstance(number, int | float):
                self.fail(
                    "not_a_number",
                    _("At %(where)s the coordinate %(value)s is not a number.")
                    % {"where": where, "value": shown(json.dumps(number, default=str))},
                    (*path, axis),
                )
            if isinstance(number, float) and not math.isfinite(number):
                # A literal past a double's range, such as 1e400, parses as inf.
                self.fail(
                    "not_finite",
                    _("At %(where)s the coordinate is %(token)s: use a finite number.")
                    % {"where": where, "token": number},
                    (*path, axis),
                )
        lon, lat = value  # compared as given: an int too big for a float is fine here
        if not -180 <= lon <= 180:
            self.fail(
                "longitude_out_of_range",
                _("At %(where)s the longitude %(value)s is outside −180…180.")
                % {"where": where, "value": shown(str(value[0]))},
                (*path, 0),
            )
        if not -90 <= lat <= 90:
            hint = (
                _(" Longitude and latitude look swapped: GeoJSON puts longitude first.")
                if -90 <= lon <= 90
                else ""
            )
            self.fail(
                "latitude_out_of_range",
                _("At %(where)s the latitude %(value)s is outside −90…90.")
                % {"where": where, "value": shown(str(value[1]))}
                + hint,
                (*path, 1),
            )
        self.count_vertex(path)
        return (float(lon), float(lat))


def _fmt(position: tuple[float, float]) -> str:
    return f"({position[0]:.6f}, {position[1]:.6f})"
