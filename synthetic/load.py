"""Writing many rows fast: COPY into a temporary table, then INSERT in batches.

Every row goes through the real tables' constraints and triggers (none is disabled).
Batches of ``BATCH`` rows keep each statement's transition tables moderate for the
statement-level triggers that maintain tile aggregates and layer versions.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
from django.db import connection

BATCH = 50_000
NULL = r"\N"


@dataclasses.dataclass(frozen=True)
class Staging:
    """A temporary table, its columns in COPY order, and the INSERT that empties it."""

    table: str
    columns: tuple[tuple[str, str], ...]
    insert: str  # takes the first and the last seq of a batch


PROPOSALS = Staging(
    table="synthetic_proposal",
    columns=(
        ("campaign_id", "bigint"),
        ("number", "integer"),
        ("geometry", "geometry"),
        ("district_id", "bigint"),
        ("title", "text"),
        ("language", "text"),
        ("category_id", "bigint"),
        ("cost", "bigint"),
        ("cost_estimate", "bigint"),
        ("status", "text"),
        ("created_s", "bigint"),
        ("submitted_s", "bigint"),
    ),
    insert="""
        INSERT INTO codesign_proposal (
            created, modified, campaign_id, number, external_id, author_id, title,
            description, language, category_id, geometry, district_id, cost_estimate,
            cost, status, decision_reason, submitted_at, revision
        )
        SELECT to_timestamp(created_s), to_timestamp(coalesce(submitted_s, created_s)),
               campaign_id, number, 'synth-' || number, NULL, title,
               '', language, category_id, geometry, district_id, cost_estimate,
               cost, status, '', to_timestamp(submitted_s), 1
          FROM synthetic_proposal
         WHERE seq BETWEEN %s AND %s
         ORDER BY seq
    """,
)

# district_id and public_point are left to the table's trigger.
CONCERNS = Staging(
    table="synthetic_concern",
    columns=(
        ("town_id", "bigint"),
        ("community_id", "bigint"),
        ("number", "integer"),
        ("location", "geometry"),
        ("category", "text"),
        ("source", "text"),
        ("reported_days", "integer"),
        ("precision_m", "integer"),
        ("text", "text"),
        ("status", "text"),
        ("private", "boolean"),
        ("created_s", "bigint"),
    ),
    insert="""
        INSERT INTO community_map_concern (
            created, modified, town_id, community_id, external_id, location,
            category, source, reported_on, precision_m, text, status, private,
            reporter_name, reporter_contact
        )
        SELECT to_timestamp(created_s), to_timestamp(created_s), town_id,
               community_id, 'synth-' || number, location,
               category, source, DATE '1970-01-01' + reported_days, precision_m,
               text, status, private, '', ''
          FROM synthetic_concern
         WHERE seq BETWEEN %s AND %s
         ORDER BY seq
    """,
)


def _field(values: Any) -> list[str]:
    """A column as COPY text: numbers and strings as they are, None as NULL."""
    if isinstance(values, np.ndarray):
        if values.dtype.kind == "b":
            return np.where(values, "t", "f").tolist()
        values = values.tolist()
    return [NULL if v is None else str(v) for v in values]


def stage(staging: Staging, columns: Mapping[str, Any]) -> int:
    """Empty the staging table and COPY the columns into it; returns the row count."""
    fields = [_field(columns[name]) for name, _type in staging.columns]
    size = len(fields[0])
    definition = ", ".join(f"{name} {type_}" for name, type_ in staging.columns)
    names = ", ".join(name for name, _type in staging.columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {staging.table} "
            f"(seq bigint PRIMARY KEY, {definition})"
        )
        cursor.execute(f"TRUNCATE {staging.table}")
        with cursor.copy(f"COPY {staging.table} (seq, {names}) FROM STDIN") as copy:
            for start in range(0, size, BATCH):
                stop = min(start + BATCH, size)
                rows = zip(
                    map(str, range(start, stop)),
                    *(field[start:stop] for field in fields),
                    strict=True,
                )
                copy.write("".join("\t".join(row) + "\n" for row in rows))
        cursor.execute(f"ANALYZE {staging.table}")
    return size


def insert(staging: Staging, size: int, progress: Callable[[int], None]) -> None:
    """INSERT the staged rows into the real table, ``BATCH`` rows per statement."""
    with connection.cursor() as cursor:
        for start in range(0, size, BATCH):
            stop = min(start + BATCH, size)
            cursor.execute(staging.insert, [start, stop - 1])
            progress(stop)


def drop_staging() -> None:
    """Drop the temporary tables (they would otherwise live as long as the session)."""
    with connection.cursor() as cursor:
        for staging in (PROPOSALS, CONCERNS):
            cursor.execute(f"DROP TABLE IF EXISTS {staging.table}")


def delete(table: str, column: str, keys: Sequence[int]) -> int:
    """Delete the rows whose ``column`` is one of ``keys``, ``BATCH`` rows at a time."""
    if not keys:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {table} WHERE {column} = ANY(%s) ORDER BY id", [list(keys)]
        )
        pks = [pk for (pk,) in cursor.fetchall()]
        for start in range(0, len(pks), BATCH):
            chunk = pks[start : start + BATCH]
            cursor.execute(
                f"DELETE FROM {table} WHERE {column} = ANY(%s) AND id BETWEEN %s AND %s",
                [list(keys), chunk[0], chunk[-1]],
            )
    return len(pks)


class Progress:
    """Prints how far a long insert has come, with the seconds since it started."""

    def __init__(self, out: Any, label: str, total: int) -> None:
        self.out, self.label, self.total = out, label, total
        self.started = time.monotonic()

    def __call__(self, done: int) -> None:
        seconds = time.monotonic() - self.started
        self.out.write(f"  {self.label}: {done:,} / {self.total:,} ({seconds:.1f} s)\n")
