"""DXF plans: the CAD layer names the kind; coordinates are the town's UTM metres.

A CAD drawing has no areas, only outlines: on a zone layer every closed polyline
(or hatch boundary) is a ring, rings inside rings are holes (even-odd, as CAD
fills them) and an outline drawn twice counts once. On an object layer a block
or point is the object, a circle is an object at its centre. Text, dimensions,
paper space and AutoCAD's own “Defpoints” layer are annotation and skipped.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy
import pyogrio.raw
import shapely
from django.contrib.gis.geos import GEOSGeometry, LinearRing, LineString, Polygon
from django.utils.translation import gettext as _
from pyogrio.errors import DataLayerError, DataSourceError

from ..comparison.vocabulary import kind
from .kinds import kind_named
from .limits import PlanLimits
from .reading import WGS84, Found, columns_by_name, text, too_many
from .refusals import at, refusal

COLUMNS = ["Layer", "PaperSpace", "SubClasses", "Text"]
# AutoCAD 2007 (AC1021) and later write DXF text as UTF-8 whatever $DWGCODEPAGE
# says; GDAL would read it in that code page.
_VERSION = re.compile(rb"\$ACADVER\s*\r?\n\s*1\r?\n\s*AC(\d{4})")
ANNOTATIONS = ("AcDbText", "AcDbMText", "AcDbDimension", "AcDbAttribute")
SKIPPED_LAYERS = {"defpoints"}


@dataclass
class _Ring:
    number: int
    where: str
    layer: str
    shape: Polygon  # the ring as a polygon without holes
    depth: int = 0
    holes: list[Polygon] = field(default_factory=list)


def read_dxf(path: Path, limits: PlanLimits, *, utm_srid: int) -> list[Found]:
    """The entities of model space as features, coordinates in UTM or lon/lat."""
    with path.open("rb") as stream:
        version = _VERSION.search(stream.read(8192))
    utf8 = {"ENCODING": "UTF-8"} if version and int(version[1]) >= 1021 else {}
    try:
        meta, _fids, geometries, values = pyogrio.raw.read(
            path,
            layer="entities",
            columns=COLUMNS,
            force_2d=True,
            max_features=limits.max_features + 1,
            INLINE_BLOCKS="NO",  # a block is one object at its insertion point
            **utf8,
        )
    except (DataSourceError, DataLayerError):
        refusal("unreadable", _("The DXF file is damaged and cannot be read."))
    if len(geometries) > limits.max_features:
        too_many(limits)
    columns = columns_by_name(meta, values)
    layers, paper, subclasses, texts = (columns[c.casefold()] for c in COLUMNS)
    entities: list[tuple[int, str, GEOSGeometry]] = []
    for index, wkb in enumerate(geometries):
        if wkb is None or _is_set(paper[index]) or text(texts[index]):
            continue
        if any(name in text(subclasses[index]) for name in ANNOTATIONS):
            continue
        layer = text(layers[index]) or "0"
        if layer.casefold() not in SKIPPED_LAYERS:
            shape = GEOSGeometry(memoryview(wkb))
            if not _finite(shape):
                refusal(
                    "not_finite",
                    at(
                        _where(index + 1, layer),
                        _(
                            "a coordinate is not a number (NaN or infinity): fix the "
                            "entity in the drawing and export it again."
                        ),
                    ),
                )
            entities.append((index + 1, layer, shape))
    srid = WGS84 if _looks_like_lon_lat(g for _n, _l, g in entities) else utm_srid
    found: list[tuple[int, Found]] = []
    rings: dict[str, list[_Ring]] = defaultdict(list)
    for number, layer, shape in entities:
        shape.srid = srid
        where = _where(number, layer)
        slug = kind_named(layer)
        family = kind(slug).family if slug else None
        if family == "zone" and shape.geom_type != "Point":
            rings[layer].extend(
                _Ring(number, where, layer, ring) for ring in _rings(shape, where)
            )
            continue
        if family == "object" and isinstance(shape, LineString) and shape.closed:
            shape = shape.centroid  # a circle or a drawn outline: the object's place
        found.append((number, _found(where, layer, shape)))
    for layer_rings in rings.values():
        found.extend(
            (shell.number, _found(shell.where, shell.layer, _with_holes(shell)))
            for shell in _even_odd(layer_rings)
        )
    found.sort(key=lambda pair: pair[0])
    return [f for _number, f in found]


def _where(number: int, layer: str) -> str:
    return _("entity %(n)d on CAD layer “%(layer)s”") % {
        "n": number,
        "layer": layer[:80],
    }


def _finite(shape: GEOSGeometry) -> bool:
    """No NaN or infinity anywhere: GEOS gives such a shape no extent at all."""
    coordinates = shapely.get_coordinates(shapely.from_wkb(bytes(shape.wkb)))
    return bool(numpy.isfinite(coordinates).all())


def _is_set(flag: object) -> bool:
    """A DXF flag as GDAL gives it: missing (None or NaN), 0 or 1."""
    return bool(text(flag)) and bool(flag)


def _found(where: str, layer: str, shape: GEOSGeometry) -> Found:
    return Found(where, layer, _("CAD layer name"), "", shape)


def _looks_like_lon_lat(shapes: Iterator[GEOSGeometry]) -> bool:
    """All within ±180, ±90: degrees; UTM metres are always far larger."""
    extents = [shape.extent for shape in shapes if not shape.empty]
    return bool(extents) and all(
        -180 <= x0 <= x1 <= 180 and -90 <= y0 <= y1 <= 90 for x0, y0, x1, y1 in extents
    )


def _rings(shape: GEOSGeometry, where: str) -> Iterator[Polygon]:
    """The closed outlines of a zone entity, each as a polygon without holes."""
    if shape.geom_type in ("MultiLineString", "MultiPolygon", "GeometryCollection"):
        for part in shape:  # type: ignore[attr-defined]
            part.srid = shape.srid
            yield from _rings(part, where)
    elif shape.geom_type == "Polygon":
        for ring in shape:  # type: ignore[attr-defined]
            yield Polygon(ring, srid=shape.srid)
    elif isinstance(shape, LineString):
        if not shape.closed or shape.num_points < 4:
            refusal(
                "open_outline",
                at(
                    where,
                    _(
                        "the polyline is open. An area must be a closed polyline: "
                        "close it (or move it to a path's layer)."
                    ),
                ),
            )
        yield Polygon(LinearRing(shape.coords), srid=shape.srid)
    else:
        refusal("wrong_shape", at(where, _("this entity cannot be an area.")))


def _even_odd(rings: list[_Ring]) -> list[_Ring]:
    """Outer rings with their holes: a ring inside an odd number of rings is a hole."""
    placed: list[_Ring] = []
    shells: list[_Ring] = []
    for ring in sorted(rings, key=lambda r: -r.shape.area):
        if not ring.shape.valid:
            shells.append(ring)  # the intake names what is wrong with it
            continue
        if any(_same(ring.shape, other.shape) for other in placed):
            continue  # the same outline twice, as a hatch and its boundary
        around = [p for p in placed if p.shape.contains(ring.shape)]
        ring.depth = len(around)
        if ring.depth % 2:
            max(around, key=lambda p: p.depth).holes.append(ring.shape)
        else:
            shells.append(ring)
        placed.append(ring)
    return shells


def _same(a: Polygon, b: Polygon) -> bool:
    if abs(a.area - b.area) > 1e-9 * max(a.area, 1.0) or a.extent != b.extent:
        return False
    return a.equals(b)


def _with_holes(shell: _Ring) -> Polygon:
    rings = [shell.shape.exterior_ring, *(h.exterior_ring for h in shell.holes)]
    return Polygon(*rings, srid=shell.shape.srid)
