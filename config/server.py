"""The production server: granian serving ``config.wsgi`` over HTTP/1.1.

One definition of how Birge is served, used by the deployment docs, the tests
that need a real server (shared limits, faults) and the benchmarks:
``python -m config.server --port 8000`` starts it in the foreground.

Why granian, not gunicorn: its HTTP side is Rust and hands Python only the call
to the application. Measured on this 2-core machine (docs/performance.md), the
same Birge served cold tiles 13-16 % faster than under gunicorn's gthread workers
with the same 2 processes x 4 threads (pages through the whole Django stack
12-24 %); a bare "hello" application answered at 9,600 req/s against 3,750.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

WORKERS = 2  # one per core of the machine it was measured on
THREADS = 4  # per worker: requests waiting on PostgreSQL overlap


def command(
    *,
    port: int,
    host: str = "127.0.0.1",
    workers: int = WORKERS,
    threads: int = THREADS,
    application: str = "config.wsgi:application",
) -> list[str]:
    """The command line that serves ``application`` (this interpreter's granian)."""
    return [
        str(Path(sys.executable).parent / "granian"),
        "--interface",
        "wsgi",
        "--http",
        "1",
        f"--host={host}",
        f"--port={port}",
        f"--workers={workers}",
        f"--blocking-threads={threads}",
        "--no-access-log",
        "--log-level=warning",
        application,
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m config.server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--threads", type=int, default=THREADS)
    args = parser.parse_args(argv)
    line = command(
        port=args.port, host=args.host, workers=args.workers, threads=args.threads
    )
    os.execv(line[0], line)


if __name__ == "__main__":
    main()
