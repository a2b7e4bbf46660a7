"""Statements run as server-side prepared statements on Django's connections.

Django's psycopg cursors bind parameters on the client, so PostgreSQL would parse
the tile statement (a UNION of PostGIS calls, ~1.5 KB of SQL) on every request.
Here it is prepared once per connection and then only its parameters are sent, as
pgbench ``-M prepared`` does: the benchmark's floor. Only for the hot read paths
of tiles; everything else goes through Django's cursor.

Two ways:

- ``row``: the tile statements, which take integers and return one row, on a
  connection from ``pool`` (the most recently used one; the thread's own inside
  a transaction). They go through psycopg's libpq wrapper (``psycopg.pq``) with
  binary results: 0.05-0.07 ms of client CPU per cold tile against 0.19-0.27 ms
  through a psycopg cursor (docs/performance.md), and PostgreSQL sends the
  tile's bytes as they are instead of hex text. psycopg drops every prepared
  statement of the session (DEALLOCATE ALL) after a rollback or DDL, and a
  PgBouncer may reset a server connection (DISCARD ALL); a statement found
  missing is prepared again. Inside a transaction, where a failed statement
  would abort it (tests, atomic blocks), the statement goes through a psycopg
  cursor instead.
- ``fetchall``: anything else, on the thread's connection, through a psycopg
  cursor with ``prepare=True`` (Django's connections open client-side cursors,
  which cannot prepare).

Errors come out as Django's database errors, and the debug query log lists the
statements, as for any query.
"""

from __future__ import annotations

import hashlib
import struct
import time
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
from django.db import connection
from psycopg import pq

from . import pool

IDLE = pq.TransactionStatus.IDLE
BINARY = 1  # libpq's result format code for binary

# Statement names prepared on each libpq connection; a new connection (Django
# reconnects after an error or CONN_MAX_AGE) starts with none.
_prepared: weakref.WeakKeyDictionary[Any, set[bytes]] = weakref.WeakKeyDictionary()

BIGINT = struct.Struct("!q")
# timestamptz in binary: microseconds since 2000-01-01 00:00 UTC.
EPOCH_2000 = datetime(2000, 1, 1, tzinfo=UTC)
NO_SUCH_STATEMENT = b"26000"


def bigint(value: bytes) -> int:
    return int(BIGINT.unpack(value)[0])


def timestamptz(value: bytes) -> datetime:
    return EPOCH_2000 + timedelta(microseconds=BIGINT.unpack(value)[0])


def bytea(value: bytes) -> bytes:
    return value


Decoder = Callable[[bytes], Any]


@dataclass(frozen=True)
class Statement:
    """SQL with $1..$n integer parameters and one decoder per result column."""

    sql: str
    decoders: tuple[Decoder, ...]
    name: bytes = field(init=False)

    def __post_init__(self) -> None:
        digest = hashlib.blake2s(self.sql.encode(), digest_size=8).hexdigest()
        object.__setattr__(self, "name", f"birge_{digest}".encode())


def row(statement: Statement, params: Sequence[int]) -> tuple[Any, ...]:
    """The first row of ``statement``, each value decoded (None for NULL)."""
    db = pool.take()
    try:
        return _row(db, statement, params)
    finally:
        pool.give(db)


def _row(db: Any, statement: Statement, params: Sequence[int]) -> tuple[Any, ...]:
    db.ensure_connection()
    started = time.monotonic()
    with db.wrap_database_errors:
        raw = db.connection
        values: tuple[Any, ...] | None
        prepare = prepares(db)
        if prepare and raw.autocommit and raw.pgconn.transaction_status == IDLE:
            values = _lean(raw, statement, params)
        else:  # inside a transaction, which a failed statement would abort
            with psycopg.RawCursor(raw) as cursor:
                cursor.execute(statement.sql, params, prepare=prepare)
                values = cursor.fetchone()
    if db.queries_logged:
        _log(db, statement.sql, started)
    assert values is not None, "a tile statement always returns a row"
    return values


def prepares(db: Any) -> bool:
    """False when the settings turn prepared statements off (``prepare_threshold``
    None in ``OPTIONS``, for a PgBouncer older than 1.21 in transaction mode)."""
    return db.settings_dict.get("OPTIONS", {}).get("prepare_threshold", 5) is not None


def _lean(
    raw: psycopg.Connection[Any], statement: Statement, params: Sequence[int]
) -> tuple[Any, ...]:
    """libpq's PQexecPrepared, which waits for the server without holding the GIL."""
    pgconn = raw.pgconn
    values = [str(param).encode() for param in params]
    for retry in (False, True):
        known = _prepared.get(pgconn)
        if known is None:
            known = _prepared[pgconn] = set()
        if statement.name not in known:
            _check(pgconn.prepare(statement.name, statement.sql.encode()), raw)
            known.add(statement.name)
        result = pgconn.exec_prepared(statement.name, values, result_format=BINARY)
        if not retry and _missing(result):
            # psycopg ran DEALLOCATE ALL (it does after a rollback or DDL when it
            # holds prepared statements of its own): prepare again. Outside a
            # transaction the failed statement left nothing to roll back.
            known.clear()
            continue
        _check(result, raw)
        if result.nfields != len(statement.decoders):
            raise AssertionError(f"{result.nfields} columns, {statement.decoders}")
        row: list[Any] = []
        for column, decode in enumerate(statement.decoders):
            value = result.get_value(0, column)
            row.append(None if value is None else decode(value))
        return tuple(row)
    raise AssertionError("unreachable")  # pragma: no cover


def _missing(result: pq.abc.PGresult) -> bool:
    return bool(
        result.status == pq.ExecStatus.FATAL_ERROR
        and result.error_field(pq.DiagnosticField.SQLSTATE) == NO_SUCH_STATEMENT
    )


def _check(result: pq.abc.PGresult, raw: psycopg.Connection[Any]) -> None:
    if result.status not in (pq.ExecStatus.COMMAND_OK, pq.ExecStatus.TUPLES_OK):
        raise psycopg.errors.error_from_result(result, encoding=raw.info.encoding)


def fetchall(sql: str, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    """All rows, through a psycopg cursor that prepares ``sql`` server-side."""
    connection.ensure_connection()
    started = time.monotonic()
    with (
        connection.wrap_database_errors,
        psycopg.Cursor(connection.connection) as cursor,
    ):
        cursor.execute(sql, params, prepare=prepares(connection))
        rows = cursor.fetchall()
    if connection.queries_logged:
        _log(connection, sql, started)
    return rows


def _log(db: Any, sql: str, started: float) -> None:
    db.queries_log.append({"sql": sql, "time": f"{time.monotonic() - started:.3f}"})
