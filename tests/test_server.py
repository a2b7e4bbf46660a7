"""The production server keeps each worker on a core of its own (config/worker.py)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

from config.server import command as server_command

ROOT = Path(__file__).resolve().parent.parent
CORES = sorted(os.sched_getaffinity(0))

pytestmark = pytest.mark.skipif(len(CORES) < 2, reason="needs two cores or more")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def workers(main: int) -> list[int]:
    children = Path(f"/proc/{main}/task/{main}/children").read_text().split()
    return sorted(int(pid) for pid in children)


def cores_of(pid: int) -> set[frozenset[int]]:
    """The cores each thread of the process may run on (one set per thread)."""
    return {
        frozenset(os.sched_getaffinity(int(thread)))
        for thread in os.listdir(f"/proc/{pid}/task")
    }


@contextlib.contextmanager
def server(count: int, **environment: str) -> Iterator[list[int]]:
    """config.server with ``count`` workers, serving; the workers' pids."""
    port = free_port()
    # A file, not a pipe: nothing reads the server's output while it runs.
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            server_command(port=port, workers=count, threads=2),
            cwd=ROOT,
            env={**os.environ, **environment},
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        try:
            yield _serving(process, count, port, log)
        finally:
            # SIGKILL to the group: granian can miss a SIGTERM that comes while
            # a worker is still starting, and this test is not about stopping.
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


def _serving(
    process: subprocess.Popen[bytes], count: int, port: int, log: IO[bytes]
) -> list[int]:
    """The workers' pids once the server answers and every worker has started."""
    deadline = time.monotonic() + 90
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            pids = workers(process.pid)
            if len(pids) == count and all(
                len(os.listdir(f"/proc/{pid}/task")) > 1 for pid in pids
            ):
                return pids
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            log.seek(0)
            raise RuntimeError(log.read().decode(errors="replace"))
        time.sleep(0.2)


def test_each_worker_keeps_to_a_core_of_its_own():
    with server(2) as pids:
        held = [cores_of(pid) for pid in pids]
    # Every thread of a worker (granian's Rust thread, the Python threads it
    # hands requests to) is on the worker's one core, and no two share one.
    assert all(len(threads) == 1 and len(next(iter(threads))) == 1 for threads in held)
    assert len({next(iter(threads)) for threads in held}) == 2


def test_workers_beyond_the_cores_run_where_the_kernel_puts_them():
    with server(len(CORES) + 1) as pids:
        held = [cores_of(pid) for pid in pids]
    pinned = [next(iter(threads)) for threads in held if len(next(iter(threads))) == 1]
    assert sorted(core for (core,) in pinned) == CORES  # each core once
    assert held.count({frozenset(CORES)}) == 1  # the one left over, free


def test_turned_off_every_worker_runs_where_the_kernel_puts_it():
    with server(2, BIRGE_PIN_WORKERS="0") as pids:
        held = [cores_of(pid) for pid in pids]
    assert held == [{frozenset(CORES)}, {frozenset(CORES)}]
