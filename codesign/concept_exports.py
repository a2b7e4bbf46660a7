"""A session's submitted concepts for GIS and CAD: GeoPackage, GeoJSON and DXF.

Each concept is exported as its latest submitted version (drafts stay private,
and a concept a moderator hid is left out, as on the public pages); the official
plan comes first and is marked. GeoPackage and GeoJSON are in
longitude and latitude; DXF is in the town's UTM metres, with one CAD layer per
kind of element (named by its code) in the palette's colours, zones as closed
polylines, paths as polylines and objects as points.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyogrio
import pyogrio.raw
from django.contrib.gis.geos import GEOSGeometry
from django.utils.translation import gettext as _

from mapping.files.formats import CONTENT_TYPES

from . import analysis
from .comparison.vocabulary import kind
from .models import Concept, ConceptElement, ConceptVersion, DesignSession

FORMATS = {code: CONTENT_TYPES[code] for code in ("gpkg", "geojson", "dxf")}
ELEMENT_FIELDS = (
    "concept",
    "title",
    "official",
    "version",
    "kind",
    "kind_name",
    "label",
    "colour",
)
_RESERVED = ("gpkg", "rtree", "sqlite")


@dataclass(frozen=True)
class ExportedConcept:
    """A concept as exported: its latest submitted version and that version's elements."""

    concept: Concept
    version: ConceptVersion
    elements: list[ConceptElement]


def submitted_concepts(
    session: DesignSession, *, concept_id: int | None = None
) -> list[ExportedConcept]:
    """Each visible concept's latest submitted version, the official plan first."""
    versions = (
        ConceptVersion.objects.filter(
            concept__session=session,
            concept__is_hidden=False,
            submitted_at__isnull=False,
        )
        .select_related("concept")
        .order_by("concept_id", "-number")
        .distinct("concept_id")
    )
    if concept_id is not None:
        versions = versions.filter(concept_id=concept_id)
    latest = sorted(versions, key=lambda v: (not v.concept.official, v.concept_id))
    elements: dict[int, list[ConceptElement]] = defaultdict(list)
    for element in ConceptElement.objects.filter(version__in=latest).order_by(
        "version", "position"
    ):
        elements[element.version_id].append(element)
    return [ExportedConcept(v.concept, v, elements[v.pk]) for v in latest]


def export(session: DesignSession, fmt: str, *, concept_id: int | None = None) -> bytes:
    """The session's submitted concepts (or one of them) in one of FORMATS."""
    concepts = submitted_concepts(session, concept_id=concept_id)
    if fmt == "geojson":
        return as_geojson(session, concepts)
    if fmt == "gpkg":
        cells = analysis.agreement_cells(session) if concept_id is None else []
        return as_gpkg(session, concepts, cells)
    if fmt == "dxf":
        return as_dxf(session, concepts)
    raise ValueError(f"unknown export format {fmt!r}")


def _palette(session: DesignSession) -> dict[str, tuple[str, str]]:
    """Each kind's name in the active language and colour, as this session has them."""
    return {entry.kind: (entry.name, entry.colour) for entry in session.palette.all()}


def _properties(
    exported: ExportedConcept,
    element: ConceptElement,
    palette: dict[str, tuple[str, str]],
) -> dict[str, Any]:
    vocabulary = kind(element.kind)
    name, colour = palette.get(element.kind, (vocabulary.name("en"), vocabulary.colour))
    return {
        "concept": exported.concept.pk,
        "title": exported.concept.title,
        "official": exported.concept.official,
        "version": exported.version.number,
        "kind": element.kind,
        "kind_name": name,
        "label": element.label,
        "colour": colour,
    }


def as_geojson(session: DesignSession, concepts: list[ExportedConcept]) -> bytes:
    """One FeatureCollection of every element, each with its concept's properties."""
    palette = _palette(session)
    features = [
        {
            "type": "Feature",
            "id": element.pk,
            "geometry": json.loads(element.geometry.json),
            "properties": _properties(exported, element, palette),
        }
        for exported in concepts
        for element in exported.elements
    ]
    return json.dumps(
        {"type": "FeatureCollection", "features": features}, ensure_ascii=False
    ).encode()


