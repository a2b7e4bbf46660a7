"""Statements run as server-side prepared statements on Django's connection.

Django's psycopg cursors bind parameters on the client, so PostgreSQL parses and
plans the tile statement (a UNION of PostGIS calls, ~1.5 KB of SQL) on every
request. psycopg's own cursor with ``prepare=True`` prepares it once per
connection and then sends only the parameters, as pgbench ``-M prepared`` does:
the benchmark's floor. (Django opens its connections with client-side cursors,
which cannot prepare, so this takes a server-side ``psycopg.Cursor`` on the same
connection.) Only for the hot read paths of tiles; everything else
goes through Django's cursor.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import psycopg
from django.db import connection


def _run(sql: str, params: Mapping[str, Any], fetch: str) -> Any:
    """Execute prepared; errors and the debug query log as Django's cursor has them."""
    connection.ensure_connection()
    started = time.monotonic()
    with (
        connection.wrap_database_errors,
        psycopg.Cursor(connection.connection) as cursor,
    ):
        cursor.execute(sql, params, prepare=True)
        result = getattr(cursor, fetch)()
    if connection.queries_logged:
        connection.queries_log.append(
            {"sql": sql, "time": f"{time.monotonic() - started:.3f}"}
        )
    return result


def fetchone(sql: str, params: Mapping[str, Any]) -> tuple[Any, ...] | None:
    return _run(sql, params, "fetchone")


def fetchall(sql: str, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    return _run(sql, params, "fetchall")
