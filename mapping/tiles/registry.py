"""The public map layers served as vector tiles and OGC API collections.

mapping knows only its own tables. codesign and community_map describe their
layers here in ``AppConfig.ready()``, as they do for town sections; the tile
endpoint, TileJSON and OGC API Features read the same descriptions, so a layer's
privacy rule and attributes are written once.

A layer's ``source()`` is one SQL ``SELECT`` over the rows the public may see, in
the active language. Its columns are ``id``, ``geom`` (EPSG:4326), ``tile_geom``
(EPSG:3857; indexed where the layer is large), the ``attributes`` a tile carries,
and the ``properties`` a popup or a GIS user reads (names, numbers). Tiles select
only the attributes: PostgreSQL then computes none of the rest, and drops the
LEFT JOINs that only the properties need.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

# A dense point layer is drawn as counts in a 16 x 16 grid per tile below this
# zoom; the counts live in mapping_tile_cell, kept by triggers (migration 0002).
CLUSTER_GRID = 16
CLUSTER_SHIFT = 4  # log2(CLUSTER_GRID): cells of zoom z tiles are level z + 4


@dataclass(frozen=True, eq=False)  # hashed by identity: tile SQL is cached per layer
class TileLayer:
    """One public layer: where its rows come from, and how tiles show them."""

    name: str
    title: str | Promise
    description: str | Promise
    geometry: str  # "point", "line", "polygon" or "mixed" (what a GIS expects)
    source: Callable[[], str]
    attributes: Mapping[str, str]  # in tiles: name -> "integer" or "string"
    tables: tuple[str, ...]  # whose writes change the layer (the triggers' tables)
    # Other layers whose names its properties show (OGC answers change with them).
    depends_on: tuple[str, ...] = ()
    properties: Mapping[str, str] = field(default_factory=dict)  # OGC only
    # Labels in the active language for coded attributes: name -> {code: label}.
    labels: Mapping[str, Callable[[], Mapping[str, str]]] = field(default_factory=dict)
    link: Callable[[Mapping[str, Any]], str | None] | None = None  # HTML page
    cluster_below: int | None = None  # dense points: counts below this zoom
    minzoom: int = 0
    maxzoom: int = 16
    order: int = 100

    @property
    def clustered(self) -> bool:
        return self.cluster_below is not None


_LAYERS: dict[str, TileLayer] = {}


def register(layer: TileLayer) -> None:
    """Add a layer (idempotent: a second ``ready()`` replaces it with itself)."""
    _LAYERS[layer.name] = layer


def get(name: str) -> TileLayer:
    """The layer of that name; KeyError if there is none."""
    return _LAYERS[name]


def layers() -> list[TileLayer]:
    """Every public layer, in map order (polygons under points)."""
    return sorted(_LAYERS.values(), key=lambda layer: (layer.order, layer.name))