def layer_name(concept: Concept) -> str:
    """A GeoPackage table name from the title and id: letters, digits and _ only."""
    stem = re.sub(r"\W+", "_", concept.title.casefold()).strip("_")[:40] or "concept"
    if stem.startswith(_RESERVED):
        stem = f"concept_{stem}"
    return f"{stem}_{concept.pk}"


def as_gpkg(
    session: DesignSession,
    concepts: list[ExportedConcept],
    cells: list[tuple[GEOSGeometry, dict[str, Any]]],
) -> bytes:
    """A layer per concept, and the agreement grid as the layer “agreement”."""
    palette = _palette(session)
    with tempfile.TemporaryDirectory(prefix="birge-export-") as folder:
        path = Path(folder) / "session.gpkg"
        first = True
        for exported in concepts:
            rows = [_properties(exported, e, palette) for e in exported.elements]
            description = (
                _("The official plan, version %(n)d")
                if exported.concept.official
                else _("A concept, version %(n)d")
            ) % {"n": exported.version.number}
            _write_layer(
                path,
                layer_name(exported.concept),
                [e.geometry for e in exported.elements],
                {f: [row[f] for row in rows] for f in ELEMENT_FIELDS},
                append=not first,
                layer_options={
                    "IDENTIFIER": exported.concept.title,
                    "DESCRIPTION": description,
                },
            )
            first = False
        if cells or first:  # an empty export is still a GeoPackage with a layer
            keys = list(dict.fromkeys(k for _cell, attrs in cells for k in attrs))
            _write_layer(
                path,
                "agreement",
                [cell for cell, _attrs in cells],
                {k: [attrs.get(k) for _cell, attrs in cells] for k in keys},
                append=not first,
            )
        return path.read_bytes()


def _write_layer(
    path: Path,
    layer: str,
    geometries: list[GEOSGeometry],
    columns: dict[str, list[Any]],
    *,
    append: bool,
    layer_options: dict[str, str] | None = None,
) -> None:
    types = {g.geom_type for g in geometries}
    pyogrio.raw.write(
        path,
        np.array([bytes(g.wkb) for g in geometries], dtype=object),
        [_column(values) for values in columns.values()] or None,
        list(columns),
        layer=layer,
        driver="GPKG",
        geometry_type=types.pop() if len(types) == 1 else "Unknown",
        crs="EPSG:4326",
        append=append,
        layer_options=layer_options,
    )


def _column(values: list[Any]) -> np.ndarray:
    """A typed column for GDAL: booleans, whole numbers, numbers or text."""
    present = [v for v in values if v is not None]
    if (
        present
        and all(isinstance(v, bool) for v in present)
        and len(present) == len(values)
    ):
        return np.array(values, dtype=bool)
    if present and all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in present
    ):
        if len(present) == len(values) and all(isinstance(v, int) for v in present):
            return np.array(values, dtype=np.int64)
        return np.array([np.nan if v is None else float(v) for v in values])
    return np.array(["" if v is None else str(v) for v in values], dtype=object)


def as_dxf(session: DesignSession, concepts: list[ExportedConcept]) -> bytes:
    """The elements in the town's UTM metres, one CAD layer per kind, in its colour."""
    palette = _palette(session)
    utm = session.site.town.utm_srid
    # Closed polylines for areas (GDAL would write solid hatches otherwise).
    pyogrio.set_gdal_config_options({"DXF_WRITE_HATCH": "NO"})
    shapes, layers, styles = [], [], []
    for exported in concepts:
        for element in exported.elements:
            shapes.append(bytes(element.geometry.transform(utm, clone=True).wkb))
            layers.append(element.kind)
            colour = palette.get(element.kind, ("", kind(element.kind).colour))[1]
            styles.append(f"PEN(c:{colour.lower()})")
    with tempfile.TemporaryDirectory(prefix="birge-export-") as folder:
        path = Path(folder) / "session.dxf"
        pyogrio.raw.write(
            path,
            np.array(shapes, dtype=object),
            [np.array(layers, dtype=object), np.array(styles, dtype=object)],
            ["Layer", "OGR_STYLE"],
            driver="DXF",
            geometry_type="Unknown",
            crs=f"EPSG:{utm}",
            dataset_options={"INSUNITS": "METERS", "MEASUREMENT": "METRIC"},
        )
        return path.read_bytes()
