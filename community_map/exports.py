"""Concerns as files: CSV, XLSX, GeoJSON, GeoPackage, KML and zipped Shapefile.

An export holds the concerns of the same ``ConcernFilter`` as the map on screen.
The public gets each concern at its ``public_point`` (a private person's concern
at the centre of its 100 m cell) and never the reporter's name or contact, the
NGO's external id, or a private person's own words (they may name the address).
With ``exact`` a mapper or staff member gets, for the concerns in their
``exact_scope`` only, the exact place (a point; an area as its point on surface),
the text and the reporter; every other row of the same file stays coarsened.
A community a moderator hid is not named on a public row (the concern stays, as
on the map); on an exact row, which only its editors get, it still is.

Attributes are codes with their labels in the request's language. Text cells of
CSV and XLSX are neutralised against formula injection.
"""

from __future__ import annotations

import csv
import io
import struct
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyogrio.raw
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from mapping.files.formats import CONTENT_TYPES
from mapping.models import Town
from mapping.selectors import COORDINATE_DECIMALS, name_sql

from .analysis import fetch_all, ids_sql
from .models import Concern, ConcernCategory, ConcernSource, ConcernStatus

FORMATS: dict[str, tuple[str, str]] = {  # code -> (file extension, content type)
    **{
        code: (code, CONTENT_TYPES[code])
        for code in ("csv", "xlsx", "geojson", "gpkg", "kml")
    },
    "shp": ("shp.zip", CONTENT_TYPES["zip"]),
}
PUBLIC_FIELDS = (
    "concern_id",
    "date",
    "category",
    "category_label",
    "source",
    "source_label",
    "status",
    "status_label",
    "community",
    "community_name",
    "district",
    "district_name",
    "placement",
    "placement_label",
    "precision_m",
    "text",
    "lon",
    "lat",
)
EXACT_FIELDS = ("reporter_name", "reporter_contact", "external_id")
# DBF allows ten characters per field name.
SHAPEFILE_NAMES = {
    "concern_id": "concern_id",
    "category_label": "cat_label",
    "source_label": "src_label",
    "status_label": "stat_label",
    "community": "community",
    "community_name": "comm_name",
    "district_name": "dist_name",
    "placement_label": "place_lbl",
    "precision_m": "precision",
    "reporter_name": "rep_name",
    "reporter_contact": "rep_contac",
    "external_id": "ext_id",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DBF_TEXT_BYTES = 254


@dataclass(frozen=True)
class ExportFile:
    """A finished export: its bytes, content type and file name."""

    content: bytes
    content_type: str
    file_name: str


def neutralise(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def file_name(town: Town, fmt: str) -> str:
    """``concerns-<town>-<today>.<ext>``."""
    return f"concerns-{town.slug}-{timezone.localdate().isoformat()}.{FORMATS[fmt][0]}"


def _labels(choices: Any) -> dict[str, str]:
    return {c.value: str(c.label) for c in choices}


def concern_rows(
    town: Town, concerns: QuerySet[Concern], exact: QuerySet[Concern] | None
) -> tuple[list[str], list[dict[str, Any]], list[bytes]]:
    """Field names, one dict per concern and its point as WKB.

    ``exact`` is the queryset of concerns the viewer may see exactly (None for
    the public): only those rows read ``location`` and the reporter's fields.
    """
    ids, params = ids_sql(concerns)
    exact_ids, exact_params = ids_sql(exact) if exact is not None else ("NULL", [])
    fields = [*PUBLIC_FIELDS, *(EXACT_FIELDS if exact is not None else ())]
    rows = fetch_all(
        f"""
        SELECT c.id, c.reported_on, c.category, c.source, c.status,
               CASE WHEN m.is_hidden AND NOT x.exact THEN ''
                    ELSE COALESCE(m.slug, '') END,
               CASE WHEN m.is_hidden AND NOT x.exact THEN ''
                    ELSE COALESCE({name_sql("m")}, '') END,
               COALESCE(d.slug, ''), COALESCE({name_sql("d")}, ''),
               x.exact, c.private,
               CASE WHEN x.exact THEN c.precision_m END,
               CASE WHEN x.exact OR NOT c.private THEN c.text ELSE '' END,
               CASE WHEN x.exact THEN c.reporter_name ELSE '' END,
               CASE WHEN x.exact THEN c.reporter_contact ELSE '' END,
               CASE WHEN x.exact THEN c.external_id ELSE '' END,
               round(ST_X(p.point)::numeric, {COORDINATE_DECIMALS})::float8,
               round(ST_Y(p.point)::numeric, {COORDINATE_DECIMALS})::float8
        FROM community_map_concern c
        CROSS JOIN LATERAL (SELECT c.id IN ({exact_ids}) IS TRUE AS exact) x
        CROSS JOIN LATERAL (
            SELECT CASE WHEN x.exact THEN ST_PointOnSurface(c.location)
                        ELSE c.public_point END AS point
        ) p
        LEFT JOIN community_map_community m ON m.id = c.community_id
        LEFT JOIN LATERAL (
            SELECT dd.* FROM mapping_district dd
            WHERE CASE WHEN x.exact THEN dd.id = c.district_id
                       ELSE dd.town_id = c.town_id
                            AND ST_Intersects(dd.boundary, c.public_point) END
            ORDER BY dd.id LIMIT 1
        ) d ON true
        WHERE c.id IN ({ids})
        ORDER BY c.reported_on, c.id
        """,
        [*exact_params, *params],
    )
    categories = _labels(ConcernCategory)
    sources = _labels(ConcernSource)
    statuses = _labels(ConcernStatus)
    placements = {
        "exact": _("Exact place"),
        "grid": _("Centre of its 100 m cell"),
    }
    records, points = [], []
    for row in rows:
        (pk, day, category, source, status, community, community_name) = row[:7]
        (district, district_name, is_exact, private, precision) = row[7:12]
        (text, reporter_name, reporter_contact, external_id, lon, lat) = row[12:]
        placement = "exact" if is_exact or not private else "grid"
        record: dict[str, Any] = {
            "concern_id": pk,
            "date": day.isoformat(),
            "category": category,
            "category_label": categories[category],
            "source": source,
            "source_label": sources[source],
            "status": status,
            "status_label": statuses[status],
            "community": community,
            "community_name": community_name,
            "district": district,
            "district_name": district_name,
            "placement": placement,
            "placement_label": placements[placement],
            "precision_m": precision,
            "text": text,
            "lon": lon,
            "lat": lat,
        }
        if exact is not None:
            record.update(
                reporter_name=reporter_name,
                reporter_contact=reporter_contact,
                external_id=external_id,
            )
        records.append(record)
        points.append(_point_wkb(lon, lat))
    return fields, records, points


def _point_wkb(lon: float, lat: float) -> bytes:
    """A little-endian WKB point."""
    return struct.pack("<BIdd", 1, 1, lon, lat)


def export_concerns(
    town: Town,
    concerns: QuerySet[Concern],
    fmt: str,
    *,
    exact: QuerySet[Concern] | None = None,
) -> ExportFile:
    """The filtered concerns as a file in ``fmt`` (a key of FORMATS)."""
    fields, records, points = concern_rows(town, concerns, exact)
    if fmt == "csv":
        content = as_csv(fields, records)
    elif fmt == "xlsx":
        content = _with_gdal("XLSX", "concerns.xlsx", fields, records, None)
    elif fmt == "shp":
        content = as_shapefile_zip(fields, records, points)
    elif fmt in ("geojson", "gpkg", "kml"):
        driver = {"geojson": "GeoJSON", "gpkg": "GPKG", "kml": "KML"}[fmt]
        content = _with_gdal(driver, f"concerns.{fmt}", fields, records, points)
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    return ExportFile(content, FORMATS[fmt][1], file_name(town, fmt))


def as_csv(fields: list[str], records: list[dict[str, Any]]) -> bytes:
    """UTF-8 with a byte order mark, so spreadsheets read Cyrillic right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(fields)
    for record in records:
        writer.writerow(
            ["" if record[f] is None else neutralise(record[f]) for f in fields]
        )
    return buffer.getvalue().encode("utf-8-sig")


def _column(values: list[Any]) -> np.ndarray:
    """A typed column for GDAL: whole numbers, numbers or text."""
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return np.array(["1" if v else "0" for v in values], dtype=object)
    if present and all(isinstance(v, int | float) for v in present):
        if len(present) == len(values) and all(isinstance(v, int) for v in present):
            return np.array(values, dtype=np.int64)
        return np.array([np.nan if v is None else float(v) for v in values])
    return np.array(["" if v is None else str(v) for v in values], dtype=object)


def _write(
    path: Path,
    driver: str,
    fields: list[str],
    columns: list[np.ndarray],
    points: list[bytes] | None,
    **options: Any,
) -> None:
    pyogrio.raw.write(
        path,
        np.array(points, dtype=object) if points is not None else None,
        columns,
        fields,
        layer="concerns",
        driver=driver,
        geometry_type="Point" if points is not None else None,
        crs="EPSG:4326" if points is not None else None,
        **options,
    )


def _with_gdal(
    driver: str,
    name: str,
    fields: list[str],
    records: list[dict[str, Any]],
    points: list[bytes] | None,
) -> bytes:
    spreadsheet = points is None
    columns = [
        _column([neutralise(r[f]) if spreadsheet else r[f] for r in records])
        for f in fields
    ]
    options: dict[str, Any] = {}
    if driver == "GeoJSON":
        options["layer_options"] = {
            "RFC7946": "YES",
            "COORDINATE_PRECISION": str(COORDINATE_DECIMALS),
        }
    with tempfile.TemporaryDirectory(prefix="birge-concerns-") as folder:
        path = Path(folder) / name
        _write(path, driver, fields, columns, points, **options)
        return path.read_bytes()


def _dbf_text(value: Any) -> Any:
    """DBF text fields hold 254 bytes; cut on a character boundary."""
    if not isinstance(value, str):
        return value
    return value.encode("utf-8")[:DBF_TEXT_BYTES].decode("utf-8", errors="ignore")


def as_shapefile_zip(
    fields: list[str], records: list[dict[str, Any]], points: list[bytes]
) -> bytes:
    """A zipped Shapefile (.shp, .shx, .dbf, .prj, .cpg) in UTF-8."""
    names = [SHAPEFILE_NAMES.get(f, f) for f in fields]
    columns = [_column([_dbf_text(r[f]) for r in records]) for f in fields]
    with tempfile.TemporaryDirectory(prefix="birge-concerns-") as folder:
        path = Path(folder) / "concerns.shp"
        _write(
            path,
            "ESRI Shapefile",
            names,
            columns,
            points,
            layer_options={"ENCODING": "UTF-8"},
        )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for part in sorted(Path(folder).iterdir()):
                archive.write(part, part.name)
        return buffer.getvalue()
