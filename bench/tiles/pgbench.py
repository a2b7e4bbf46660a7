"""The floor: the tile SQL alone, as a prepared statement, under pgbench.

Each transaction picks one (z, x, y) from the benchmark's tile list
(``\\set i random(1, N)`` and a primary-key lookup with ``\\gset``), then runs
the tile statement exactly as ``mapping.tiles.sql.tile_sql`` writes it, its
$1/$2/$3 becoming pgbench's :z/:x/:y, with the session options of Birge's
own connections (PGOPTIONS). The lookup alone is measured too, at the
same number of clients, and its cost taken out of the throughput:
1 / tps(tile) = 1 / tps(lookup + tile) - 1 / tps(lookup). Latencies are those
of whole transactions, lookup included.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
from pathlib import Path

from .common import SCHEMA, WORK, Load, conninfo, generator_threads, session_options

PARAMETERS = {"1": ":z", "2": ":x", "3": ":y"}
LOOKUP_SECONDS = 5


def script(tile_sql: str | None, table: str, rows: int) -> str:
    """A pgbench script: pick a tile from ``table``, then build it (if given)."""
    lines = [
        f"\\set i random(1, {rows})",
        f"SELECT z, x, y FROM {SCHEMA}.{table} WHERE i = :i \\gset",
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
) -> Load:
    """pgbench -M prepared for ``seconds`` at ``connections`` clients.

    ``lookup``: the tps of the lookup alone at these clients (``lookup_tps``).
    """
    WORK.mkdir(parents=True, exist_ok=True)
    tile = WORK / f"pgbench-{table}.sql"
    tile.write_text(script(tile_sql, table, rows), encoding="utf-8")
    log = WORK / f"pgbench-{table}-c{connections}"
    for old in WORK.glob(f"{log.name}.*"):
        old.unlink()

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
