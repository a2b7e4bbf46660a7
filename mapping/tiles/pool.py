"""The connections tiles are built on: the most recently used first.

Django gives each thread its own connection, and a threaded server hands
requests to its threads in turn (granian's pool, the server before uvicorn, woke
the thread that has waited longest; so does a2wsgi's pool for the tiles that go
to Django). With 4 threads a run of tiles at one connection went to 4 PostgreSQL
backends in rotation, each cold in the CPU's caches when its turn came: 3.03
ms of PostgreSQL CPU per cold tile against 2.70-2.82 ms with one thread
(docs/performance.md). Tiles are built from a process-wide stack of connections
instead: a request takes the one returned last, so at low concurrency one warm
backend builds every tile, and under load there are as many as there are tiles
being built at once (at most the server's threads).

Each is a Django connection like any other: the settings' options, errors as
Django's, the debug query log, closed when past ``CONN_MAX_AGE`` or broken
(checked as it is taken and as it is given back, as Django checks a thread's
connection before and after each request). Inside a transaction (an atomic block, or a test) the
thread's own connection is used: it sees the transaction's writes.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

_idle: list[BaseDatabaseWrapper] = []  # most recently returned last
_lock = threading.Lock()
POOLED = "birge_tile_pool"  # the mark of a connection take() made


def take() -> BaseDatabaseWrapper:
    """A connection for one tile's statements; hand it to ``give`` afterwards.

    Two plain calls rather than a context manager: this runs on every tile,
    between two waits on other processes, when the CPU's caches are cold.
    """
    own = connections[DEFAULT_DB_ALIAS]
    if own.in_atomic_block:
        return own
    with _lock:
        db = _idle.pop() if _idle else None
    if db is None:
        db = connections.create_connection(DEFAULT_DB_ALIAS)
        db.inc_thread_sharing()  # one thread at a time, but not always the same
        setattr(db, POOLED, True)
    db.close_if_unusable_or_obsolete()  # it may have aged or broken while idle
    return db


def give(db: BaseDatabaseWrapper) -> None:
    """Put back a connection ``take`` gave (the thread's own stays where it is)."""
    if not getattr(db, POOLED, False):
        return
    db.close_if_unusable_or_obsolete()  # as Django does after a request
    with _lock:
        _idle.append(db)


@contextlib.contextmanager
def connection() -> Iterator[BaseDatabaseWrapper]:
    """A connection for one tile's statements, given back afterwards."""
    db = take()
    try:
        yield db
    finally:
        give(db)


def close_all() -> None:
    """Close and drop the idle connections (tests: before their database is
    dropped, or to start from new ones)."""
    with _lock:
        idle = list(_idle)
        _idle.clear()
    for db in idle:
        db.close()
