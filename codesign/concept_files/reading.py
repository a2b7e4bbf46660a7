"""Features out of GeoJSON (read here, as JSON) and GeoPackage or KML (through GDAL).

Each reader returns `Found` features: where they are in the file (in words), the
value their kind is read from, a label, and the geometry as it was written. What
they mean is decided in plan.py, for every format the same way.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import pyogrio
import pyogrio.raw
from django.contrib.gis.geos import GEOSException, GEOSGeometry
from django.utils.translation import gettext as _

from mapping.intake import GeometryRejected, load_json
from mapping.intake.limits import configured_limits as intake_limits

from .limits import PlanLimits
from .refusals import at, refusal

WGS84 = 4326
_EPSG = re.compile(r"^(?:EPSG:{1,2}|urn:ogc:def:crs:EPSG:[\d.]*:)(\d+)$", re.IGNORECASE)
_LON_LAT_NAMES = {"urn:ogc:def:crs:ogc:1.3:crs84", "urn:ogc:def:crs:ogc::crs84"}


@dataclass
class Found:
    """A feature as read: where it is, its kind as written, its label and shape."""

    where: str
    named: Any  # the value the kind is read from (a slug or a name, unchecked)
    source: str  # where that value is written, in words
    label: str
    geometry: GEOSGeometry | Mapping[str, Any] | None


def text(value: Any) -> str:
    """An attribute as text ("" for nothing; NaN is GDAL's empty number)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def columns_by_name(meta: Mapping[str, Any], values: list[Any]) -> dict[str, Any]:
    """GDAL's columns by lower-case name (they come in the file's order)."""
    return {
        str(name).casefold(): column
        for name, column in zip(meta["fields"], values, strict=True)
    }


def too_many(limits: PlanLimits) -> NoReturn:
    refusal(
        "too_many_features",
        _("The plan has more than %(limit)s features; split it or simplify it.")
        % {"limit": limits.max_features},
    )


def read_geojson(path: Path, limits: PlanLimits) -> list[Found]:
    """A FeatureCollection (or one Feature); kinds from properties.kind."""
    try:
        document = load_json(
            path.read_bytes().removeprefix(b"\xef\xbb\xbf"),  # Windows editors add it
            limits=dataclasses.replace(intake_limits(), max_bytes=limits.max_bytes),
        )
    except GeometryRejected as rejection:
        refusal(rejection.code, str(rejection), status=rejection.status)
    if isinstance(document, Mapping) and document.get("type") == "Feature":
        document = {"type": "FeatureCollection", "features": [document]}
    if not isinstance(document, Mapping) or document.get("type") != "FeatureCollection":
        refusal(
            "not_a_feature_collection",
            _(
                "The GeoJSON must be a FeatureCollection whose features each have "
                "a “kind” property."
            ),
        )
    srid = _geojson_srid(document)
    features = document.get("features")
    if not isinstance(features, list):
        refusal(
            "not_a_feature_collection",
            _("The FeatureCollection has no list of “features”."),
        )
    if len(features) > limits.max_features:
        too_many(limits)
    found = []
    for number, feature in enumerate(features, start=1):
        where = _("feature %(n)d") % {"n": number}
        if not isinstance(feature, Mapping) or feature.get("type") != "Feature":
            refusal(
                "not_a_feature",
                _("Feature %(n)d is not a GeoJSON Feature.") % {"n": number},
                feature=number,
            )
        properties = feature.get("properties")
        properties = properties if isinstance(properties, Mapping) else {}
        fields = {str(k).casefold(): v for k, v in properties.items()}
        geometry = feature.get("geometry")
        if geometry is not None and not isinstance(geometry, Mapping):
            refusal(
                "not_a_geometry",
                at(where, _("its “geometry” is not a GeoJSON geometry object.")),
                feature=number,
            )
        if geometry is not None:
            geometry = _without_heights(geometry)
            if srid != WGS84:
                geometry = _geos_in(geometry, srid, where)
        found.append(
            Found(
                where=where,
                named=fields.get("kind"),
                source=_("“kind” property"),
                label=text(fields.get("label") or fields.get("name")),
                geometry=geometry,
            )
        )
    return found


def _geojson_srid(document: Mapping[str, Any]) -> int:
    """WGS 84 unless an old-style named "crs" says otherwise (QGIS still writes it)."""
    crs = document.get("crs")
    if crs is None:
        return WGS84
    properties = crs.get("properties") if isinstance(crs, Mapping) else None
    name = properties.get("name") if isinstance(properties, Mapping) else None
    if isinstance(name, str):
        if name.casefold() in _LON_LAT_NAMES:
            return WGS84
        match = _EPSG.match(name.strip())
        if match:
            return int(match[1])
    refusal(
        "unknown_crs",
        _(
            "The GeoJSON's “crs” is not one Birge knows: write the plan in "
            "longitude and latitude (WGS 84) without a “crs”."
        ),
    )


def _without_heights(geometry: Mapping[str, Any]) -> dict[str, Any]:
    """Positions cut to two numbers: heights mean nothing on a site plan."""

    def cut(value: Any) -> Any:
        if isinstance(value, list):
            if len(value) > 2 and all(
                isinstance(c, int | float) and not isinstance(c, bool) for c in value
            ):
                return value[:2]
            return [cut(v) for v in value]
        return value

    return {**geometry, "coordinates": cut(geometry.get("coordinates"))}


def _geos_in(geometry: Mapping[str, Any], srid: int, where: str) -> GEOSGeometry:
    try:
        shape = GEOSGeometry(json.dumps(geometry))
    except (GEOSException, ValueError, TypeError):
        refusal(
            "unreadable_geometry",
            at(where, _("the geometry cannot be read.")),
        )
    shape.srid = srid
    return shape


def read_layers(path: Path, limits: PlanLimits, *, kml: bool) -> list[Found]:
    """Every layer with shapes (GeoPackage tables, KML folders) through GDAL."""
    layers = [str(name) for name, kind in pyogrio.list_layers(path) if kind is not None]
    if len(layers) > limits.max_layers:
        refusal(
            "too_many_layers",
            _("The file has %(count)s layers; at most %(limit)s are read.")
            % {"count": len(layers), "limit": limits.max_layers},
        )
    found: list[Found] = []
    for layer in layers:
        info = pyogrio.read_info(path, layer=layer)
        srid = WGS84 if kml else _layer_srid(info.get("crs"), layer)
        names = {str(f).casefold(): str(f) for f in info["fields"]}
        wanted = [names[f] for f in ("kind", "label", "name") if f in names]
        meta, _fids, geometries, values = pyogrio.raw.read(
            path,
            layer=layer,
            columns=wanted,
            force_2d=True,
            max_features=limits.max_features - len(found) + 1,
        )
        columns = columns_by_name(meta, values)
        for index, wkb in enumerate(geometries):
            if len(found) >= limits.max_features:
                too_many(limits)
            row = {name: column[index] for name, column in columns.items()}
            where = _("feature %(n)d of layer “%(layer)s”") % {
                "n": index + 1,
                "layer": layer[:80],
            }
            named, label = text(row.get("kind")), row.get("label") or row.get("name")
            if kml and not named:  # a placemark may be named after its kind
                named, label = text(row.get("name")), row.get("label")
            found.append(
                Found(
                    where=where,
                    named=named or None,
                    source=_("ExtendedData “kind” or name")
                    if kml
                    else _("“kind” attribute"),
                    label=text(label),
                    geometry=_from_wkb(wkb, srid, where),
                )
            )
    return found


def _layer_srid(crs: str | None, layer: str) -> int:
    if crs is None:
        return WGS84
    match = _EPSG.match(crs)
    if match:
        return int(match[1])
    refusal(
        "unknown_crs",
        _(
            "Layer “%(layer)s” uses a coordinate system without an EPSG code: "
            "save it in EPSG:4326 (longitude and latitude) or in the town's UTM zone."
        )
        % {"layer": layer[:80]},
    )


def _from_wkb(wkb: bytes | None, srid: int, where: str) -> GEOSGeometry | None:
    if wkb is None:
        return None
    try:
        return GEOSGeometry(memoryview(wkb), srid=srid)
    except (GEOSException, ValueError):
        refusal(
            "unreadable_geometry",
            at(
                where,
                _(
                    "the shape cannot be read (curves cannot: convert them to "
                    "straight segments)."
                ),
            ),
        )
