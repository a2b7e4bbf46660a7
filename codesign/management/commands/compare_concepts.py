"""manage.py compare_concepts OFFICIAL CONCEPT...: every metric against the plan."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shapely
from django.contrib.gis.gdal import CoordTransform, SpatialReference
from django.contrib.gis.geos import GEOSGeometry
from django.core.management.base import BaseCommand, CommandError, CommandParser
from shapely.geometry.base import BaseGeometry

from codesign.comparison import Comparison, Concept, ConceptError, compare_many
from codesign.comparison.concept import default_site, read_site
from mapping.models import utm_zone

MAX_BYTES = 20 * 1024 * 1024


def read_geojson(path: Path) -> dict[str, Any]:
    """A GeoJSON object from a file, or CommandError naming the file and problem."""
    if not path.is_file():
        raise CommandError(f"{path}: no such file.")
    if path.stat().st_size > MAX_BYTES:
        raise CommandError(f"{path}: larger than {MAX_BYTES // 2**20} MB.")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise CommandError(f"{path}: not UTF-8 text ({error}).") from None
    except json.JSONDecodeError as error:
        raise CommandError(
            f"{path}: not JSON (line {error.lineno}, column {error.colno}: {error.msg})."
        ) from None
    if not isinstance(data, dict):
        raise CommandError(f"{path}: expected a GeoJSON object.")
    return data


def utm_projection(lon_lat: BaseGeometry) -> Callable[[BaseGeometry], BaseGeometry]:
    """A lon/lat -> metres function for the UTM zone holding a geometry's centroid."""
    centre = lon_lat.centroid
    srid = (32600 if centre.y >= 0 else 32700) + utm_zone(centre.x)
    transform = CoordTransform(SpatialReference(4326), SpatialReference(srid))

    def to_metres(geometry: BaseGeometry) -> BaseGeometry:
        geos = GEOSGeometry(memoryview(shapely.to_wkb(geometry)), srid=4326)
        geos.transform(transform)
        return shapely.from_wkb(bytes(geos.wkb))

    return to_metres


def _lon_lat(path: Path, collection: dict[str, Any]) -> BaseGeometry:
    """The official file's features in lon/lat; broken ones are reported later."""
    geometries = []
    features = collection.get("features")
    for feature in features if isinstance(features, list) else []:
        try:
            geometries.append(shapely.geometry.shape(feature["geometry"]))
        except (KeyError, TypeError, ValueError, AttributeError, IndexError):
            continue
    if not geometries:
        raise CommandError(f"{path}: the official plan has no readable feature.")
    return shapely.union_all(geometries)


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_rounded(item) for item in value]
    return value


class Command(BaseCommand):
    help = (
        "Compare site concepts (GeoJSON files whose features carry properties.kind) "
        "with the official plan, in metres of the plan's UTM zone."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("official", type=Path, help="the akimat's plan")
        parser.add_argument("concepts", type=Path, nargs="+", help="resident concepts")
        parser.add_argument("--site", type=Path, help="the site polygon (GeoJSON)")
        parser.add_argument(
            "--tolerance", type=float, default=5.0, help="fuzzy tolerance in metres"
        )
        parser.add_argument(
            "--path-distance",
            type=float,
            default=10.0,
            help="paths closer than this (metres) agree",
        )
        parser.add_argument("--format", choices=("json", "table"), default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["tolerance"] <= 0 or options["path_distance"] <= 0:
            raise CommandError("--tolerance and --path-distance must be positive.")
        paths: list[Path] = [options["official"], *options["concepts"]]
        collections = [read_geojson(path) for path in paths]
        to_metres = utm_projection(_lon_lat(paths[0], collections[0]))
        site_path: Path | None = options["site"]
        site_geojson = read_geojson(site_path) if site_path else None
        if site_path and site_geojson is not None:
            try:
                read_site(site_geojson, to_metres)  # its errors name the site file
            except ConceptError as error:
                raise CommandError(f"{site_path}: {error}") from None
        concepts = []
        for index, (path, collection) in enumerate(
            zip(paths, collections, strict=True)
        ):
            try:
                concept = Concept.from_geojson(
                    collection,
                    site_geojson=site_geojson,
                    to_metres=to_metres,
                    name=path.name,
                    official=index == 0,
                )
            except ConceptError as error:
                raise CommandError(f"{path}: {error}") from None
            concepts.append(concept)
        if site_path is None:
            # Each file came with its own hull; the site is the hull of them all.
            try:
                site = default_site([e.geometry for c in concepts for e in c.elements])
            except ConceptError as error:
                raise CommandError(str(error)) from None
            for concept in concepts:
                concept.site = site
        comparisons = compare_many(
            concepts[0],
            concepts[1:],
            tolerance_m=options["tolerance"],
            path_distance_m=options["path_distance"],
        )
        if options["format"] == "json":
            self.stdout.write(
                json.dumps(self._rows(concepts[1:], comparisons), indent=2)
            )
        else:
            self.stdout.write(self._table(concepts[1:], comparisons))

    def _rows(
        self, concepts: list[Concept], comparisons: list[Comparison]
    ) -> list[dict[str, Any]]:
        return [
            _rounded(
                {"file": concept.name, "overall": result.overall, **result.to_dict()}
            )
            for concept, result in zip(concepts, comparisons, strict=True)
        ]

    def _table(self, concepts: list[Concept], comparisons: list[Comparison]) -> str:
        header: tuple[str, ...] = (
            "concept",
            "overall",
            "zones",
            "composition",
            "paths",
            "objects",
            "Q",
            "A",
        )
        lines: list[tuple[str, ...]] = [header]
        for concept, result in zip(concepts, comparisons, strict=True):
            scores = [
                result.scores[name]
                for name in ("zones", "composition", "paths", "objects")
            ]
            lines.append(
                (
                    concept.name,
                    f"{result.overall:.3f}",
                    *("—" if s is None else f"{s:.3f}" for s in scores),
                    f"{result.quantity_disagreement:.3f}",
                    f"{result.allocation_disagreement:.3f}",
                )
            )
        widths = [max(len(row[i]) for row in lines) for i in range(len(header))]
        return "\n".join(
            "  ".join(
                cell.ljust(width) for cell, width in zip(row, widths, strict=True)
            )
            for row in lines
        )
