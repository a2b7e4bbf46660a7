"""The data the benchmark runs on: synthetic proposals, tile lists, a bbox.

Everything the run creates lives in the ``bench_tiles`` schema (dropped at the
end): the tiles that hold data at each zoom, the cold and hot lists pgbench
reads, and the view tipg serves (public proposals, the same WHERE and
attributes as Birge's ``proposals`` layer).
"""

from __future__ import annotations

import math
import random
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import psycopg

from .common import MAX_ZOOM, MIN_ZOOM, ROOT, SCHEMA

PUBLIC = "p.status <> 'draft' AND p.geometry IS NOT NULL"
HALF_WORLD = 20037508.342789244
HOT_ZOOMS = (12, 13, 14, 15, 16)  # 2 x 2 tiles each around the centre: 20 tiles
GEOJSON_FEATURES = 10_000
FULL = {"points": 1_000_000, "polygons": 100_000, "concerns": 100_000}
SMALL = {"points": 100_000, "polygons": 10_000, "concerns": 10_000}

Tile = tuple[int, int, int]


def _one(conn: psycopg.Connection, sql: str, params: Sequence[Any] = ()) -> Any:
    """The single row a query returns."""
    row = conn.execute(sql, params).fetchone()
    if row is None:
        raise LookupError(sql)
    return row


def synthetic_count(conn: psycopg.Connection) -> int:
    return int(
        _one(
            conn,
            "SELECT count(*) FROM codesign_proposal p "
            "JOIN codesign_campaign c ON c.id = p.campaign_id "
            "WHERE c.slug = 'synthetic'",
        )[0]
    )


def ensure_synthetic(conn: psycopg.Connection, *, small: bool) -> str | None:
    """Run ``manage.py synth`` if there are no synthetic proposals; say what ran."""
    if synthetic_count(conn):
        return None
    sizes = SMALL if small else FULL
    command = [
        sys.executable,
        "manage.py",
        "synth",
        *[f"--{name}={count}" for name, count in sizes.items()],
    ]
    print("No synthetic proposals in the database: running", " ".join(command[1:]))
    subprocess.run(command, cwd=ROOT, check=True)
    return " ".join(command[1:])


@dataclass
class Sizes:
    """How much data the run measured."""

    proposals: int
    public: int
    synthetic: int
    polygons: int
    concerns: int
    towns: int
    town: str  # the town with the most synthetic proposals
    town_public: int
    centre: tuple[float, float]
    database_mb: float
    postgres: str
    postgis: str


def sizes(conn: psycopg.Connection) -> Sizes:
    def one(sql: str) -> Any:
        return _one(conn, sql)

    town = one(
        "SELECT t.slug, count(*), ST_X(t.centre), ST_Y(t.centre) "
        "FROM codesign_proposal p JOIN codesign_campaign c ON c.id = p.campaign_id "
        f"JOIN mapping_town t ON t.id = c.town_id WHERE {PUBLIC} "
        "GROUP BY t.id ORDER BY count(*) DESC LIMIT 1"
    )
    return Sizes(
        proposals=one("SELECT count(*) FROM codesign_proposal")[0],
        public=one(f"SELECT count(*) FROM codesign_proposal p WHERE {PUBLIC}")[0],
        synthetic=synthetic_count(conn),
        polygons=one(
            "SELECT count(*) FROM codesign_proposal WHERE ST_Dimension(geometry) = 2"
        )[0],
        concerns=one("SELECT count(*) FROM community_map_concern")[0],
        towns=one("SELECT count(*) FROM mapping_town")[0],
        town=town[0],
        town_public=town[1],
        centre=(town[2], town[3]),
        database_mb=one("SELECT pg_database_size(current_database())")[0] / 2**20,
        postgres=one("SHOW server_version")[0],
        postgis=one("SELECT postgis_lib_version()")[0],
    )


