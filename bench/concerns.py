"""How fast the concerns map's analyses run, against Python baselines in the same run.

Run: `.venv/bin/python -m bench.concerns`. Prints a table and writes
bench/results/concerns.md. One synthetic town (12 × 10 km around
Ust-Kamenogorsk, UTM 44N, six districts) gets 3,000 and then 100,000 concerns
(70 % private, in seeded clusters plus a uniform background), inserted through
the database trigger like every other write. Everything happens in one
transaction that is rolled back, so the database is left as it was.

Baselines, measured in the same run on the same concerns:
- districts: fetch the public points and the district boundaries, then a
  geopandas ``sjoin`` (point in polygon) and a count;
- hexagons (500 m): fetch the public points, project them with geopandas, build
  the same hexagon grid with shapely and count with an ``sjoin``;
- Gi*: the analytical Gi* only (esda with no permutations) on counts already in
  memory — the floor under what the endpoint does (SQL counts, 999 seeded
  permutations, GeoJSON by PostGIS).
"""

from __future__ import annotations

import math
import os
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
django.setup()

import geopandas as gpd  # noqa: E402
import numpy as np  # noqa: E402
import shapely  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from community_map.analysis import concerns_sql, districts, hexagons, hotspots  # noqa: E402
from community_map.filters import ConcernFilter  # noqa: E402
from community_map.selectors.concerns import town_concerns  # noqa: E402
from mapping import services  # noqa: E402
from mapping.intake import AREAS, accept_geometry  # noqa: E402
from mapping.models import Town  # noqa: E402

RESULTS = Path(__file__).parent / "results" / "concerns.md"
WEST, SOUTH = 82.55, 49.90
EAST, NORTH = WEST + 0.168, SOUTH + 0.09  # about 12 km × 10 km
UTM = 32644
HEXAGON_M = 500


class Rollback(Exception):
    """Raised to undo the benchmark's town and concerns."""


def _time(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    """Median seconds of ``repeat`` calls after a warm-up, and the last result."""
    result = fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), result


def _rectangle(west: float, south: float, east: float, north: float) -> dict:
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def bench_town() -> Town:
    """A rectangular town split into 3 × 2 districts."""
    town = services.town_create(
        slug="bench-concerns",
        names={"kk": "Бенч", "ru": "Бенч", "en": "Bench"},
        boundary=accept_geometry(_rectangle(WEST, SOUTH, EAST, NORTH), allowed=AREAS),
        centre=accept_geometry(
            {"type": "Point", "coordinates": [(WEST + EAST) / 2, (SOUTH + NORTH) / 2]}
        ),
        utm_srid=UTM,
    )
    width, height = (EAST - WEST) / 3, (NORTH - SOUTH) / 2
    for i in range(3):
        for j in range(2):
            box = _rectangle(
                WEST + i * width,
                SOUTH + j * height,
                WEST + (i + 1) * width,
                SOUTH + (j + 1) * height,
            )
            services.district_create(
                town=town,
                slug=f"d{i}{j}",
                names={"kk": f"D{i}{j}", "ru": f"D{i}{j}", "en": f"D{i}{j}"},
                boundary=accept_geometry(box, allowed=AREAS, place=town),
            )
    return town


