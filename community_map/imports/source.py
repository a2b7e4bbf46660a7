"""A job's file, read again from the bytes kept in the database."""

from __future__ import annotations

from mapping.files import Table, read_table

from ..conf import import_limits
from ..models import ConcernImport

PREVIEW_ROWS = 10


def table_of(job: ConcernImport) -> Table:
    """Every row of the job's file (the checks already passed on upload)."""
    return read_table(
        bytes(job.content),
        job.file_name,
        limits=import_limits(),
        geometry_column=job.geometry_column,
    )
