"""What a tile request gets: 200 with the tile, or 304, with its caching headers.

Shared by the Django view (``views.tile``) and the WSGI path that answers tiles
ahead of the middleware (``mapping.tiles.wsgi``), so both give the same bytes,
tags and caching rules.

One round trip in the usual cases. A tile this process has not built comes with
the layer's version in one statement (``sql.answer_sql``). A tile it holds, or a
conditional request, needs the version alone (``sql.version_sql``), and the tile
is built only if the layer was written since (or the client's copy is out of
date). Copies are kept in
the ``tiles`` cache under the tile's place with the version they were built at;
a write moves the version, so the next request rebuilds the tile and no one is
served a stale map.

The answer's statement is the benchmark floor's (``sql.tile_sql``) with the
version in front, 0.016 ms more per cold tile. Earlier forms cost more, all
because PostgreSQL plans a prepared statement afresh for its parameters (a
custom plan): the version as a subquery beside the tile, 0.07 ms; the tile
under a CASE, so that a held tile would not be built, 0.35 ms even when the
CASE skipped it.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs

from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.utils.http import parse_etags, parse_http_date_safe

from mapping.caching import FOREVER, OPEN_TO_ALL, REVALIDATE_PUBLIC, cache_headers

from . import prepared
from .registry import TileLayer
from .sql import answer_sql, version_sql
from .versions import LayerState

MVT = "application/vnd.mapbox-vector-tile"
MAX_ZOOM = 22


def valid_tile(z: int, x: int, y: int) -> bool:
    """Whether z/x/y names a tile Birge serves (any other answers 404)."""
    return z <= MAX_ZOOM and x < 2**z and y < 2**z


@dataclass(frozen=True)
class TileAnswer:
    """A tile response before it is written: status, headers, body."""

    status: int  # 200, 304 or 412
    headers: list[tuple[str, str]]
    body: bytes


@dataclass(frozen=True)
class Conditions:
    """What the client says about its copy, and which version it asked for."""

    version_tag: str | None = None  # the ?v= of a TileJSON URL
    if_none_match: str | None = None
    if_modified_since: str | None = None
    if_match: str | None = None
    if_unmodified_since: str | None = None

    @classmethod
    def of(cls, environ: Mapping[str, Any]) -> Conditions:
        """What a request's WSGI environ (``request.META``) says: a map's first
        request for a tile says nothing (no query string, no conditional
        headers), and gets the one empty ``Conditions`` without parsing."""
        query_string = environ.get("QUERY_STRING")
        if not query_string and not any(name in environ for name in _HEADERS):
            return _NONE
        query = parse_qs(query_string or "")
        return cls(
            version_tag=query["v"][-1] if "v" in query else None,
            if_none_match=environ.get("HTTP_IF_NONE_MATCH"),
            if_modified_since=environ.get("HTTP_IF_MODIFIED_SINCE"),
            if_match=environ.get("HTTP_IF_MATCH"),
            if_unmodified_since=environ.get("HTTP_IF_UNMODIFIED_SINCE"),
        )

    @property
    def any(self) -> bool:
        return any(
            value is not None
            for value in (
                self.if_none_match,
                self.if_modified_since,
                self.if_match,
                self.if_unmodified_since,
            )
        )


_HEADERS = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)
_NONE = Conditions()


@functools.cache
def _statements(layer: TileLayer) -> tuple[prepared.Statement, prepared.Statement]:
    """The layer's (version, changed); the same and its tile $1/$2/$3."""
    stamp = (prepared.bigint, prepared.timestamptz)
    return (
        prepared.Statement(version_sql(layer), stamp),
        prepared.Statement(answer_sql(layer), (*stamp, prepared.bytea)),
    )


def _version(layer: TileLayer) -> tuple[int, datetime | None]:
    version, changed = prepared.row(_statements(layer)[0], ())
    return version, changed


