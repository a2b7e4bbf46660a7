"""Checking a restored database and media folder against the backup's manifest."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db.migrations.loader import MigrationLoader

from . import archive, inventory
from .postgres import STABLE_SESSION, Database


@dataclass(frozen=True)
class TableCheck:
    """One table: rows in the backup, rows restored, and whether the rows match."""

    table: str
    expected: int | None
    found: int | None
    same_rows: bool

    @property
    def ok(self) -> bool:
        return self.expected == self.found and self.same_rows


@dataclass
class RestoreReport:
    """What a restore found: every table, every media file, and notes for the operator."""

    tables: list[TableCheck] = field(default_factory=list)
    media_expected: int = 0
    media_missing: list[str] = field(default_factory=list)
    media_differing: list[str] = field(default_factory=list)
    pending_migrations: list[str] = field(default_factory=list)
    unknown_migrations: list[str] = field(default_factory=list)
    created: bool = False

    @property
    def bad_tables(self) -> list[TableCheck]:
        return [check for check in self.tables if not check.ok]

    @property
    def ok(self) -> bool:
        return not (self.bad_tables or self.media_missing or self.media_differing)


def verify(
    manifest: dict[str, Any], *, target: Database, media_root: Path
) -> RestoreReport:
    """Compare every table and media file with what the manifest recorded."""
    report = RestoreReport()
    with target.connect() as connection:
        connection.execute(STABLE_SESSION)
        found = inventory.tables(connection)
    expected: dict[str, Any] = manifest.get("tables") or {}
    for name in sorted(set(expected) | set(found)):
        before, after = expected.get(name), found.get(name)
        same = (
            before is not None
            and after is not None
            and before["checksum"] == after["checksum"]
        )
        report.tables.append(
            TableCheck(
                table=name,
                expected=before["rows"] if before else None,
                found=after["rows"] if after else None,
                same_rows=same,
            )
        )
    files: dict[str, Any] = (manifest.get("media") or {}).get("files") or {}
    report.media_expected = len(files)
    for name, entry in sorted(files.items()):
        path = media_root / name
        if not path.is_file():
            report.media_missing.append(name)
        elif archive.sha256_of(path) != entry["sha256"]:
            report.media_differing.append(name)
    _migrations(manifest, report)
    return report


def _migrations(manifest: dict[str, Any], report: RestoreReport) -> None:
    """Note migrations the code has and the backup lacks, and the reverse."""
    applied = {
        (app, name)
        for app, names in (manifest.get("migrations") or {}).items()
        for name in names
    }
    on_disk = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    apps = {app for app, _name in on_disk}
    report.pending_migrations = [f"{a}.{n}" for a, n in sorted(on_disk - applied)]
    report.unknown_migrations = [
        f"{a}.{n}" for a, n in sorted(applied - on_disk) if a in apps
    ]
