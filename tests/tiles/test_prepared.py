"""The tile statements' lean path (libpq, binary results) gives what psycopg gives.

Outside a transaction, as in production, tiles go through ``psycopg.pq`` directly;
these tests run outside one (``transaction=True``) so that they take that path.
"""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db import connection, transaction

from codesign.models import Proposal
from mapping.tiles import pool, prepared, registry
from mapping.tiles.answer import _statements
from mapping.tiles.sql import tile_sql
from mapping.tiles.versions import current
from tests.tiles.conftest import tile_of

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def lean_calls(monkeypatch):
    calls = []
    lean = prepared._lean

    def spy(raw, statement, params):
        calls.append(statement.name)
        return lean(raw, statement, params)

    monkeypatch.setattr(prepared, "_lean", spy)
    return calls


def through_a_cursor(statement: prepared.Statement, params) -> tuple:
    with transaction.atomic():  # inside a transaction: psycopg's cursor
        return prepared.row(statement, params)


def test_the_lean_path_gives_the_same_row_as_a_psycopg_cursor(proposals, lean_calls):
    Proposal.objects.filter(pk=proposals[0][0].pk).update(title="Swings!")
    version, answer = _statements(registry.get("proposals"))
    z, x, y = tile_of(76.93, 52.04, 15)

    lean = prepared.row(answer, (z, x, y))
    assert lean_calls == [answer.name]
    assert lean == through_a_cursor(answer, (z, x, y))
    assert len(lean[2]) > 0  # the tile, as bytes

    with connection.cursor() as cursor:  # the floor's statement alone
        cursor.execute(tile_sql(registry.get("proposals")), {"z": z, "x": x, "y": y})
        assert bytes(cursor.fetchone()[0]) == lean[2]

    stamp = current(["proposals"]).versions[0][1:]
    assert prepared.row(version, ()) == stamp == lean[:2]
    assert stamp[0] > 0 and stamp[1] is not None


def test_a_layer_never_written_has_version_zero_and_no_time(db, lean_calls):
    version, answer = _statements(registry.get("places"))
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM mapping_layer_version WHERE layer = 'places'")
    assert prepared.row(version, ()) == (0, None)
    assert prepared.row(answer, (0, 0, 0)) == (0, None, b"")
    assert lean_calls


def test_tiles_still_answer_after_psycopg_drops_every_prepared_statement(
    client, proposals, lean_calls
):
    z, x, y = tile_of(76.93, 52.04, 15)
    url = f"/tiles/proposals/{z}/{x}/{y}.mvt"
    first = client.get(url)
    assert first.status_code == 200
    assert lean_calls

    # As psycopg does after a rollback when it holds statements of its own, or
    # a PgBouncer resetting a server connection (DISCARD ALL).
    with pool.connection() as tiles, tiles.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    caches["tiles"].clear()
    again = client.get(url)
    assert again.status_code == 200
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]


def prepared_names(db=connection) -> set[str]:
    with db.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return {name for (name,) in cursor.fetchall()}


def test_a_rolled_back_transaction_does_not_break_the_next_tile(client, proposals):
    z, x, y = tile_of(76.93, 52.04, 15)
    url = f"/tiles/proposals/{z}/{x}/{y}.mvt"
    first = client.get(url)
    current(["proposals"])  # psycopg now holds a prepared statement of its own
    assert prepared_names()
    with pytest.raises(RuntimeError), transaction.atomic():
        Proposal.objects.filter(pk=proposals[0][0].pk).update(title="Never")
        raise RuntimeError("rolled back")
    assert prepared_names() == set()  # psycopg's DEALLOCATE ALL after the rollback
    with pool.connection() as tiles:  # tiles are built on connections of their own
        assert any(name.startswith("birge_") for name in prepared_names(tiles))
    caches["tiles"].clear()
    again = client.get(url)
    assert again.status_code == 200
    assert again.content == first.content


def test_a_database_error_comes_out_as_djangos_and_the_connection_goes_on(db):
    from django.db import DataError, ProgrammingError

    version, _ = _statements(registry.get("proposals"))
    broken = prepared.Statement("SELECT no_such_column", (prepared.bigint,))
    with pytest.raises(ProgrammingError, match="no_such_column"):
        prepared.row(broken, ())
    dividing = prepared.Statement("SELECT 1 / $1::integer", (prepared.bigint,))
    with pytest.raises(DataError, match="division by zero"):
        prepared.row(dividing, (0,))
    assert prepared.row(version, ())[0] >= 0


def test_with_prepared_statements_off_tiles_are_sent_whole(client, proposals):
    # As for a PgBouncer older than 1.21 in transaction mode (docs/scaling.md).
    original = connection.settings_dict["OPTIONS"]
    connection.close()
    pool.close_all()  # new connections, with the settings below
    connection.settings_dict["OPTIONS"] = {**original, "prepare_threshold": None}
    try:
        z, x, y = tile_of(76.93, 52.04, 15)
        caches["tiles"].clear()
        response = client.get(f"/tiles/proposals/{z}/{x}/{y}.mvt")
        assert response.status_code == 200 and response.content
        with pool.connection() as tiles:
            assert prepared_names(tiles) == set()
    finally:
        connection.close()
        pool.close_all()
        connection.settings_dict["OPTIONS"] = original