def _build(
    layer: TileLayer, z: int, x: int, y: int
) -> tuple[int, datetime | None, bytes]:
    version, changed, tile = prepared.row(_statements(layer)[1], (z, x, y))
    return version, changed, tile or b""  # NULL: a layer with nothing to draw


@dataclass(frozen=True)
class _Stamp:
    """What a layer's version gives each of its tiles: tags and headers."""

    tag: str  # the ?v= of the layer's TileJSON URLs
    etag: str
    changed: int | None  # Unix seconds of the last write, None if never written
    current: tuple[tuple[str, str], ...]  # headers of a tile asked for at this version
    revalidate: tuple[tuple[str, str], ...]  # headers of one asked for without it

    def headers(self, conditions: Conditions) -> tuple[tuple[str, str], ...]:
        return self.current if conditions.version_tag == self.tag else self.revalidate


@functools.lru_cache(maxsize=256)
def _stamp(layer: TileLayer, version: int, changed: datetime | None) -> _Stamp:
    """Made once per layer version (a tag is a hash), not once per tile."""
    state = LayerState(versions=((layer.name, version, changed),))
    etag = f'"{layer.name}-{state.tag}"'

    def headers(cache_control: str) -> tuple[tuple[str, str], ...]:
        return (
            *cache_headers(etag=etag, state=state, cache_control=cache_control),
            OPEN_TO_ALL,
        )

    return _Stamp(
        tag=state.tag,
        etag=etag,
        changed=int(changed.timestamp()) if changed else None,
        current=headers(FOREVER),
        revalidate=headers(REVALIDATE_PUBLIC),
    )


def _conditional_status(stamp: _Stamp, conditions: Conditions) -> int | None:
    """412, 304 or None (send the tile), as ``django.utils.cache`` decides for GET."""
    etag, changed = stamp.etag, stamp.changed
    if conditions.if_match is not None:
        tags = parse_etags(conditions.if_match)
        if tags != ["*"] and etag not in tags:  # strong comparison
            return 412
    elif conditions.if_unmodified_since is not None:
        since = parse_http_date_safe(conditions.if_unmodified_since)
        if since is not None and (changed is None or changed > since):
            return 412
    if conditions.if_none_match is not None:
        tags = parse_etags(conditions.if_none_match)
        weak = {tag.removeprefix("W/") for tag in tags}
        return 304 if tags == ["*"] or etag in weak else None
    if conditions.if_modified_since is not None and changed is not None:
        since = parse_http_date_safe(conditions.if_modified_since)
        return 304 if since is not None and changed <= since else None
    return None


def answer(
    layer: TileLayer,
    z: int,
    x: int,
    y: int,
    conditions: Conditions,
    cache: BaseCache | None = None,
) -> TileAnswer:
    """The answer to GET ``layer``/z/x/y (a valid tile of a known layer).

    ``cache``: the ``tiles`` cache, if the caller holds it already."""
    if cache is None:
        cache = caches["tiles"]
    key = f"tile:{layer.name}:{z}:{x}:{y}"
    held = cache.get(key)  # (version, changed, bytes) or None
    tile: bytes | None = None
    if held is None and not conditions.any:  # cold: version and tile at once
        version, changed, tile = _build(layer, z, x, y)
    else:
        version, changed = _version(layer)
    stamp = _stamp(layer, version, changed)
    status = _conditional_status(stamp, conditions)
    if status is not None:
        return TileAnswer(
            status=status, headers=list(stamp.headers(conditions)), body=b""
        )
    if tile is None and held is not None and (held[0], held[1]) == (version, changed):
        tile = held[2]  # this process's copy is current
    elif tile is None:  # written since this process built it, or never built here
        version, changed, tile = _build(layer, z, x, y)
        stamp = _stamp(layer, version, changed)
    if held is None or (held[0], held[1]) != (version, changed):
        cache.set(key, (version, changed, tile))
    return TileAnswer(
        status=200,
        headers=[("Content-Type", MVT), *stamp.headers(conditions)],
        body=tile,
    )
