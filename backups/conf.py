"""The backups app's settings (prefix BIRGE_BACKUP_), checked when read."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def backup_dir() -> Path:
    """Where `manage.py backup` writes when no --output is given."""
    value = getattr(settings, "BIRGE_BACKUP_DIR", None)
    if value in (None, ""):
        return Path(settings.BASE_DIR) / "var" / "backups"
    return Path(str(value))


def pg_bin_dir() -> Path | None:
    """A directory with pg_dump and pg_restore, or None to match the server's version."""
    value = getattr(settings, "BIRGE_BACKUP_PG_BIN", "")
    if not value:
        return None
    path = Path(value)
    if not (path / "pg_dump").is_file():
        raise ImproperlyConfigured(
            f"BIRGE_BACKUP_PG_BIN={value!r} holds no pg_dump; point it at the "
            "bin directory of the server's PostgreSQL version."
        )
    return path
