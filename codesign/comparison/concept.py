"""A concept for a site: typed zones, paths and objects, in metres."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from codesign.comparison.vocabulary import BY_SLUG, GEOMETRY_TYPES

ToMetres = Callable[[BaseGeometry], BaseGeometry]


class ConceptError(ValueError):
    """A concept that cannot be read; ``feature_index`` is None for the site."""

    def __init__(self, message: str, feature_index: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.feature_index = feature_index

    def __str__(self) -> str:
        if self.feature_index is None:
            return self.message
        return f"feature {self.feature_index}: {self.message}"


@dataclass(frozen=True)
class Element:
    """One drawn element: its kind slug and its geometry in metres."""

    kind: str
    geometry: BaseGeometry


@dataclass
class Concept:
    """A site (a Polygon in metres) and the elements drawn on it."""

    site: BaseGeometry
    elements: list[Element] = field(default_factory=list)
    name: str = ""
    official: bool = False

    @classmethod
    def from_geojson(
        cls,
        feature_collection: dict[str, Any],
        *,
        site_geojson: dict[str, Any] | None,
        to_metres: ToMetres,
        name: str = "",
        official: bool = False,
    ) -> Concept:
        """Read a lon/lat FeatureCollection whose features carry ``properties.kind``."""
        features = _features(feature_collection)
        elements = [_element(f, i, to_metres) for i, f in enumerate(features)]
        if site_geojson is None:
            site = default_site([e.geometry for e in elements])
        else:
            site = read_site(site_geojson, to_metres)
        return cls(site=site, elements=elements, name=name, official=official)


def default_site(geometries: Sequence[BaseGeometry]) -> BaseGeometry:
    """The convex hull of the geometries buffered by 1 m (a site nobody drew)."""
    if not geometries:
        raise ConceptError("there is no site and no element to derive one from")
    hull = shapely.convex_hull(shapely.union_all(list(geometries)))
    return shapely.buffer(hull, 1.0)


def read_site(site_geojson: dict[str, Any], to_metres: ToMetres) -> BaseGeometry:
    """The site polygon in metres from a geometry, Feature or one-feature collection."""
    geometry: Any = site_geojson
    if site_geojson.get("type") == "FeatureCollection":
        features = _features(site_geojson)
        if len(features) != 1:
            raise ConceptError(f"the site must be one polygon, not {len(features)}")
        geometry = features[0]
    if isinstance(geometry, dict) and geometry.get("type") == "Feature":
        geometry = geometry.get("geometry")
    site = to_metres(_shape(geometry, None))
    if site.geom_type not in GEOMETRY_TYPES["zone"]:
        raise ConceptError(f"the site must be a polygon, not a {site.geom_type}")
    _check_valid(site, None)
    return site


def _features(collection: Any) -> list[Any]:
    if (
        not isinstance(collection, dict)
        or collection.get("type") != "FeatureCollection"
    ):
        raise ConceptError("expected a GeoJSON FeatureCollection")
    features = collection.get("features")
    if not isinstance(features, list):
        raise ConceptError("the FeatureCollection has no list of features")
    return features


def _element(feature: Any, index: int, to_metres: ToMetres) -> Element:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise ConceptError("not a GeoJSON Feature", index)
    properties = feature.get("properties") or {}
    slug = properties.get("kind") if isinstance(properties, dict) else None
    if not isinstance(slug, str) or not slug:
        raise ConceptError("no properties.kind", index)
    kind = BY_SLUG.get(slug)
    if kind is None:
        known = ", ".join(sorted(BY_SLUG))
        raise ConceptError(f"unknown kind {slug!r} (known: {known})", index)
    geometry = _shape(feature.get("geometry"), index)
    if geometry.geom_type not in GEOMETRY_TYPES[kind.family]:
        expected = " or ".join(sorted(GEOMETRY_TYPES[kind.family]))
        raise ConceptError(
            f"a {slug!r} is a {kind.family} and must be a {expected}, "
            f"not a {geometry.geom_type}",
            index,
        )
    _check_valid(geometry, index)
    return Element(slug, to_metres(geometry))


def _shape(geometry: Any, index: int | None) -> BaseGeometry:
    if not isinstance(geometry, dict):
        raise ConceptError("no geometry", index)
    try:
        result = shape(geometry)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
        raise ConceptError(f"unreadable geometry ({error})", index) from None
    except shapely.errors.GEOSException as error:
        raise ConceptError(f"unreadable geometry ({error})", index) from None
    if result.is_empty:
        raise ConceptError("empty geometry", index)
    return result


def _check_valid(geometry: BaseGeometry, index: int | None) -> None:
    if not np.isfinite(shapely.get_coordinates(geometry)).all():
        raise ConceptError("coordinates must be finite numbers", index)
    # Sketches are not repaired silently: a self-crossing zone has no defined area.
    if not shapely.is_valid(geometry):
        raise ConceptError(
            f"invalid geometry: {shapely.is_valid_reason(geometry)}", index
        )
