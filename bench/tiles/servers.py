"""The servers under load, started and stopped by the benchmark on loopback ports.

Birge: the production server (``config.server``: uvicorn, 2 workers for the
2 cores, each with 4 page threads; tiles on the worker's loop thread) with the production settings (DEBUG off) plus the
bench-only serializer URL. ``BENCH_BIRGE_SERVER=gunicorn`` serves it with
gunicorn's gthread workers of the same shape instead, to compare the two. tipg: uvicorn
with 2 workers (uvloop, httptools) from its own venv .venv-tipg, serving the
bench schema's view of the public proposals.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .common import (
    DATABASE,
    ROOT,
    SCHEMA,
    SOCKET_DIR,
    USER,
    WORK,
    database_url,
    free_port,
)

BIRGE_WORKERS, BIRGE_THREADS = 2, 4
TIPG_WORKERS = 2
TIPG_PYTHON = ROOT / ".venv-tipg" / "bin" / "python"
# Far above any tile's feature count: tipg must drop nothing (its default is 10 000).
TIPG_MAX_FEATURES = 10_000_000

# Production settings read these; the values are for this loopback run only.
BIRGE_ENV = {
    "DJANGO_SETTINGS_MODULE": "bench.tiles.settings",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "BIRGE_VOTER_HASH_KEY": "bench-only-not-secret-voter-key",
    "DJANGO_LOG_LEVEL": "WARNING",
}


def birge_environment() -> dict[str, str]:
    """Environment for Birge under the bench settings (a fresh secret each run)."""
    env = dict(BIRGE_ENV)
    env.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(40))
    return env


@dataclass(frozen=True)
class Server:
    """A running server: where it listens and how it was started."""

    name: str
    url: str
    settings: str


def _wait(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited at start; see {log}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within 90 s; see {log}")


@contextmanager
def _running(
    name: str,
    command: list[str],
    *,
    env: dict[str, str],
    cwd: Path,
    port: int,
    ready: str,
    settings: str,
) -> Iterator[Server]:
    WORK.mkdir(parents=True, exist_ok=True)
    log = WORK / f"{name}.log"
    with log.open("ab") as out:
        # Its own process group, so stopping it stops its workers and nothing else.
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(url + ready, process, log)
        yield Server(name=name, url=url, settings=settings)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _birge_command(port: int) -> tuple[list[str], str]:
    if os.environ.get("BENCH_BIRGE_SERVER") == "gunicorn":
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            f"--bind=127.0.0.1:{port}",
            f"--workers={BIRGE_WORKERS}",
            f"--threads={BIRGE_THREADS}",
            "--worker-class=gthread",
            "--log-level=warning",
        ]
        return command, "gunicorn (gthread)"
    from config.server import command as server_command

    return server_command(
        port=port, workers=BIRGE_WORKERS, threads=BIRGE_THREADS
    ), "uvicorn (config.server)"


@contextmanager
def birge() -> Iterator[Server]:
    """Birge under its production server; each start has empty tile caches."""
    port = free_port()
    command, name = _birge_command(port)
    from django.conf import settings as django

    database = django.DATABASES["default"]
    settings = (
        f"{name}, {BIRGE_WORKERS} workers x {BIRGE_THREADS} "
        f"{'page threads' if name.startswith('uvicorn') else 'threads'}, "
        "config.settings.production (DEBUG off) via bench.tiles.settings; "
        f"CONN_MAX_AGE {database.get('CONN_MAX_AGE')}, CONN_HEALTH_CHECKS "
        f"{database.get('CONN_HEALTH_CHECKS')}, OPTIONS {database.get('OPTIONS', {})}"
    )
    with _running(
        "birge",
        command,
        env=birge_environment(),
        cwd=ROOT,
        port=port,
        ready="/tiles/proposals.json",
        settings=settings,
    ) as server:
        yield server


def tipg_collection() -> str:
    return f"{SCHEMA}.proposals"


def tipg_database_url() -> str:
    url = database_url()
    if url:
        return url
    # The socket directory goes in the host part, percent-encoded: tipg's URL
    # check refuses an empty host, and asyncpg reads a path there as a socket.
    socket = urllib.parse.quote(str(SOCKET_DIR), safe="")
    return f"postgresql://{USER}@{socket}/{DATABASE}"


@contextmanager
def tipg() -> Iterator[Server]:
    """tipg under uvicorn from .venv-tipg, serving the bench schema only."""
    if not TIPG_PYTHON.exists():
        raise RuntimeError(
            "tipg is not installed: python3 -m venv .venv-tipg && .tools/bin/uv pip "
            "sync --python .venv-tipg/bin/python --require-hashes requirements/tipg.lock"
        )
    port = free_port()
    command = [
        str(TIPG_PYTHON),
        "-m",
        "uvicorn",
        "tipg.main:app",
        "--host=127.0.0.1",
        f"--port={port}",
        f"--workers={TIPG_WORKERS}",
        "--loop=uvloop",
        "--http=httptools",
        "--no-access-log",
        "--log-level=warning",
    ]
    env = {
        "DATABASE_URL": tipg_database_url(),
        "TIPG_DB_SCHEMAS": f'["{SCHEMA}"]',
        "TIPG_MAX_FEATURES_PER_TILE": str(TIPG_MAX_FEATURES),
        # Extents are only for the collection documents; computing them over a
        # million rows would slow the start, not the tiles.
        "TIPG_DB_SPATIAL_EXTENT": "false",
        "TIPG_DB_DATETIME_EXTENT": "false",
    }
    settings = (
        f"uvicorn {TIPG_WORKERS} workers (uvloop, httptools), tipg's asyncpg pool, "
        f"TIPG_MAX_FEATURES_PER_TILE={TIPG_MAX_FEATURES:,}, view {SCHEMA}.proposals"
    )
    with _running(
        "tipg",
        command,
        env=env,
        cwd=WORK,  # tipg reads a .env from its working directory: use none
        port=port,
        ready=f"/collections/{tipg_collection()}",
        settings=settings,
    ) as server:
        yield server


def tipg_tile_path(z: int, x: int, y: int) -> str:
    return f"/collections/{tipg_collection()}/tiles/WebMercatorQuad/{z}/{x}/{y}"


def birge_tile_path(z: int, x: int, y: int) -> str:
    return f"/tiles/proposals/{z}/{x}/{y}.mvt"