def create_schema(conn: psycopg.Connection) -> None:
    """The bench schema, and the view tipg serves: Birge's public proposals."""
    drop_schema(conn)
    conn.execute(f"CREATE SCHEMA {SCHEMA}")
    # Same rows (drafts left out) and the same tile attributes as the layer; the
    # geometry is the table's own EPSG:4326 column, as tipg would meet it.
    conn.execute(
        f"""
        CREATE VIEW {SCHEMA}.proposals AS
        SELECT p.id, p.status, p.campaign_id AS campaign,
               p.category_id AS category, p.geometry
        FROM codesign_proposal p WHERE {PUBLIC}"""
    )
    conn.execute(
        f"""
        CREATE TABLE {SCHEMA}.points AS
        SELECT ST_X(c) AS px, ST_Y(c) AS py
        FROM (SELECT ST_PointOnSurface(p.tile_geom) AS c
              FROM codesign_proposal p WHERE {PUBLIC}) q"""
    )
    conn.execute(
        f"CREATE TABLE {SCHEMA}.tile_counts "
        "(z int, x int, y int, n int, PRIMARY KEY (z, x, y))"
    )
    for z in range(MAX_ZOOM + 1):
        size = 2 * HALF_WORLD / 2**z
        conn.execute(
            f"""
            INSERT INTO {SCHEMA}.tile_counts
            SELECT %(z)s, least(floor((px + {HALF_WORLD}) / %(size)s), 2^%(z)s - 1),
                   least(floor(({HALF_WORLD} - py) / %(size)s), 2^%(z)s - 1),
                   count(*)
            FROM {SCHEMA}.points GROUP BY 2, 3""",
            {"z": z, "size": size},
        )


def prewarm(conn: psycopg.Connection) -> str:
    """Read Birge's tables and indexes into PostgreSQL's buffers; what was read.

    Cold tiles are tiles no server has built before, not data on disk: on a
    database server sized for its data the rows are in memory. Without this,
    the side that led a round read from disk what the next sides found in
    memory; and this machine's host reclaims the kernel's page cache (1,317 MB
    of it down to 448 MB in a minute, 362 MB in two, with 23 GB free), so
    rounds met the disk at random. Side by side over 8 rounds the same code
    measured 0.71-1.13x of the floor from round to round, and 0.79-0.91x with
    the data read in first (docs/performance.md).
    """
    conn.execute(f"CREATE EXTENSION IF NOT EXISTS pg_prewarm SCHEMA {SCHEMA}")
    where = _one(
        conn,
        "SELECT n.nspname FROM pg_extension e "
        "JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_prewarm'",
    )[0]
    (blocks,) = _one(
        conn,
        f"""
        SELECT coalesce(sum({where}.pg_prewarm(oid::regclass)), 0) FROM (
            SELECT c.oid FROM pg_class c
            WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'i', 'm')
            UNION ALL
            SELECT c.reltoastrelid FROM pg_class c
            WHERE c.relnamespace = 'public'::regnamespace AND c.reltoastrelid <> 0
        ) AS relations (oid)""",
    )
    block_size, buffers = _one(
        conn,
        "SELECT current_setting('block_size')::int, "
        "pg_size_bytes(current_setting('shared_buffers'))",
    )
    read = int(blocks) * block_size
    note = (
        f"PostgreSQL's buffers: {buffers / 2**20:,.0f} MB; Birge's tables and "
        f"indexes, {read / 2**20:,.0f} MB, read into them first (pg_prewarm)"
    )
    if read > buffers:
        note += "; they do not all fit, so cold rounds may read the disk"
    return note


def drop_schema(conn: psycopg.Connection) -> None:
    conn.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")


def _tile_of(lon: float, lat: float, z: int) -> tuple[float, float]:
    """Fractional tile coordinates of a WGS 84 point at zoom z."""
    n = 2**z
    x = (lon + 180) / 360 * n
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
    return x, y


def hot_tiles(centre: tuple[float, float]) -> list[Tile]:
    """The 2 x 2 tiles nearest the town centre at each of HOT_ZOOMS: a map's view."""
    tiles = []
    for z in HOT_ZOOMS:
        fx, fy = _tile_of(*centre, z)
        x0, y0 = round(fx) - 1, round(fy) - 1
        tiles += [(z, x, y) for x in (x0, x0 + 1) for y in (y0, y0 + 1)]
    return tiles


