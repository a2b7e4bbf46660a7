"""Concept elements drawn in metres from the test park's corner, for concept tests."""

from __future__ import annotations

import json

from django.contrib.gis.geos import GEOSGeometry

from codesign.services import DrawnElement
from tests.factories import accepted_in

UTM = 32643  # Aksu
SHAPES = ("Point", "LineString", "Polygon", "MultiPolygon", "MultiLineString")


def metric(wkt: str) -> dict:
    """A shape given in metres from the test park's south-west corner, as GeoJSON."""
    corner = GEOSGeometry("POINT(76.93 52.04)", srid=4326).transform(UTM, clone=True)
    shape = json.loads(GEOSGeometry(wkt).json)

    def shift(c):
        if isinstance(c[0], (int, float)):
            return [c[0] + corner.x, c[1] + corner.y]
        return [shift(part) for part in c]

    shape["coordinates"] = shift(shape["coordinates"])
    moved = GEOSGeometry(json.dumps(shape))
    moved.srid = UTM  # GeoJSON text is read as lon/lat; these are metres
    return json.loads(moved.transform(4326, clone=True).json)


def drawn(town, kind, wkt, label=""):
    return DrawnElement(kind, accepted_in(town, metric(wkt), SHAPES), label)
