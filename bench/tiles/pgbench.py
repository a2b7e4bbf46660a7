"""The floor: the tile SQL alone, as a prepared statement, under pgbench.

Each transaction takes the next tile of the benchmark's list (a sequence, so
that the clients together walk the list in order, never one tile twice, from
where the round's walk starts, as wrk walks it for the servers) and looks it
up by primary key with ``\\gset``, then runs the tile statement exactly as
``mapping.tiles.sql.tile_sql`` writes it, its $1/$2/$3 becoming pgbench's
:z/:x/:y, with the session options of Birge's own connections (PGOPTIONS).
The lookup alone is measured too, at the same number of clients, and its cost
taken out of the throughput: 1 / tps(tile) = 1 / tps(lookup + tile) -
1 / tps(lookup). Latencies are those of whole transactions, lookup included.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
from pathlib import Path

from .common import (
    SCHEMA,
    WORK,
    Load,
    connect,
    conninfo,
    generator_threads,
    session_options,
)
from .data import walk_sequence

PARAMETERS = {"1": ":z", "2": ":x", "3": ":y"}
LOOKUP_SECONDS = 5


def script(tile_sql: str | None, table: str, rows: int) -> str:
    """A pgbench script: take the next tile of ``table``, then build it (if given)."""
    following = f"(nextval('{walk_sequence(table)}') - 1) % {rows} + 1"
    lines = [
        # A scalar subquery, evaluated once: nextval() in the WHERE clause
        # itself would be called for every row of a sequential scan.
        f"SELECT z, x, y FROM {SCHEMA}.{table} WHERE i = (SELECT {following}) \\gset",
    ]
    if tile_sql is not None:
        statement = re.sub(r"\$([123])(?!\d)", lambda m: PARAMETERS[m[1]], tile_sql)
        lines.append(statement.strip().rstrip(";") + ";")
    return "\n".join(lines) + "\n"


def _pgbench(
    path: Path, connections: int, seconds: float, log: Path | None = None
) -> float:
    """Run a script; its tps (after connections are made)."""
    command = [
        "pgbench",
        "-n",
        "-M",
        "prepared",
        "-f",
        str(path),
        "-c",
        str(connections),
        "-j",
        str(generator_threads(connections)),
        "-T",
        str(max(1, round(seconds))),
    ]
    if log is not None:
        command += ["-l", f"--log-prefix={log}"]
    options = session_options()
    done = subprocess.run(
        [*command, conninfo()],  # pgbench reads a connection string as its database
        env={**os.environ, **({"PGOPTIONS": options} if options else {})},
        capture_output=True,
        text=True,
        check=True,
        cwd=WORK,
        timeout=seconds + 120,
    )
    failed = re.search(r"number of failed transactions: (\d+)", done.stdout)
    if failed and int(failed[1]):
        raise RuntimeError(f"pgbench: {failed[1]} failed transactions\n{done.stdout}")
    return float(re.search(r"tps = ([\d.]+)", done.stdout)[1])  # type: ignore[index]


def start_walk(table: str, first: int) -> None:
    """The next transaction takes the tile at 0-based position ``first``."""
    with connect() as conn:
        conn.execute("SELECT setval(%s, %s, false)", (walk_sequence(table), first + 1))


def lookup_tps(*, table: str, rows: int, connections: int) -> float:
    """The tile lookup alone: what ``run`` takes out of the floor's throughput."""
    WORK.mkdir(parents=True, exist_ok=True)
    lookup = WORK / f"pgbench-{table}-lookup.sql"
    lookup.write_text(script(None, table, rows), encoding="utf-8")
    return _pgbench(lookup, connections, LOOKUP_SECONDS)


def run(
    *,
    case: str,
    tile_sql: str,
    table: str,
    rows: int,
    connections: int,
    seconds: float,
    lookup: float,
    first: int = 0,
) -> Load:
    """pgbench -M prepared for ``seconds`` at ``connections`` clients.

    ``lookup``: the tps of the lookup alone at these clients (``lookup_tps``).
    ``first``: where in the list the walk starts (the round's, as the servers').
    """
    WORK.mkdir(parents=True, exist_ok=True)
    tile = WORK / f"pgbench-{table}.sql"
    tile.write_text(script(tile_sql, table, rows), encoding="utf-8")
    log = WORK / f"pgbench-{table}-c{connections}"
    for old in WORK.glob(f"{log.name}.*"):
        old.unlink()

    start_walk(table, first)
    tps_with = _pgbench(tile, connections, seconds, log)
    tps = 1 / (1 / tps_with - 1 / lookup)

    latencies = sorted(
        int(line.split()[2]) / 1e3
        for path in WORK.glob(f"{log.name}.*")
        for line in path.read_text().splitlines()
    )
    load = Load(
        side="floor (pgbench)",
        case=case,
        connections=connections,
        requests=len(latencies),
        seconds=len(latencies) / tps,
        p50_ms=statistics.median(latencies),
        p99_ms=latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
    )
    load.notes.append(f"the tile lookup alone: {lookup:,.0f} tps, taken out")
    return load
