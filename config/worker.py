"""What each worker of the production server loads: Birge on a core of its own.

``config.server`` points granian here instead of at ``config.wsgi`` directly. As
a worker starts, before granian makes its threads, it claims one of the cores it
may run on that no other worker of the same server holds, and keeps to it; its
threads inherit that. A request crosses two threads of the worker: granian's
Rust thread reads it and hands it to a Python thread, which answers and hands
the response back. On one core that hand-off finds the other thread's caches
warm and needs no wake-up of a second, idle core. Measured side by side on the
2-core machine (docs/performance.md, "A seventh look"): cold tiles at 1
connection 0.808x of the floor pinned against 0.762x not, and at 8 connections
0.897x against 0.888x.

A worker that finds every core taken (more workers than cores) runs where the
kernel puts it, as does every worker with ``BIRGE_PIN_WORKERS=0`` (a machine
whose cores the app shares with something it should not crowd, say). A claim
is an abstract Unix socket named after the server's main process and the core,
so two servers on one machine do not see each other's claims, and the kernel
drops it when the worker exits: a worker started in place of a dead one takes
the core that was freed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket

logger = logging.getLogger(__name__)

_claim: socket.socket | None = None  # held for the worker's life


def claim_a_core() -> int | None:
    """Pin this process (every thread it has and will have) to a core no sibling
    worker holds; that core, or None if it stays where the kernel puts it."""
    global _claim
    if os.environ.get("BIRGE_PIN_WORKERS", "1") == "0":
        return None
    if not hasattr(os, "sched_setaffinity"):  # not Linux
        return None
    cores = sorted(os.sched_getaffinity(0))
    if len(cores) < 2:
        return None
    for core in cores:
        claim = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            claim.bind(f"\0birge-worker-{os.getppid()}-core-{core}")
        except OSError:  # another worker of this server holds it
            claim.close()
            continue
        _claim = claim
        for thread in os.listdir("/proc/self/task"):
            # A thread that has ended since it was listed needs no core.
            with contextlib.suppress(ProcessLookupError):
                os.sched_setaffinity(int(thread), {core})
        logger.info("worker %s keeps to core %s", os.getpid(), core)
        return core
    return None


claim_a_core()

from config.wsgi import application  # noqa: E402 (on its core before it loads)

__all__ = ["application"]