def cold_tiles(conn: psycopg.Connection, hot: list[Tile], seed: int) -> list[Tile]:
    """Every tile z4..z16 holding a public proposal, bar the hot ones, shuffled."""
    rows = conn.execute(
        f"SELECT z, x, y FROM {SCHEMA}.tile_counts WHERE z BETWEEN %s AND %s "
        "ORDER BY z, x, y",
        [MIN_ZOOM, MAX_ZOOM],
    ).fetchall()
    skip = set(hot)
    tiles = [tuple(row) for row in rows if tuple(row) not in skip]
    random.Random(seed).shuffle(tiles)
    return tiles  # type: ignore[return-value]


def walk_sequence(table: str) -> str:
    """The sequence whose next value is the next tile of ``table`` to build."""
    return f"{SCHEMA}.{table}_walk"


def store_list(conn: psycopg.Connection, table: str, tiles: list[Tile]) -> None:
    """A numbered tile list pgbench looks tiles up in, and the sequence its
    clients take the next number from (``walk_sequence``)."""
    conn.execute(
        f"CREATE TABLE {SCHEMA}.{table} (i int PRIMARY KEY, z int, x int, y int)"
    )
    conn.execute(f"CREATE SEQUENCE {walk_sequence(table)}")
    with (
        conn.cursor() as cursor,
        cursor.copy(f"COPY {SCHEMA}.{table} (i, z, x, y) FROM STDIN") as copy,
    ):
        for i, tile in enumerate(tiles, start=1):
            copy.write_row((i, *tile))
    conn.execute(f"ANALYZE {SCHEMA}.{table}")


def sweep_tiles(conn: psycopg.Connection, per_zoom: int, seed: int) -> list[Tile]:
    """For each zoom 0..16: its densest tile and a few others holding data."""
    rng = random.Random(seed)
    tiles: list[Tile] = []
    for z in range(MAX_ZOOM + 1):
        rows = conn.execute(
            f"SELECT z, x, y FROM {SCHEMA}.tile_counts WHERE z = %s ORDER BY n DESC",
            [z],
        ).fetchall()
        others = [tuple(r) for r in rows[1:]]
        chosen = [tuple(rows[0]), *rng.sample(others, min(per_zoom - 1, len(others)))]
        tiles += chosen  # type: ignore[arg-type]
    return tiles


def geojson_bbox(
    conn: psycopg.Connection, centre: tuple[float, float], features: int
) -> tuple[tuple[float, float, float, float], int]:
    """The smallest square around ``centre`` with at least ``features`` proposals."""
    lon, lat = centre

    def count(box: Sequence[float]) -> int:
        return int(
            _one(
                conn,
                f"SELECT count(*) FROM codesign_proposal p WHERE {PUBLIC} AND "
                "ST_Intersects(p.geometry, ST_MakeEnvelope(%s, %s, %s, %s, 4326))",
                box,
            )[0]
        )

    low, high = 0.0, 0.01
    while count(_square(lon, lat, high)) < features:
        low, high = high, high * 2
        if high > 10:
            raise RuntimeError(f"fewer than {features} public proposals near {centre}")
    for _ in range(30):
        middle = (low + high) / 2
        if count(_square(lon, lat, middle)) >= features:
            high = middle
        else:
            low = middle
    # Six decimals in the URL, rounded outwards so that nothing falls out.
    west, south, east, north = _square(lon, lat, high)
    bbox = (
        math.floor(west * 1e6) / 1e6,
        math.floor(south * 1e6) / 1e6,
        math.ceil(east * 1e6) / 1e6,
        math.ceil(north * 1e6) / 1e6,
    )
    return bbox, count(bbox)


def _square(lon: float, lat: float, half: float) -> tuple[float, ...]:
    wide = half / max(math.cos(math.radians(lat)), 0.1)
    return (lon - wide, lat - half, lon + wide, lat + half)
