"""Reading uploaded GIS and table files safely: one place for every app.

A file is copied within a size limit, its format told from its content (the
extension has to agree), hostile content refused before GDAL opens it (XML
entities, KML NetworkLinks, GeoPackage views, zip bombs and unsafe ZIP members),
and GDAL is set up never to follow a path or URL written in a file. Tables
(CSV, XLSX) and layers (GeoJSON, GeoPackage, KML, zipped shapefile) come out the
same way: column names and rows of text cells with the row number a person sees.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from pyogrio.errors import DataLayerError, DataSourceError

from . import zips
from .csvfile import CsvRow, check_cells, is_formula, read_csv
from .formats import FileFormat, match_format
from .gdal import safe_gdal
from .geopackage import check_geopackage
from .layers import read_layers
from .limits import ReadLimits
from .refusals import refusal, refused_as
from .sniff import content_kind, head_of, is_blank
from .xml import check_kml

__all__ = [
    "TABLE_FORMATS",
    "CsvRow",
    "FileFormat",
    "ReadLimits",
    "Table",
    "check_geopackage",
    "check_kml",
    "content_kind",
    "head_of",
    "identify",
    "is_blank",
    "is_formula",
    "match_format",
    "read_table",
    "receive",
    "refused_as",
    "safe_gdal",
]


TABLE_FORMATS: dict[str, FileFormat] = {
    f.slug: f
    for f in (
        FileFormat("csv", "CSV", (".csv", ".tsv", ".txt")),
        FileFormat("xlsx", "Excel (XLSX)", (".xlsx",)),
        FileFormat("geojson", "GeoJSON", (".geojson", ".json")),
        FileFormat("gpkg", "GeoPackage", (".gpkg",)),
        FileFormat("kml", "KML", (".kml",)),
        FileFormat("shapefile", "Shapefile (ZIP)", (".zip",)),
    )
}
GEOMETRY_COLUMN = "geometry"


@dataclass
class Table:
    """A file's rows: column names, the rows' cells, where its own geometry is."""

    format: FileFormat
    columns: list[str]
    rows: list[CsvRow]
    geometry_column: str = ""  # the WKT column holding the file's own shapes


def receive(upload: UploadedFile, limits: ReadLimits) -> bytes:
    """The upload's bytes, counted: a client's declared size is not trusted."""
    if upload.size is not None and upload.size > limits.max_bytes:
        too_large(limits)
    size, parts = 0, []
    for chunk in upload.chunks():
        size += len(chunk)
        if size > limits.max_bytes:
            too_large(limits)
        parts.append(chunk)
    return b"".join(parts)


def too_large(limits: ReadLimits) -> NoReturn:
    refusal(
        "file_too_large",
        _("The file is larger than %(size)s: split it into parts.")
        % {"size": filesizeformat(limits.max_bytes)},
        status=413,
    )


def identify(data: bytes, filename: str, limits: ReadLimits) -> FileFormat:
    """The table format of these bytes, or a refusal saying what they are."""
    if len(data) > limits.max_bytes:
        too_large(limits)
    head = data[:4096]
    if is_blank(head):
        refusal("empty_file", _("The file is empty: export the table again."))
    kind = content_kind(head)
    if kind == "zip":
        with tempfile.TemporaryDirectory(prefix="birge-sniff-") as folder:
            path = Path(folder) / "upload.zip"
            path.write_bytes(data)
            kind = zips.zip_kind(zips.members(path, limits))
    if kind in ("text", "utf16"):
        kind = "csv"
    return match_format(
        kind,
        filename,
        TABLE_FORMATS,
        words={
            "kmz": _("a KMZ archive: unpack it and upload the KML inside"),
            "zip": _("a ZIP archive without a shapefile or a spreadsheet"),
            "dxf": _("a CAD drawing (DXF)"),
        },
        otherwise=_("none of the formats Birge reads"),
    )


def read_table(
    data: bytes, filename: str, *, limits: ReadLimits, geometry_column: str = ""
) -> Table:
    """Every row of an uploaded table or layer file, after every safety check."""
    file_format = identify(data, filename, limits)
    if file_format.slug == "csv":
        columns, rows = read_csv(data, limits)
        return Table(file_format, columns, rows)
    with tempfile.TemporaryDirectory(prefix="birge-table-") as folder:
        path = _prepared(data, file_format, Path(folder), limits)
        geometry = ""
        if file_format.slug != "xlsx":
            geometry = geometry_column or GEOMETRY_COLUMN
        try:
            columns, rows = read_layers(
                path, limits, kind=file_format.slug, geometry_column=geometry
            )
        except (DataSourceError, DataLayerError) as error:
            reason = str(error).replace(str(path), path.name)[:200]
            refusal(
                "unreadable",
                _("The %(format)s file cannot be read: %(reason)s")
                % {"format": file_format.name, "reason": reason},
            )
    if geometry and geometry in columns[:-1]:
        refusal(
            "geometry_column_taken",
            _("A column is named “%(name)s”: rename it, Birge puts the shapes there.")
            % {"name": geometry},
        )
    check_cells(columns, rows, skip=geometry)
    return Table(file_format, columns, rows, geometry)


def _prepared(
    data: bytes, file_format: FileFormat, folder: Path, limits: ReadLimits
) -> Path:
    """The file where GDAL will read it, under a name Birge chose, checked."""
    safe_gdal()
    if file_format.slug == "shapefile":
        archive = folder / "upload.zip"
        archive.write_bytes(data)
        infos = zips.members(archive, limits)
        parts = zips.shapefile_members(infos, folder)
        zips.extract(archive, parts, limits)
        archive.unlink()
        return folder / "concerns.shp"
    path = folder / f"upload{file_format.extensions[0]}"
    path.write_bytes(data)
    if file_format.slug == "xlsx":
        infos = zips.members(path, limits)
        zips.check_office_parts(path, infos)
    elif file_format.slug == "kml":
        check_kml(data)
    elif file_format.slug == "gpkg":
        check_geopackage(path)
    return path


__all__ += ["GEOMETRY_COLUMN", "refusal", "too_large"]
