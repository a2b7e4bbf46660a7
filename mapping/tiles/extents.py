"""Where a layer's public features lie (TileJSON bounds, OGC extents), per version."""

from __future__ import annotations

import math

from django.core.cache import cache

from mapping.db import fetch_row
from mapping.selectors import COORDINATE_DECIMALS

from .registry import TileLayer
from .versions import LayerState


def _extent_sql(geometry: str, source: str) -> str:
    return (
        "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) "
        f"FROM (SELECT ST_Extent({geometry}) AS e FROM ({source}) s) x"
    )


def towns_extent() -> list[float] | None:
    """West, south, east, north of every town: where Birge has data."""
    row = fetch_row(_extent_sql("s.boundary", "SELECT boundary FROM mapping_town"))
    return list(row) if row and row[0] is not None else None


def _data_extent(layer: TileLayer) -> list[float] | None:
    row = fetch_row(_extent_sql("s.geom", layer.source()))
    return list(row) if row and row[0] is not None else None


def extent(layer: TileLayer, state: LayerState) -> list[float]:
    """west, south, east, north of the layer's public features, kept per version.

    ``state`` holds the layer's version (and maybe others'). The towns' extent
    while the layer is empty; rounded outwards to the 6 decimals the features
    are written with, so every feature lies inside.
    """
    own = LayerState(tuple(entry for entry in state.versions if entry[0] == layer.name))
    key = f"extent:{layer.name}:{own.tag}"
    box = cache.get(key)
    if box is None:
        box = _data_extent(layer) or towns_extent() or [-180.0, -90.0, 180.0, 90.0]
        cache.set(key, box, timeout=None)
    scale = 10**COORDINATE_DECIMALS
    west, south, east, north = box
    return [
        math.floor(west * scale) / scale,
        math.floor(south * scale) / scale,
        math.ceil(east * scale) / scale,
        math.ceil(north * scale) / scale,
    ]
