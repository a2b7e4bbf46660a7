"""Making a backup and restoring one: the two named operations of this app."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import psycopg
from django.utils.translation import gettext as _
from psycopg import sql

from . import archive, inventory, provenance
from .errors import BackupError
from .postgres import STABLE_SESSION, Database, run, tool, version_of
from .verify import RestoreReport, verify


def backup_create(
    *, database: Database, media_root: Path, output_dir: Path, keep: int | None = None
) -> Path:
    """Write one backup (dump, media, manifest) as a new folder in `output_dir`."""
    if keep is not None and keep < 1:
        raise BackupError(_("--keep must be at least 1."))
    # Backups hold personal data (accounts, private concerns): owner-only folders.
    output_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    created = dt.datetime.now(dt.UTC).replace(microsecond=0)
    final = _free_name(output_dir, f"birge-{created:%Y%m%dT%H%M%SZ}")
    # Written under a hidden name and renamed when complete, so a folder named
    # birge-* is always a whole backup, never one cut short by a crash.
    partial = output_dir / f".{final.name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(mode=0o700)
    try:
        manifest = _dump(database, partial)
        manifest["created_at"] = created.isoformat()
        manifest["birge"] = provenance.birge()
        media = partial / archive.MEDIA
        files = archive.write_media(media_root, media)
        manifest["media"] = {
            "file": archive.MEDIA,
            "sha256": archive.sha256_of(media),
            "count": len(files),
            "bytes": sum(f["bytes"] for f in files.values()),
            "files": files,
        }
        archive.write_manifest(partial, manifest)
        archive.sync(partial)
        partial.rename(final)
        archive.sync(output_dir)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    if keep is not None:
        backups_prune(output_dir=output_dir, keep=keep)
    return final


def _free_name(folder: Path, stem: str) -> Path:
    candidate, n = folder / stem, 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{stem}-{n}"
    return candidate


def _dump(database: Database, folder: Path) -> dict:
    """pg_dump and the table inventory, both of one snapshot of the database."""
    pg_dump = tool("pg_dump", database)
    with database.connect() as connection:
        connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        connection.read_only = True
        connection.execute(STABLE_SESSION)
        row = connection.execute("SELECT pg_export_snapshot()").fetchone()
        assert row is not None
        # pg_dump reads the snapshot this transaction exported, so the counts
        # below describe exactly the rows in the dump, even under writes.
        dump = folder / archive.DATABASE
        run(
            [
                str(pg_dump),
                "--format=custom",
                "--no-password",
                f"--snapshot={row[0]}",
                f"--file={dump}",
            ],
            database,
            what="pg_dump",
        )
        tables = inventory.tables(connection)
        server = inventory.server(connection)
        applied = inventory.migrations(connection)
    return {
        "format": archive.FORMAT,
        "database": {
            "file": archive.DATABASE,
            "name": database.name,
            "sha256": archive.sha256_of(dump),
            "bytes": dump.stat().st_size,
            "pg_dump": version_of(pg_dump),
            **server,
        },
        "migrations": applied,
        "tables": tables,
    }


def backups_prune(*, output_dir: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups in `output_dir`; the deleted ones."""
    if keep < 1:
        raise BackupError(_("--keep must be at least 1."))
    backups = sorted(
        (p for p in output_dir.glob("birge-*") if (p / archive.MANIFEST).is_file()),
        key=lambda p: p.name,
    )
    old = backups[:-keep]
    for path in old:
        shutil.rmtree(path)
    return old


def database_create(*, server: Database, name: str, encoding: str | None) -> bool:
    """Create database `name` beside `server`'s unless it exists; True if created."""
    with server.connect(autocommit=True) as connection:
        if connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone():
            return False
        statement = sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(
            sql.Identifier(name)
        )
        if encoding:
            statement += sql.SQL(" ENCODING {}").format(sql.Literal(encoding))
        try:
            connection.execute(statement)
        except psycopg.Error as error:
            raise BackupError(
                _("Cannot create the database %(name)s: %(error)s")
                % {"name": name, "error": str(error).strip()}
            ) from None
    return True


def backup_restore(
    *,
    source: Path,
    target: Database,
    media_root: Path,
    force: bool = False,
    create_beside: Database | None = None,
) -> RestoreReport:
    """Restore a backup into an empty database and media folder, then check it.

    With `create_beside`, a missing target is first created on that database's server.
    """
    with archive.opened(source) as (folder, manifest):
        created = False
        if create_beside is not None:
            created = database_create(
                server=create_beside,
                name=target.name,
                encoding=(manifest.get("database") or {}).get("encoding"),
            )
        _prepare(target, manifest, force=force)
        _restore_database(folder / archive.DATABASE, target)
        archive.read_media(folder / archive.MEDIA, media_root, force=force)
    report = verify(manifest, target=target, media_root=media_root)
    report.created = created
    return report


def _prepare(target: Database, manifest: dict, *, force: bool) -> None:
    """Refuse a database with tables in it (unless forced), and add PostGIS."""
    with target.connect(autocommit=True) as connection:
        present = inventory.user_relations(connection)
        if present and not force:
            raise BackupError(
                _(
                    "The database %(name)s is not empty: it holds %(count)s tables, "
                    "views or sequences (e.g. %(first)s). Restore into a fresh "
                    "database, or pass --force to replace everything in it."
                )
                % {"name": target.name, "count": len(present), "first": present[0]}
            )
        if present:
            _empty(connection)
        if (manifest.get("database") or {}).get("postgis_version"):
            _postgis(connection, target)


def _empty(connection: psycopg.Connection) -> None:
    schemas = connection.execute(
        "SELECT nspname FROM pg_namespace WHERE nspname NOT IN "
        "('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\\_%'"
    ).fetchall()
    for (schema,) in schemas:
        connection.execute(
            sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema))
        )
    connection.execute("CREATE SCHEMA public")


def _postgis(connection: psycopg.Connection, target: Database) -> None:
    # Created before pg_restore, whose own CREATE EXTENSION IF NOT EXISTS then does
    # nothing: a PostGIS already in the database (from its template) is kept, and
    # the dump adds only the spatial_ref_sys rows PostGIS does not bring itself.
    try:
        connection.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    except psycopg.Error as error:
        raise BackupError(
            _(
                "Cannot create the postgis extension in %(name)s (%(error)s). Ask an "
                "administrator to run CREATE EXTENSION postgis; in it, then restore."
            )
            % {"name": target.name, "error": str(error).strip()}
        ) from None


def _restore_database(dump: Path, target: Database) -> None:
    pg_restore = tool("pg_restore", target)
    listing = run(
        [str(pg_restore), "--list", str(dump)], target, what="pg_restore --list"
    )
    # COMMENT ON EXTENSION needs its owner (a superuser for PostGIS); skipping it
    # lets an ordinary database owner restore. Nothing else is left out.
    kept = [line for line in listing.splitlines() if "COMMENT - EXTENSION" not in line]
    with tempfile.NamedTemporaryFile(
        "w", suffix=".list", encoding="utf-8", delete=False
    ) as handle:
        handle.write("\n".join(kept) + "\n")
    toc = Path(handle.name)
    try:
        run(
            [
                str(pg_restore),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                "--no-password",
                f"--use-list={toc}",
                f"--dbname={target.name}",
                str(dump),
            ],
            target,
            what="pg_restore",
        )
    finally:
        toc.unlink(missing_ok=True)
    # pg_restore leaves the planner without statistics until autovacuum comes.
    with target.connect(autocommit=True) as connection:
        connection.execute("ANALYZE")