def add_concerns(town: Town, count: int, rng: random.Random) -> None:
    """``count`` concerns: 60 % in eight clusters, the rest anywhere in town."""
    centres = [
        (rng.uniform(WEST + 0.02, EAST - 0.02), rng.uniform(SOUTH + 0.01, NORTH - 0.01))
        for _ in range(8)
    ]
    lons, lats = [], []
    for n in range(count):
        if n % 10 < 6:
            lon, lat = centres[n % 8]
            lons.append(min(max(rng.gauss(lon, 0.006), WEST), EAST - 1e-6))
            lats.append(min(max(rng.gauss(lat, 0.004), SOUTH), NORTH - 1e-6))
        else:
            lons.append(rng.uniform(WEST, EAST - 1e-6))
            lats.append(rng.uniform(SOUTH, NORTH - 1e-6))
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO community_map_concern (
                created, modified, town_id, category, source, reported_on, location,
                precision_m, text, status, private, reporter_name, reporter_contact,
                external_id)
            SELECT now(), now(), %s,
                   (ARRAY['heating','snow','roads','yards','lighting','air'])[1 + n %% 6],
                   (ARRAY['hotline','survey','reception','web'])[1 + n %% 4],
                   DATE '2023-01-01' + (n * 7919 %% 900)::int,
                   ST_SetSRID(ST_MakePoint(lon, lat), 4326),
                   25, 'synthetic', 'new', n %% 10 < 7, '', '', ''
            FROM unnest(%s::float8[], %s::float8[]) WITH ORDINALITY AS p(lon, lat, n)
            """,
            [town.pk, lons, lats],
        )
        cursor.execute("ANALYZE community_map_concern")


def _points(town: Town) -> gpd.GeoDataFrame:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_X(public_point), ST_Y(public_point) FROM community_map_concern "
            "WHERE town_id = %s",
            [town.pk],
        )
        xy = np.array(cursor.fetchall(), dtype=float)
    return gpd.GeoDataFrame(
        geometry=gpd.points_from_xy(xy[:, 0], xy[:, 1]), crs="EPSG:4326"
    )


def districts_baseline(town: Town) -> dict[str, int]:
    """geopandas: fetch points and districts, sjoin, count."""
    points = _points(town)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT slug, ST_AsBinary(boundary) FROM mapping_district "
            "WHERE town_id = %s",
            [town.pk],
        )
        rows = cursor.fetchall()
    areas = gpd.GeoDataFrame(
        {"slug": [r[0] for r in rows]},
        geometry=shapely.from_wkb([bytes(r[1]) for r in rows]),
        crs="EPSG:4326",
    )
    joined = gpd.sjoin(points, areas, predicate="within")
    return joined["slug"].value_counts().to_dict()


def hexagons_baseline(town: Town, size: float) -> int:
    """geopandas + shapely: project, build the flat-topped grid, sjoin, count."""
    points = _points(town).to_crs(UTM)
    x0, y0, x1, y1 = points.total_bounds
    width, height = 1.5 * size, math.sqrt(3) * size
    cells = []
    for i in range(math.floor(x0 / width) - 1, math.ceil(x1 / width) + 2):
        offset = height / 2 if i % 2 else 0.0
        for j in range(
            math.floor((y0 - offset) / height) - 1,
            math.ceil((y1 - offset) / height) + 2,
        ):
            cx, cy = i * width, j * height + offset
            cells.append(
                shapely.Polygon(
                    [
                        (
                            cx + size * math.cos(math.pi / 3 * k),
                            cy + size * math.sin(math.pi / 3 * k),
                        )
                        for k in range(6)
                    ]
                )
            )
    grid = gpd.GeoDataFrame(geometry=cells, crs=f"EPSG:{UTM}")
    joined = gpd.sjoin(points, grid, predicate="within")
    return int(joined["index_right"].nunique())


def gi_floor(counts: np.ndarray, centres: np.ndarray, size: float) -> np.ndarray:
    """Analytical Gi* only, on counts in memory."""
    import warnings

    from esda.getisord import G_Local
    from libpysal.weights import DistanceBand

    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        weights = DistanceBand(
            centres, threshold=math.sqrt(3) * size * 1.01, binary=True
        )
        return G_Local(
            counts.astype(float), weights, transform="B", permutations=0, star=True
        ).Zs


def measure(town: Town, count: int, repeat: int) -> list[tuple[str, float, float, str]]:
    concerns = town_concerns(town, ConcernFilter())
    rows = []
    ours, _ = _time(lambda: districts.districts_geojson(town, concerns), repeat)
    base, _ = _time(lambda: districts_baseline(town), repeat)
    rows.append(("district counts (6 districts)", ours, base, "geopandas sjoin"))
    ours, _ = _time(
        lambda: hexagons.hexagons_geojson(town, concerns, HEXAGON_M), repeat
    )
    base, _ = _time(lambda: hexagons_baseline(town, HEXAGON_M), repeat)
    rows.append(
        (f"hexagon grid {HEXAGON_M} m", ours, base, "geopandas + shapely grid, sjoin")
    )
    ours, _ = _time(
        lambda: hotspots.hotspots_geojson(town, concerns, HEXAGON_M),
        max(1, repeat - 1),
    )
    rows_sql, params = concerns_sql(concerns)
    grid = hexagons.counted_grid_sql(rows_sql)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH {grid} SELECT ST_X(ST_Centroid(g.local)), ST_Y(ST_Centroid(g.local)),"
            " COALESCE(k.n, 0) FROM grid g LEFT JOIN counts k USING (i, j)",
            [HEXAGON_M, town.pk, *params],
        )
        table = np.array(cursor.fetchall(), dtype=float)
    base, _ = _time(lambda: gi_floor(table[:, 2], table[:, :2], HEXAGON_M), repeat)
    rows.append(
        (
            f"Gi* on {len(table)} hexagons of {HEXAGON_M} m, 999 permutations",
            ours,
            base,
            "analytical Gi* only, counts in memory",
        )
    )
    return [(f"{count:,} · {name}", o, b, what) for name, o, b, what in rows]


def main() -> None:
    rows = []
    try:
        with transaction.atomic():
            town = bench_town()
            rng = random.Random(2025)
            add_concerns(town, 3_000, rng)
            rows += measure(town, 3_000, 5)
            add_concerns(town, 97_000, rng)
            rows += measure(town, 100_000, 3)
            raise Rollback
    except Rollback:
        pass
    lines = [
        "| concerns · task | Birge (PostGIS / esda) | baseline | baseline is | "
        "Birge / baseline |",
        "|---|---:|---|---:|---:|",
    ]
    for name, ours, base, what in rows:
        lines.append(
            f"| {name} | {ours * 1e3:,.1f} ms | {what} | {base * 1e3:,.1f} ms "
            f"| {ours / base:.2f}x |"
        )
    table = "\n".join(lines)
    print(table)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        "# Concern analysis benchmark\n\n"
        f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores; median of "
        "repeated calls in one process, after a warm-up. See bench/concerns.py for "
        "what each baseline does.\n\n" + table + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
