"""Helpers shared by the import tests: sample files built in the test, upload, check."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from community_map.models import ConcernImport
from community_map.services import imports

HEADER = ["id", "lat", "lon", "category", "date", "text"]


def rows_of(count: int, start: int = 1) -> list[list[str]]:
    """Good rows inside the test town (76.90–76.96 E, 52.02–52.07 N)."""
    return [
        [
            f"A-{n}",
            f"{52.025 + (n % 400) * 0.0001:.6f}",
            f"{76.905 + (n % 500) * 0.0001:.6f}",
            ("heating", "отопление", "Жарық", "roads")[n % 4],
            "15.01.2025",
            f"Concern number {n}",
        ]
        for n in range(start, start + count)
    ]


def csv_bytes(
    rows: list[list[str]],
    header: list[str] | None = None,
    delimiter: str = ",",
    encoding: str = "utf-8",
) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header or HEADER)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def upload_file(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def uploaded(actor, ngo, name: str, content: bytes) -> ConcernImport:
    return imports.import_upload(
        actor=actor, town=ngo.town, community=ngo, upload=upload_file(name, content)
    )


def checked(actor, job: ConcernImport, **fields: str) -> ConcernImport:
    """Map the columns (the guess, changed by ``fields``) and check every row."""
    mapping = {**job.mapping["fields"], **fields}
    return imports.import_map_columns(
        actor=actor,
        job=job,
        fields={k: v for k, v in mapping.items() if v},
        default_source="survey",
    )


def zipped(members: dict[str, bytes], *, level: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=level) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.fixture
def inline(settings):
    """The row check runs in the request, not in a thread."""
    settings.BIRGE_IMPORT_INLINE = True
    return settings


@pytest.fixture
def mapper_client(client, mapper):
    client.force_login(mapper)
    return client
