"""A concept reduced once to what every comparison reads: unions, points, a raster."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry.base import BaseGeometry

from codesign.comparison.concept import Concept
from codesign.comparison.fuzzy import Grid, rasterise, similarity_fields
from codesign.comparison.paths import PathSample
from codesign.comparison.vocabulary import OBJECT_KINDS, PATH_KINDS, ZONE_KINDS

# Class 0 of the raster is the part of the site no zone covers.
UNASSIGNED = "unassigned"
CLASSES = (UNASSIGNED, *ZONE_KINDS)


@dataclass(frozen=True)
class Prepared:
    """Per-kind geometry of one concept, clipped to a site, and its zone raster."""

    concept: Concept
    site: BaseGeometry
    site_area: float
    zones: NDArray[np.object_]  # union per ZONE_KINDS, within the site
    zone_areas: NDArray[np.float64]
    zoned: BaseGeometry  # the union of all zones
    zoned_area: float
    paths: tuple[PathSample, ...]  # per PATH_KINDS, within the site
    objects: tuple[NDArray[np.float64], ...]  # (n, 2) coordinates per OBJECT_KINDS
    labels: NDArray[np.int8]  # class per site cell (index into CLASSES)
    fields: NDArray[np.float32]  # similarity per class and site cell

    def has(self, family: str) -> bool:
        """Whether the concept draws anything of a family inside the site."""
        if family == "zone":
            return bool(self.zoned_area > 0)
        if family == "path":
            return any(path.length_m > 0 for path in self.paths)
        return any(len(points) for points in self.objects)


def _unions(
    geometries: NDArray[np.object_], kinds: NDArray[np.str_], wanted: tuple[str, ...]
) -> NDArray[np.object_]:
    unions = [shapely.union_all(geometries[kinds == kind]) for kind in wanted]
    return np.asarray(unions, dtype=object)


def site_zones(concept: Concept) -> NDArray[np.object_]:
    """The union of each zone kind (in ZONE_KINDS order), clipped to the site."""
    geometries = np.asarray([e.geometry for e in concept.elements], dtype=object)
    kinds = np.asarray([e.kind for e in concept.elements], dtype=str)
    return shapely.intersection(_unions(geometries, kinds, ZONE_KINDS), concept.site)


def zone_labels(zones: NDArray[np.object_], grid: Grid) -> NDArray[np.int8]:
    """The class (index into CLASSES) of every site cell of the grid."""
    labels = np.zeros((grid.rows, grid.cols), dtype=np.int8)
    for index, zone in enumerate(zones):
        if not shapely.is_empty(zone) and shapely.area(zone) > 0:
            # Zones of different kinds do not overlap (the intake refuses it);
            # should a sketch still do so, the kind listed first keeps the cell.
            labels[rasterise(zone, grid) & (labels == 0)] = index + 1
    return labels[grid.inside]


def prepare(concept: Concept, grid: Grid, *, tolerance_m: float) -> Prepared:
    """Reduce a concept on a grid over its site; tolerance_m shapes the raster fields."""
    site = concept.site
    geometries = np.asarray([e.geometry for e in concept.elements], dtype=object)
    kinds = np.asarray([e.kind for e in concept.elements], dtype=str)
    zones = site_zones(concept)
    zone_areas = shapely.area(zones)
    zoned = shapely.union_all(zones)
    paths = shapely.intersection(_unions(geometries, kinds, PATH_KINDS), site)
    objects = []
    shapely.prepare(site)
    for kind in OBJECT_KINDS:
        points = shapely.get_coordinates(geometries[kinds == kind])
        objects.append(points[shapely.intersects_xy(site, points[:, 0], points[:, 1])])
    site_labels = zone_labels(zones, grid)
    return Prepared(
        concept=concept,
        site=site,
        site_area=float(shapely.area(site)),
        zones=zones,
        zone_areas=zone_areas,
        zoned=zoned,
        zoned_area=float(shapely.area(zoned)),
        paths=tuple(
            PathSample.of(path, shapely.intersection(geometries[kinds == kind], site))
            for kind, path in zip(PATH_KINDS, paths, strict=True)
        ),
        objects=tuple(objects),
        labels=site_labels,
        fields=similarity_fields(site_labels, len(CLASSES), grid, tolerance_m),
    )
