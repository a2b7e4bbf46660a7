"""Run the tile benchmark: ``.venv/bin/python -m bench.tiles [--quick] [--small]``."""

from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import psycopg

from . import (
    chromium,
    data,
    features,
    pgbench,
    report,
    rounds,
    servers,
    sqltime,
    wrk,
)
from .common import (
    GENERATOR_THREADS,
    MAX_ZOOM,
    RESULTS,
    ROOT,
    WORK,
    Load,
    connect,
    session_options,
    wait_idle,
)

SEED = 2025
# A 10 000-feature answer can take seconds: run long enough for a distribution.
GEOJSON_MIN_SECONDS = 20.0
GEOJSON_MAX_SECONDS = 180.0
CONNECTIONS = (1, 8)
# A walk over distinct tiles must not use its list up (a wrapped list hands out
# tiles again, which a cache answers): it lasts at most one second per this
# many tiles, so up to that rate every tile is asked for once.
WALK_RATE = 1000
# Rounds per case (bench/tiles/rounds.py). Three full runs of 3 rounds each put
# the same code's cold tiles at 1 connection at 0.72x, 0.88x and 0.81x of the
# floor and its hot p99 at 8 connections at 8.1, 7.6 and 10.1 ms: one disturbed
# round moved a figure across its target. Five rounds cut one round's weight in
# the sums from a third to a fifth, and it takes three disturbed rounds, not
# two, to move a median. They add about 4 minutes to a run.
ROUNDS = 5


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.tiles", description=__doc__)
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"2 rounds of 2 s per side instead of {ROUNDS} of 4, fewer tiles",
    )
    parser.add_argument(
        "--small",
        action="store_true",
        help="if synthetic data is missing, create 100 000 points, not 1 000 000",
    )
    parser.add_argument("--seconds", type=float, help="seconds per round and side")
    return parser.parse_args(argv)


def _setup_django() -> None:
    os.environ.update(servers.birge_environment())
    import django

    django.setup()


def _warm_up(base: str, paths: list[str], seconds: float) -> None:
    """Start every worker's engines on tiles that are not measured cold.

    First many short connections from 8 threads at once, so that each worker
    process takes some (wrk's keep-alive connections may all land on one) and
    opens its database connections; then wrk at 8
    connections for ``seconds``.
    """
    _every_worker(base, paths)
    wrk.run(
        side="warm-up",
        case="warm-up",
        base_url=base,
        paths=paths,
        connections=8,
        seconds=seconds,
        once=False,
    )


def _every_worker(base: str, paths: list[str]) -> None:
    """Each path twice, 8 at a time on short connections, so every worker takes
    some: a worker's first tiles open its connections and prepare the statements."""
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda path: _get(base + path), paths * 2))


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=600) as response:
        return bytes(response.read())


def _geojson(
    base: str, bbox: tuple[float, ...], in_bbox: int, seconds: float, rounds: float
) -> tuple[list[Load], report.GeoJsonCheck | None, str | None]:
    """OGC items against the serializer: the same bbox, limit and rows."""
    query = f"bbox={','.join(str(v) for v in bbox)}&limit={data.GEOJSON_FEATURES}"
    ogc = f"/ogc/collections/proposals/items?{query}"
    baseline = f"/bench/serializer/proposals/?{query}"
    try:
        ours = json.loads(_get(base + ogc))
    except urllib.error.HTTPError as error:
        return [], None, f"GeoJSON not measured: {ogc} answered {error.code}"
    theirs = json.loads(_get(base + baseline))

    def ids(collection: dict) -> list:
        return [str(f.get("id")) for f in collection["features"]]

    def keys(collection: dict) -> set[str]:
        return (
            set(collection["features"][0]["properties"])
            if collection["features"]
            else set()
        )

    seconds_each = {}
    sizes = {}
    for side, path in ((report.OGC, ogc), (report.SERIALIZER, baseline)):
        start = time.perf_counter()
        sizes[side] = len(_get(base + path))
        seconds_each[side] = time.perf_counter() - start
    check = report.GeoJsonCheck(
        bbox=bbox,
        in_bbox=in_bbox,
        ogc_features=len(ours["features"]),
        serializer_features=len(theirs["features"]),
        same_ids=sorted(ids(ours)) == sorted(ids(theirs)),
        ogc_bytes=sizes[report.OGC],
        serializer_bytes=sizes[report.SERIALIZER],
        same_properties=keys(ours) == keys(theirs),
    )
    loads = []
    for connections in CONNECTIONS:
        for side, path in ((report.OGC, ogc), (report.SERIALIZER, baseline)):
            # Long enough for each connection to finish a few answers: under
            # load one answer takes about its own time x connections per worker.
            needed = rounds * seconds_each[side] * max(1, connections / 2)
            loads.append(
                wrk.run(
                    side=side,
                    case="geojson",
                    base_url=base,
                    paths=[path],
                    connections=connections,
                    seconds=min(max(seconds, needed), GEOJSON_MAX_SECONDS),
                    once=False,
                )
            )
    return loads, check, None


