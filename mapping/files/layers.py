"""Tables out of GDAL's formats (XLSX, GeoJSON, GeoPackage, KML, shapefile).

Every cell becomes text as a person would type it (``12`` not ``12.0``, dates in
ISO); the file's own geometry becomes a WKT cell in longitude and latitude.
"""

from __future__ import annotations

import datetime
import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pyogrio
import pyogrio.raw
from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry, WKTWriter
from django.utils.translation import gettext as _

from .csvfile import CsvRow, column_names, too_many_rows
from .gdal import safe_gdal
from .limits import ReadLimits
from .refusals import refusal

WGS84 = 4326
_EPSG = re.compile(r"^(?:EPSG:{1,2}|urn:ogc:def:crs:EPSG:[\d.]*:)(\d+)$", re.IGNORECASE)
# Columns LIBKML adds to every placemark for its styling: nothing an NGO wrote.
_WKT = WKTWriter(dim=2, trim=True, precision=7)  # about a centimetre
KML_STYLING = {
    "timestamp",
    "begin",
    "end",
    "altitudemode",
    "tessellate",
    "extrude",
    "visibility",
    "draworder",
    "icon",
    "snippet",
}


def cell_text(value: Any) -> str:
    """A GDAL value as the text a person would type."""
    if value is None:
        return ""
    if isinstance(value, bytes | bytearray):
        return ""
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            return ""
        moment = value.astype("datetime64[s]").item()
        if isinstance(moment, datetime.datetime) and moment.time() == datetime.time():
            return moment.date().isoformat()
        return moment.isoformat() if moment is not None else ""
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, float | np.floating):
        number = float(value)
        if math.isnan(number):
            return ""
        if number.is_integer() and abs(number) < 1e15:
            return str(int(number))
        return repr(number)
    if isinstance(value, np.integer):
        return str(int(value))
    return str(value).strip()


def read_layers(
    path: Path, limits: ReadLimits, *, kind: str, geometry_column: str
) -> tuple[list[str], list[CsvRow]]:
    """Every layer's features as rows; the first sheet only for XLSX."""
    safe_gdal()
    options: dict[str, str] = {"HEADERS": "FORCE"} if kind == "xlsx" else {}
    layers = [str(name) for name, _geometry in pyogrio.list_layers(path)]
    if kind == "xlsx":
        layers = layers[:1]
    if not layers:
        refusal("empty_file", _("The file holds no table or layer."))
    several = len(layers) > 1
    columns: list[str] = []
    rows: list[CsvRow] = []
    for layer in layers:
        meta, fids, geometries, values = pyogrio.raw.read(
            path,
            layer=layer,
            force_2d=True,
            return_fids=True,
            read_geometry=kind != "xlsx",
            max_features=limits.max_rows - len(rows) + 1,
            **options,
        )
        names = [str(n) for n in meta["fields"]]
        kept = [
            i
            for i, n in enumerate(names)
            if not (kind == "kml" and n.casefold() in KML_STYLING)
        ]
        layer_columns = column_names(
            [names[i] for i in kept], max_columns=limits.max_columns
        )
        srid = _srid(meta.get("crs"), layer) if kind != "xlsx" else WGS84
        for index in range(len(fids)):
            if len(rows) >= limits.max_rows:
                too_many_rows(limits)
            cells = {
                name: cell_text(values[i][index])
                for name, i in zip(layer_columns, kept, strict=True)
            }
            if kind != "xlsx":
                cells[geometry_column] = _wkt(geometries[index], srid, len(rows) + 1)
            if several:
                cells[_("layer")] = layer
            if kind == "xlsx" and not any(cells.values()):
                continue
            # A sheet's row as Excel numbers it; features counted from 1.
            number = int(fids[index]) if kind == "xlsx" else len(rows) + 1
            rows.append(CsvRow(number, cells))
        columns.extend(c for c in layer_columns if c not in columns)
    if kind != "xlsx":
        columns.append(geometry_column)
    if several:
        columns.append(_("layer"))
    return columns, rows


def _srid(crs: str | None, layer: str) -> int:
    if crs is None:
        return WGS84
    match = _EPSG.match(crs)
    if match:
        return int(match[1])
    refusal(
        "unknown_crs",
        _(
            "Layer “%(layer)s” uses a coordinate system without an EPSG code: "
            "save it in EPSG:4326 (longitude and latitude)."
        )
        % {"layer": layer[:80]},
    )


def _wkt(wkb: bytes | None, srid: int, number: int) -> str:
    if wkb is None:
        return ""
    try:
        shape = GEOSGeometry(memoryview(wkb), srid=srid)
        if srid != WGS84:
            shape.transform(WGS84)
    except (GEOSException, GDALException, ValueError):
        refusal(
            "unreadable_geometry",
            _("The shape of feature %(n)d cannot be read.") % {"n": number},
        )
    return _WKT.write(shape).decode()
