"""The production server (config.server) on the test database, for tests that need
real HTTP through it: shared limits across worker processes, tiles on the loop."""

from __future__ import annotations

import os
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

from config.server import command as server_command

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(*, workers: int, threads: int) -> Iterator[int]:
    """The server with ``tests.limits.server_settings`` (the test database, close
    limits) until the block ends; its port. It sees only committed rows."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.limits.server_settings",
        BIRGE_LIMITS_DATABASE=connection.settings_dict["NAME"],
    )
    # The server's errors go to a file, not a pipe no one reads while it runs.
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            server_command(port=port, workers=workers, threads=threads),
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        errors.seek(0)
                        raise RuntimeError(errors.read().decode()) from None
                    time.sleep(0.2)
            yield port
        finally:
            process.terminate()
            process.wait(timeout=30)
