"""The production server: uvicorn serving ``config.asgi`` over HTTP/1.1.

One definition of how Birge is served, used by the deployment docs, the tests
that need a real server (shared limits, faults) and the benchmarks:
``python -m config.server --port 8000`` starts it in the foreground.

Each worker process reads requests on one event-loop thread (uvloop, with
httptools parsing HTTP in C), answers valid tiles on that thread and hands
every page to a pool of ``--threads`` threads running Django's WSGI
application (``config/asgi.py``). Why uvicorn: measured side by side on this
2-core machine (docs/performance.md, the ninth look), cold tiles at one
connection ran at 0.865x of the benchmark's floor this way against 0.828x
under granian, whose Rust thread reads the request and hands it to a Python
thread (granian had in turn served them 13-16 % faster than gunicorn's gthread
workers).

Options: no access log (an ingress in front keeps one), no ``Server`` header,
no lifespan (Django needs none), and ``X-Forwarded-*`` left to Django's own
settings (``SECURE_PROXY_SSL_HEADER``, ``USE_X_FORWARDED_HOST``) and to the
limits' trusted proxies, as under any WSGI server: uvicorn's own
proxy-header handling would rewrite the client's address first.
"""

from __future__ import annotations

import argparse
import os
import sys

WORKERS = 2  # one per core of the machine it was measured on
THREADS = 4  # page threads per worker: requests waiting on PostgreSQL overlap


def command(
    *,
    port: int,
    host: str = "127.0.0.1",
    workers: int = WORKERS,
    threads: int = THREADS,
    application: str = "config.asgi:application",
) -> list[str]:
    """The command line that serves ``application`` (this interpreter's uvicorn).

    The page threads are passed in the environment (``BIRGE_PAGE_THREADS``,
    read by ``config/asgi.py``): ``env`` as the command's prefix."""
    return [
        "/usr/bin/env",
        f"BIRGE_PAGE_THREADS={threads}",
        sys.executable,
        "-m",
        "uvicorn",
        "--http",
        "httptools",
        "--loop",
        "uvloop",
        "--lifespan",
        "off",
        f"--host={host}",
        f"--port={port}",
        f"--workers={workers}",
        "--no-access-log",
        "--no-server-header",
        "--no-proxy-headers",
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
