"""What every part of the tile benchmark shares: paths, the database, one result."""

from __future__ import annotations

import os
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent.parent
RESULTS = ROOT / "bench" / "results"
WORK = RESULTS / "tiles.tmp"  # scratch files of one run (ignored by git)
SCHEMA = "bench_tiles"  # the benchmark's own tables and views; dropped after a run
SOCKET_DIR = ROOT / ".pgdata" / "run"
DATABASE = os.environ.get("BIRGE_BENCH_DATABASE", "birge")
USER = os.environ.get("BIRGE_BENCH_USER", "birge")
MIN_ZOOM, MAX_ZOOM = 4, 16
# Threads of the load generators (wrk -t, pgbench -j) at any concurrency. They
# share the machine's 2 cores with the side they load, so a second thread takes
# CPU the side needs: hot Birge tiles at 8 connections, 8 alternating rounds of
# 4 s, gave a p99 of 12.0 ms (median of rounds; 4 rounds over 10 ms) with wrk -t2
# and 4.8 ms (1 round over) with -t1, at 6,274 and 6,500 req/s. One thread
# drives 8 keep-alive connections through epoll (wrk) or poll (pgbench).
GENERATOR_THREADS = 1


def generator_threads(connections: int) -> int:
    """Threads for a load generator holding ``connections`` (never more)."""
    return min(GENERATOR_THREADS, connections)


def database_url() -> str | None:
    """DATABASE_URL as libpq reads it (Django's ``postgis://`` is PostgreSQL's)."""
    url = os.environ.get("DATABASE_URL")
    if url and url.startswith("postgis://"):
        url = "postgresql://" + url.removeprefix("postgis://")
    return url


def conninfo() -> str:
    """libpq connection string: DATABASE_URL if set, else the project's cluster."""
    return database_url() or f"host={SOCKET_DIR} dbname={DATABASE} user={USER}"


def session_options() -> str | None:
    """The server options Birge's own connections start with (e.g. ``-c jit=off``).

    The floor and the SQL timings use them too, so that they run the statement
    as Birge does. Needs Django set up.
    """
    from django.conf import settings

    return settings.DATABASES["default"].get("OPTIONS", {}).get("options") or None


def connect() -> psycopg.Connection:
    """An autocommit connection with Birge's session options, as the servers use."""
    return psycopg.connect(conninfo(), autocommit=True, options=session_options())


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Load:
    """One side under one load: latency percentiles and throughput."""

    side: str
    case: str
    connections: int
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int = 0
    bytes: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def wait_idle(conn: psycopg.Connection, timeout: float = 120.0) -> None:
    """Until PostgreSQL runs no other client's query (at most ``timeout`` s).

    A load generator that stops does not stop the queries it started: tipg's
    slowest tiles run on for up to a second or two after wrk has hung up, and the
    next side would share the machine with them.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        busy = conn.execute(
            """SELECT count(*) FROM pg_stat_activity
               WHERE state = 'active' AND pid <> pg_backend_pid()
                 AND backend_type = 'client backend'"""
        ).fetchone()
        if not busy or not busy[0]:
            return
        time.sleep(0.05)