@dataclass
class Plan:
    """What one run loads: the tile lists, the SQL, the durations."""

    tile_sql: str
    lists: dict[str, list[data.Tile]]  # case -> tiles; "hot" repeats, others walk
    seconds: float  # per round and side
    rounds: int
    warm: float
    quick: bool


def walk_seconds(plan: Plan, tiles: list) -> float:
    """How long a walk over ``tiles`` lasts: the run's time, or less for a short list."""
    return min(plan.seconds, max(1.0, len(tiles) // WALK_RATE))


def _table(case: str) -> str:
    """The bench table pgbench picks a case's tiles from."""
    return {"cold": "cold", "hot": "hot"}.get(case, "raw")


def _step(text: str) -> None:
    print(time.strftime("%H:%M:%S"), text, flush=True)


def _floor(
    plan: Plan, case: str, connections: int, lookup: float, round_number: int
) -> Load:
    tiles = plan.lists[case]
    return pgbench.run(
        case=case,
        tile_sql=plan.tile_sql,
        table=_table(case),
        rows=len(tiles),
        connections=connections,
        seconds=plan.seconds,
        lookup=lookup,
        # where rounds.rotated() starts the servers' walk of this round
        first=len(tiles) * round_number // plan.rounds,
    )


def _walk(
    plan: Plan, side: str, url: str, paths: list[str], case: str, connections: int
) -> Load:
    hot = case == "hot"
    return wrk.run(
        side=side,
        case=case,
        base_url=url,
        paths=paths,
        connections=connections,
        seconds=plan.seconds if hot else walk_seconds(plan, paths),
        once=not hot,
    )


def _tiles(
    run: report.Run,
    plan: Plan,
    peer: servers.Server,
    ours: servers.Server,
    conn: psycopg.Connection,
) -> None:
    """Every case in rounds of floor, tipg and Birge (``rounds``).

    Each walk over distinct tiles gets a fresh Birge, whose tile cache starts
    empty, and starts a round's share further into the list. Hot tiles go to
    ``ours``, which keeps its copies.
    """
    hot = [servers.birge_tile_path(*t) for t in plan.lists["hot"]]
    _warm_up(peer.url, [servers.tipg_tile_path(*t) for t in plan.lists["hot"]], 1.0)
    _warm_up(ours.url, hot, plan.warm)
    sides = (report.FLOOR, report.TIPG, report.BIRGE)
    for case, tiles in plan.lists.items():
        for connections in CONNECTIONS:
            _step(f"{case}, {connections} connection(s): {plan.rounds} rounds")
            lookup = pgbench.lookup_tps(
                table=_table(case), rows=len(tiles), connections=connections
            )
            loads: dict[str, list[Load]] = {side: [] for side in sides}
            for r in range(plan.rounds):
                walk = rounds.rotated(tiles, r, plan.rounds)
                for side in rounds.order(sides, r):
                    if side == report.FLOOR:
                        load = _floor(plan, case, connections, lookup, r)
                    elif side == report.TIPG:
                        paths = [servers.tipg_tile_path(*t) for t in walk]
                        load = _walk(plan, side, peer.url, paths, case, connections)
                    elif case == "hot":
                        load = _walk(plan, side, ours.url, hot, case, connections)
                    else:
                        paths = [servers.birge_tile_path(*t) for t in walk]
                        with servers.birge() as fresh:
                            _warm_up(fresh.url, hot, plan.warm)
                            load = _walk(
                                plan, side, fresh.url, paths, case, connections
                            )
                    loads[side].append(load)
                    wait_idle(conn)  # what a side left running is not the next's
            run.tiles.extend(rounds.combine(loads[side]) for side in sides)


def _features(
    run: report.Run,
    plan: Plan,
    *,
    ours: servers.Server,
    peer: servers.Server,
    conn: psycopg.Connection,
    raw_from: int,
) -> None:
    _step("features per tile, side by side")
    sample = features.sample(plan.lists["cold"], 2 if plan.quick else 6)
    run.bands = features.compare(
        sample + plan.lists["hot"],
        birge=ours.url,
        birge_path=servers.birge_tile_path(0, 0, 0).replace("/0/0/0", "/{z}/{x}/{y}"),
        tipg=peer.url,
        tipg_path=servers.tipg_tile_path(0, 0, 0).replace("/0/0/0", "/{z}/{x}/{y}"),
        conn=conn,
        tile_sql=plan.tile_sql,
        bands=[
            ("z4-z9", range(4, 10)),
            (f"z10-z{raw_from - 1}", range(10, raw_from)),
            (f"z{raw_from}-z{MAX_ZOOM}", range(raw_from, MAX_ZOOM + 1)),
        ],
    )


def main(argv: list[str] | None = None) -> None:
    args = _arguments(argv)
    _setup_django()
    from mapping.tiles import registry, sql

    layer = registry.get("proposals")
    raw_from = layer.cluster_below or 0
    shutil.rmtree(WORK, ignore_errors=True)
    conn = connect()
    try:
        synth = data.ensure_synthetic(conn, small=args.small)
        # Production settings serve static files by their manifest: make it current.
        _step("collectstatic")
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
            cwd=ROOT,
            check=True,
        )
        sizes = data.sizes(conn)
        _step(f"{sizes.public:,} public proposals; busiest town {sizes.town}")
        data.create_schema(conn)
        hot = data.hot_tiles(sizes.centre)
        cold = data.cold_tiles(conn, hot, SEED)
        raw = [t for t in cold if t[0] >= raw_from]
        plan = Plan(
            tile_sql=sql.tile_sql(layer, placeholders="dollar"),
            lists={"cold": cold, f"cold z{raw_from}+": raw, "hot": hot},
            seconds=args.seconds or (2.0 if args.quick else 4.0),
            rounds=2 if args.quick else ROUNDS,
            warm=1.0 if args.quick else 2.0,
            quick=args.quick,
        )
        for case, tiles in plan.lists.items():
            data.store_list(conn, _table(case), tiles)
        bbox, in_bbox = data.geojson_bbox(conn, sizes.centre, data.GEOJSON_FEATURES)
        run = report.Run(
            date=time.strftime("%Y-%m-%d %H:%M %Z"),
            cores=os.cpu_count() or 0,
            seconds=plan.seconds,
            rounds=plan.rounds,
            sizes=sizes,
            synth=synth,
            servers={
                "floor": f"pgbench -M prepared, -c1 and -c8 with -j{GENERATOR_THREADS}, "
                "the statement of mapping.tiles.sql.tile_sql(proposals, "
                "placeholders='dollar'), "
                f"PGOPTIONS as Birge's connections: {session_options() or 'none'}"
            },
            cold_tiles=len(cold),
            cold_zooms=dict(collections.Counter(z for z, _x, _y in cold)),
            hot_tiles=len(hot),
            raw_from=raw_from,
        )

        _step("the data into PostgreSQL's buffers")
        run.notes.append(data.prewarm(conn))
        _step("SQL time per zoom (also warms PostgreSQL's caches)")
        sweep = data.sweep_tiles(conn, 3 if args.quick else 6, SEED)
        run.sql = sqltime.sweep(conn, plan.tile_sql, sweep)
        with servers.tipg() as peer, servers.birge() as ours:
            run.servers["tipg"] = peer.settings
            run.servers["Birge"] = ours.settings
            _step(f"Chromium: the map of {sizes.town}")
            # The timing is of a browser with an empty cache, not of a new worker.
            _every_worker(ours.url, [f"/en/towns/{sizes.town}/"] * 8)
            run.browser = chromium.time_town_map(
                ours.url, sizes.town, RESULTS / "tiles-map.png"
            )
            _tiles(run, plan, peer, ours, conn)
            _features(run, plan, ours=ours, peer=peer, conn=conn, raw_from=raw_from)
            _step("GeoJSON: OGC items and the serializer")
            run.geojson, run.geojson_check, note = _geojson(
                ours.url,
                bbox,
                in_bbox,
                max(plan.seconds, GEOJSON_MIN_SECONDS),
                rounds=1.5 if plan.quick else 3,
            )
            if note:
                run.notes.append(note)
    finally:
        data.drop_schema(conn)
        conn.close()

    chart = RESULTS / "tiles.png"
    report.chart(run, chart)
    (RESULTS / "tiles.md").write_text(report.markdown(run, chart), encoding="utf-8")
    print(report.console(run))
    print(f"\nWrote {RESULTS / 'tiles.md'}, {chart} and {RESULTS / 'tiles-map.png'}")


if __name__ == "__main__":
    main()
