"""The fault harness: a throwaway PostGIS cluster, the app server, and the faults.

Shared by tests/faults (the make-test size) and bench/faults.py (the long run).
The cluster is made by scripts/pg.sh under a temporary folder (BIRGE_PGDATA), so
killing and restarting it touches no one else's database.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import psycopg

from config.server import command as server_command

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = "tests.faults.settings"
DATABASE = "birge"


class Cluster:
    """A PostGIS cluster of its own under a temporary folder, unix socket only."""

    def __init__(self) -> None:
        # mkdtemp's names are lower-case, and short enough for a socket path.
        self.base = Path(tempfile.mkdtemp(prefix="birge-faults-"))
        self.socket = self.base / "run"

    def _pg(self, *args: str, check: bool = True) -> None:
        subprocess.run(
            [str(ROOT / "scripts" / "pg.sh"), *args],
            env={**os.environ, "BIRGE_PGDATA": str(self.base)},
            check=check,
            capture_output=True,
        )

    def start(self) -> None:
        """initdb on first start, then the server, the birge database and PostGIS."""
        self._pg("start")

    def restart(self, mode: str) -> None:
        """pg_ctl restart: "fast" stops cleanly, "immediate" crashes and recovers."""
        self._pg("restart", mode)

    def remove(self) -> None:
        """Stop the server and delete the cluster."""
        # Not checked: a cluster that never started has nothing to stop, and a
        # failure here must not hide the one that ended the run.
        self._pg("stop", check=False)
        shutil.rmtree(self.base, ignore_errors=True)

    def connect(self) -> psycopg.Connection:
        return psycopg.connect(
            host=str(self.socket), user="birge", dbname=DATABASE, autocommit=True
        )

    @property
    def log(self) -> Path:
        return self.base / "postgres.log"


def app_environment(cluster: Cluster) -> dict[str, str]:
    """The environment of manage.py and the server: the fault settings on `cluster`."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        BIRGE_FAULTS_PGHOST=str(cluster.socket),
        BIRGE_FAULTS_DATABASE=DATABASE,
        DJANGO_MEDIA_ROOT=str(cluster.base / "media"),
        PYTHONPATH=str(ROOT),
    )
    return env


def prepare(cluster: Cluster, clients: int) -> dict[str, Any]:
    """Migrate the cluster's database and seed it; the seed's JSON."""
    env = app_environment(cluster)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    out = subprocess.run(
        [sys.executable, "-m", "tests.faults.seed", str(clients)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class AppServer:
    """The production server (config.server) with two workers, in its own group."""

    def __init__(self, cluster: Cluster, port: int, workers: int = 2) -> None:
        self.env = app_environment(cluster)
        self.port = port
        self.workers = workers
        self.log = cluster.base / "server.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                server_command(port=self.port, workers=self.workers),
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=log,
                # Its own group: one killpg reaches the master and every worker.
                start_new_session=True,
            )

    def wait_ready(self, timeout: float = 60) -> None:
        """Until a page is served (any answer below 500)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{self.port}/en/", timeout=5
                ):
                    return
            except urllib.error.HTTPError as error:
                if error.code < 500:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise TimeoutError(f"the server did not answer in {timeout} s; see {self.log}")

    def kill(self) -> None:
        """SIGKILL the master and its workers at once, and wait until all are gone."""
        assert self.process is not None
        group = self.process.pid
        os.killpg(group, signal.SIGKILL)
        self.process.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.killpg(group, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)
        raise RuntimeError("the server's workers outlived SIGKILL")

    def stop(self) -> None:
        """A graceful stop (SIGTERM), then SIGKILL if it lingers."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()
