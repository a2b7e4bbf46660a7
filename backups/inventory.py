"""What a database holds, table by table: row counts and checksums of the rows."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, TypedDict

import psycopg
from psycopg import sql

# Ordinary tables outside PostgreSQL's own schemas (spatial_ref_sys included:
# its rows come partly from the PostGIS extension, partly from the dump).
TABLES_SQL = """
SELECT n.nspname, c.relname,
       coalesce(array_agg(a.attname ORDER BY k.ord)
                FILTER (WHERE a.attname IS NOT NULL), '{}')
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary
LEFT JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
WHERE c.relkind = 'r'
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\\_%'
GROUP BY n.nspname, c.relname
ORDER BY n.nspname, c.relname
"""

# Relations a fresh database may already hold: those of extensions (PostGIS).
USER_RELATIONS_SQL = """
SELECT n.nspname || '.' || c.relname
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\\_%'
  AND NOT EXISTS (
      SELECT 1 FROM pg_depend d
      WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
  )
ORDER BY 1
"""


class TableState(TypedDict):
    """One table in a manifest: how many rows, and the md5 of their text by key."""

    rows: int
    checksum: str


def tables(connection: psycopg.Connection) -> dict[str, TableState]:
    """Every table's row count and row checksum, as `schema.table`."""
    result: dict[str, TableState] = {}
    for schema, name, key in connection.execute(TABLES_SQL).fetchall():
        table = sql.Identifier(schema, name)
        # Ordered by the primary key, so equal rows give equal checksums after a
        # restore; md5 per row keeps the aggregate small on million-row tables.
        order = (
            sql.SQL(", ").join(sql.Identifier("t", column) for column in key)
            if key
            else sql.SQL("md5(t::text)")
        )
        query = sql.SQL(
            "SELECT count(*), md5(coalesce(string_agg(md5(t::text), '' ORDER BY {}), ''))"
            " FROM {} AS t"
        ).format(order, table)
        row = connection.execute(query).fetchone()
        assert row is not None
        result[f"{schema}.{name}"] = {"rows": int(row[0]), "checksum": str(row[1])}
    return result


def user_relations(connection: psycopg.Connection) -> list[str]:
    """Tables, views and sequences not brought by an extension: empty in a fresh one."""
    return [row[0] for row in connection.execute(USER_RELATIONS_SQL).fetchall()]


def server(connection: psycopg.Connection) -> dict[str, Any]:
    """The server's and PostGIS's versions and the database's encoding."""
    version = connection.execute("SHOW server_version").fetchone()
    encoding = connection.execute("SHOW server_encoding").fetchone()
    postgis = connection.execute(
        "SELECT extversion FROM pg_extension WHERE extname = 'postgis'"
    ).fetchone()
    full = None
    if postgis:
        full_row = connection.execute("SELECT postgis_full_version()").fetchone()
        full = full_row[0] if full_row else None
    return {
        "server_version": version[0] if version else None,
        "encoding": encoding[0] if encoding else None,
        "postgis_version": postgis[0] if postgis else None,
        "postgis_full_version": full,
    }


def migrations(connection: psycopg.Connection) -> dict[str, list[str]]:
    """The applied Django migrations, per app, in the order they were applied."""
    exists = connection.execute(
        "SELECT to_regclass('django_migrations') IS NOT NULL"
    ).fetchone()
    if not exists or not exists[0]:
        return {}
    applied: dict[str, list[str]] = defaultdict(list)
    for app, name in connection.execute(
        "SELECT app, name FROM django_migrations ORDER BY applied, id"
    ).fetchall():
        applied[app].append(name)
    return dict(applied)
