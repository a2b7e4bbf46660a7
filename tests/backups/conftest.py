"""A fresh database beside the test database, and an independent look at tables."""

from __future__ import annotations

import uuid

import psycopg
import pytest
from django.db import connection
from psycopg import sql

TABLES = """
SELECT table_schema, table_name FROM information_schema.tables
WHERE table_type = 'BASE TABLE'
  AND table_schema NOT IN ('pg_catalog', 'information_schema')
ORDER BY 1, 2
"""


def connect(name: str) -> psycopg.Connection:
    """A plain psycopg connection to database `name` on the test database's server."""
    settings = connection.settings_dict
    params = {
        "host": settings["HOST"] or (settings.get("OPTIONS") or {}).get("host"),
        "port": settings["PORT"] or None,
        "user": settings["USER"] or None,
        "password": settings["PASSWORD"] or None,
    }
    conn = psycopg.connect(
        dbname=name, autocommit=True, **{k: v for k, v in params.items() if v}
    )
    conn.execute("SET TimeZone = 'UTC'")
    return conn


def table_contents(name: str) -> dict[str, tuple[int, str]]:
    """Each table's row count and the md5 of all its rows' text, in one order."""
    contents = {}
    with connect(name) as conn:
        for schema, table in conn.execute(TABLES).fetchall():
            row = conn.execute(
                sql.SQL(
                    "SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' "
                    "ORDER BY t::text), '')) FROM {} AS t"
                ).format(sql.Identifier(schema, table))
            ).fetchone()
            assert row is not None
            contents[f"{schema}.{table}"] = (row[0], row[1])
    return contents


@pytest.fixture
def fresh_name():
    """A name for a database on the test cluster, dropped after the test."""
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:10]}"
    yield name
    with connect(connection.settings_dict["NAME"]) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )
