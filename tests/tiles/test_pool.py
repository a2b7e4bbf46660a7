"""Tiles are built on the most recently used connection, one per tile in flight.

These run outside a transaction (``transaction=True``), as the server does: only
there does the pool hand out its own connections.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction

from codesign.models import Proposal
from mapping.tiles import pool, prepared, registry
from mapping.tiles.answer import _statements
from mapping.tiles.wsgi import TilesFirst
from tests.tiles.conftest import decode, tile_of
from tests.tiles.test_wsgi import Recorder, call, environ, tile_path

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def used(monkeypatch):
    """The backend (PostgreSQL process id) each tile statement ran on."""
    pool.close_all()
    pids: list[int] = []
    row = prepared._row

    def spy(db, statement, params):
        values = row(db, statement, params)
        pids.append(db.connection.info.backend_pid)
        return values

    monkeypatch.setattr(prepared, "_row", spy)
    yield pids
    pool.close_all()


def build(z: int = 15) -> bytes:
    _version, answer = _statements(registry.get("proposals"))
    return prepared.row(answer, tile_of(76.93, 52.04, z))[2]


def test_one_tile_after_another_comes_from_one_backend(proposals, used):
    for z in (12, 13, 14, 15, 16, 15, 14):
        assert build(z)
    assert len(set(used)) == 1
    assert len(pool._idle) == 1
    assert used[0] != connection.connection.info.backend_pid  # not the thread's own


def test_tiles_built_at_once_get_a_connection_each_and_the_last_goes_on(
    proposals, used, monkeypatch
):
    together = threading.Barrier(4, timeout=30)
    row = prepared._row

    def meeting(db, statement, params):
        together.wait()  # all four hold a connection now
        return row(db, statement, params)

    monkeypatch.setattr(prepared, "_row", meeting)
    tiles: list[bytes] = []
    threads = [threading.Thread(target=lambda: tiles.append(build())) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(tiles) == 4 and len(set(tiles)) == 1
    assert len(set(used)) == 4
    assert len(pool._idle) == 4

    monkeypatch.setattr(prepared, "_row", row)
    last = pool._idle[-1]
    with pool.connection() as db:
        assert db is last  # the most recently given back


def test_a_connection_past_its_age_is_replaced(proposals, used):
    build()
    with pool.connection() as db:
        old = db.connection
        db.close_at = time.monotonic() - 1  # past CONN_MAX_AGE
    assert build()
    assert old.closed
    assert used[0] != used[1]


def test_a_tile_still_answers_after_its_backend_was_killed(proposals, used, caplog):
    build()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [used[0]])
    # The front's try fails on the dead connection; Django answers the request
    # again, and the pool, which saw the error, gives a fresh connection.
    status, _headers, body = call(TilesFirst(Recorder()), environ(tile_path()))
    assert status == 200
    assert len(decode(body, "proposals")) == 1
    assert "passed to Django" in caplog.text
    assert used[-1] != used[0]


def test_inside_a_transaction_tiles_see_its_writes_on_its_connection(proposals, used):
    before = len(decode(build(), "proposals"))
    with transaction.atomic():
        Proposal.objects.filter(pk=proposals[0][1].pk).update(status="draft")
        assert len(decode(build(), "proposals")) == before - 1
        assert used[-1] == connection.connection.info.backend_pid
        assert connections["default"] not in pool._idle  # lent, not given away
        transaction.set_rollback(True)
    assert len(decode(build(), "proposals")) == before
    assert pool._idle  # outside it again: the pool's own
