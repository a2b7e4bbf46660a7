"""The import's one statement: every ready row into Concern, or none of them.

A single ``INSERT … SELECT`` from the checked rows; a concern already imported with
the same external id in the community is updated only when something changed,
so re-importing a file counts created, updated and unchanged rows and never
duplicates. The database trigger (migration 0002) coarsens private points and
finds districts for the inserted and updated rows alike.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from django.db import connection

from ..models import Concern, ConcernImport, ConcernImportRow

# Always written from the file (or the mapping's default source).
ALWAYS = ("category", "source", "reported_on", "location", "text")
# Written on update only when the mapping gives them a column.
OPTIONAL = {"status": "status", "precision": "precision_m", "private": "private"}

_SELECTED = {
    "category": "r.values->>'category'",
    "source": "r.values->>'source'",
    "reported_on": "(r.values->>'reported_on')::date",
    "location": "r.location",
    "text": "r.values->>'text'",
    "status": "COALESCE(r.values->>'status', 'new')",
    "precision_m": "(r.values->>'precision_m')::integer",
    "private": "(r.values->>'private')::boolean",
}


@dataclass(frozen=True)
class Written:
    created: int
    updated: int


def ready_rows(job: ConcernImport) -> int:
    return ConcernImportRow.objects.filter(job=job, checked=True, problems=[]).count()


def write_concerns(
    job: ConcernImport, *, recorder_id: int | None, mapped: Collection[str]
) -> Written:
    """Insert or update the job's ready rows in one statement (caller: atomic)."""
    concern = Concern._meta.db_table
    row = ConcernImportRow._meta.db_table
    updated = [*ALWAYS, *(column for f, column in OPTIONAL.items() if f in mapped)]
    excluded = ", ".join(f"EXCLUDED.{c}" for c in updated)
    sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in updated)
    selected = ", ".join(_SELECTED[c] for c in _SELECTED)
    # Column names come from the constants above, never from the file.
    sql = f"""
        WITH written AS (
            INSERT INTO {concern} AS c (
                created, modified, town_id, community_id,
                {", ".join(_SELECTED)},
                reporter_name, reporter_contact, recorded_by_id,
                external_id, imported_by_id
            )
            SELECT now(), now(), %(town)s, %(community)s, {selected},
                   '', '', %(recorder)s, r.values->>'external_id', %(job)s
            FROM {row} r
            WHERE r.job_id = %(job)s AND r.checked AND r.problems = '[]'::jsonb
            ORDER BY r.number
            ON CONFLICT (community_id, external_id) WHERE external_id <> ''
            DO UPDATE SET {sets}, modified = now(),
                imported_by_id = EXCLUDED.imported_by_id
            WHERE ({", ".join(f"c.{c}" for c in updated)}) IS DISTINCT FROM ({excluded})
            RETURNING (xmax = 0) AS inserted
        )
        SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted)
        FROM written
    """
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "town": job.town_id,
                "community": job.community_id,
                "recorder": recorder_id,
                "job": job.pk,
            },
        )
        created, changed = cursor.fetchone()
    return Written(created=created, updated=changed)
