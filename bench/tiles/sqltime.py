"""How long the tile SQL alone takes, zoom by zoom, as a prepared statement."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

import psycopg

from . import mvt
from .data import Tile

REPEAT = 3


@dataclass
class SqlTime:
    """The slowest tile of one zoom."""

    z: int
    tiles: int
    worst_ms: float
    worst_tile: Tile
    features: int  # of the slowest tile
    represented: int
    bytes: int


def sweep(conn: psycopg.Connection, tile_sql: str, tiles: list[Tile]) -> list[SqlTime]:
    """Median of REPEAT timed runs per tile after one untimed; the worst per zoom."""
    cursor = psycopg.RawCursor(conn)  # $1..$3 as written, prepared server-side
    worst: dict[int, SqlTime] = {}
    counted: dict[int, int] = {}
    for tile in tiles:
        cursor.execute(tile_sql, tile, prepare=True).fetchone()
        samples = []
        body = b""
        for _ in range(REPEAT):
            start = time.perf_counter()
            row = cursor.execute(tile_sql, tile, prepare=True).fetchone()
            samples.append(time.perf_counter() - start)
            body = bytes(row[0]) if row and row[0] is not None else b""
        ms = statistics.median(samples) * 1e3
        z = tile[0]
        counted[z] = counted.get(z, 0) + 1
        if z not in worst or ms > worst[z].worst_ms:
            features, represented = mvt.summary(body)
            worst[z] = SqlTime(z, 0, ms, tile, features, represented, len(body))
    for z, result in worst.items():
        result.tiles = counted[z]
    return [worst[z] for z in sorted(worst)]
