"""Proposals and results as CSV, GeoJSON and GeoPackage, for GIS and spreadsheets.

One row per proposal the viewer may see, with its result when the vote has been
counted. GeoPackage goes through GDAL (pyogrio), one typed layer per kind of
shape, so QGIS opens points, lines and areas as three ordinary layers.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pyogrio.raw
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from mapping.files.formats import CONTENT_TYPES

from .explain import sentence
from .models import Campaign, Proposal
from .selectors import Viewer, visible_proposals

FORMATS = {code: CONTENT_TYPES[code] for code in ("csv", "geojson", "gpkg")}
COLUMNS = (
    "number",
    "title",
    "language",
    "status",
    "category",
    "district",
    "cost_estimate",
    "cost",
    "votes",
    "score",
    "funded",
    "result",
    "submitted",
    "url",
)
LAYERS = {
    "Point": "proposal_points",
    "LineString": "proposal_lines",
    "Polygon": "proposal_areas",
}


def rows(
    campaign: Campaign, viewer: Viewer, *, results_only: bool = False
) -> list[dict[str, Any]]:
    """Each visible proposal as plain values (and its GEOS geometry under "_geometry")."""
    proposals: QuerySet[Proposal] = (
        visible_proposals(campaign, viewer)
        .select_related("category", "district", "result", "campaign__town")
        .order_by("number")
    )
    if results_only:
        proposals = proposals.filter(result__isnull=False)
    out = []
    for p in proposals:
        result = getattr(p, "result", None)
        out.append(
            {
                "number": p.number,
                "title": p.title,
                "language": p.language,
                "status": p.status,
                "category": p.category.name if p.category else "",
                "district": p.district.name if p.district else "",
                "cost_estimate": p.cost_estimate,
                "cost": p.cost,
                "votes": result.votes if result else None,
                "score": result.score if result else None,
                "funded": result.funded if result else None,
                "result": sentence(result, campaign) if result else "",
                "submitted": p.submitted_at.isoformat() if p.submitted_at else "",
                "url": settings.BIRGE_SITE_URL + p.get_absolute_url(),
                "_geometry": p.geometry,
            }
        )
    return out


def as_csv(data: list[dict[str, Any]]) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs read Cyrillic right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([*COLUMNS, "wkt"])
    for row in data:
        geometry = row["_geometry"]
        writer.writerow(
            [_cell(row[c]) for c in COLUMNS] + [geometry.wkt if geometry else ""]
        )
    return buffer.getvalue().encode("utf-8-sig")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def as_geojson(data: list[dict[str, Any]]) -> bytes:
    features = [
        {
            "type": "Feature",
            "id": row["number"],
            "geometry": json.loads(row["_geometry"].json) if row["_geometry"] else None,
            "properties": {c: row[c] for c in COLUMNS},
        }
        for row in data
    ]
    return json.dumps(
        {"type": "FeatureCollection", "features": features}, ensure_ascii=False
    ).encode()


def as_gpkg(data: list[dict[str, Any]]) -> bytes:
    """A GeoPackage with a layer per shape type (and one without places, if any)."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in data:
        geometry = row["_geometry"]
        kind = geometry.geom_type if geometry else ""
        groups.setdefault(kind, []).append(row)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "proposals.gpkg"
        first = True
        for kind, layer_rows in sorted(groups.items()):
            fields = [_column(c, [r[c] for r in layer_rows]) for c in COLUMNS]
            if kind:
                geometry = np.array(
                    [bytes(r["_geometry"].wkb) for r in layer_rows], dtype=object
                )
                pyogrio.raw.write(
                    path,
                    geometry,
                    fields,
                    list(COLUMNS),
                    layer=LAYERS[kind],
                    driver="GPKG",
                    geometry_type=kind,
                    crs="EPSG:4326",
                    append=not first,
                )
            else:
                pyogrio.raw.write(
                    path,
                    None,
                    fields,
                    list(COLUMNS),
                    layer="proposals_without_place",
                    driver="GPKG",
                    append=not first,
                )
            first = False
        if first:  # nothing to export: still a valid, empty GeoPackage
            pyogrio.raw.write(
                path,
                np.array([], dtype=object),
                [np.array([], dtype=object)],
                ["number"],
                layer=LAYERS["Point"],
                driver="GPKG",
                geometry_type="Point",
                crs="EPSG:4326",
            )
        return path.read_bytes()


NUMBERS = {"number", "cost_estimate", "cost", "votes", "score", "funded"}


def _column(name: str, values: list[Any]) -> np.ndarray:
    """A typed column for GDAL: numbers as int64 (float64 with NaN for missing)."""
    if name not in NUMBERS:
        return np.array([str(v) for v in values], dtype=object)
    if any(v is None for v in values):
        return np.array([np.nan if v is None else float(v) for v in values])
    return np.array([int(v) for v in values], dtype=np.int64)


def export(
    campaign: Campaign, viewer: Viewer, fmt: str, *, results_only: bool = False
) -> bytes:
    """The proposals (or the counted ones) of a campaign in one of FORMATS."""
    data = rows(campaign, viewer, results_only=results_only)
    writer = {"csv": as_csv, "geojson": as_geojson, "gpkg": as_gpkg}.get(fmt)
    if writer is None:
        raise ValueError(_("Unknown export format."))
    return writer(data)
