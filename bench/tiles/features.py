"""Feature counts per tile, side by side, so that no side wins by dropping any."""

from __future__ import annotations

import statistics
import urllib.request
from dataclasses import dataclass

import psycopg

from . import mvt
from .data import Tile


@dataclass
class Band:
    """Mean counts per tile over the sampled tiles of some zooms."""

    zooms: str
    tiles: int
    birge_features: float
    birge_represented: float  # proposals behind Birge's features (cells count)
    floor_represented: float
    tipg_features: float
    birge_kb: float
    tipg_kb: float
    worst_gap: float  # largest relative difference, Birge vs tipg, of one tile
    empty_on_birge: int  # tiles where Birge shows nothing and tipg shows features


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=600) as response:
        return bytes(response.read())


def sample(tiles: list[Tile], per_zoom: int) -> list[Tile]:
    """Up to ``per_zoom`` tiles of each zoom, in list order."""
    chosen: list[Tile] = []
    seen: dict[int, int] = {}
    for tile in tiles:
        if seen.get(tile[0], 0) < per_zoom:
            chosen.append(tile)
            seen[tile[0]] = seen.get(tile[0], 0) + 1
    return chosen


def compare(
    tiles: list[Tile],
    *,
    birge: str,
    birge_path: str,
    tipg: str,
    tipg_path: str,
    conn: psycopg.Connection,
    tile_sql: str,
    bands: list[tuple[str, range]],
) -> list[Band]:
    """Fetch each tile from Birge, tipg and the bare SQL; mean counts per band."""
    cursor = psycopg.RawCursor(conn)
    rows = []
    for z, x, y in tiles:
        ours = _get(birge + birge_path.format(z=z, x=x, y=y))
        peer = _get(tipg + tipg_path.format(z=z, x=x, y=y))
        row = cursor.execute(tile_sql, (z, x, y)).fetchone()
        floor = bytes(row[0]) if row and row[0] is not None else b""
        rows.append(
            (z, mvt.summary(ours), mvt.summary(floor), mvt.summary(peer), ours, peer)
        )
    result = []
    for name, zooms in bands:
        chosen = [r for r in rows if r[0] in zooms]
        if not chosen:
            continue
        gaps = [abs(b[1] - p[0]) / max(p[0], 1) for _z, b, _f, p, _o, _p in chosen]
        result.append(
            Band(
                zooms=name,
                tiles=len(chosen),
                birge_features=statistics.mean(r[1][0] for r in chosen),
                birge_represented=statistics.mean(r[1][1] for r in chosen),
                floor_represented=statistics.mean(r[2][1] for r in chosen),
                tipg_features=statistics.mean(r[3][0] for r in chosen),
                birge_kb=statistics.mean(len(r[4]) for r in chosen) / 1024,
                tipg_kb=statistics.mean(len(r[5]) for r in chosen) / 1024,
                worst_gap=max(gaps),
                empty_on_birge=sum(1 for r in chosen if not r[1][1] and r[3][0]),
            )
        )
    return result
