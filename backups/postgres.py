"""Reaching PostgreSQL: connection settings, psycopg connections and its own tools."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import environ
import psycopg
from django.utils.translation import gettext as _
from psycopg.conninfo import make_conninfo

from . import conf
from .errors import BackupError

# libpq's environment variables for the connection settings Django may carry in
# OPTIONS: pg_dump and pg_restore read them, so no secret is ever an argument.
LIBPQ_ENV = {
    "host": "PGHOST",
    "port": "PGPORT",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslpassword": "PGSSLPASSWORD",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
    "application_name": "PGAPPNAME",
}

# Row text (used for checksums) must not depend on who reads it or where.
STABLE_SESSION = (
    "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, MDY'; SET IntervalStyle = 'postgres';"
    " SET extra_float_digits = 1; SET bytea_output = 'hex'"
)


@dataclass(frozen=True)
class Database:
    """Where one database is: its name and the libpq settings to reach its server."""

    name: str
    params: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings_dict: Mapping[str, Any]) -> Database:
        """The database a Django DATABASES entry points at."""
        params: dict[str, str] = {}
        options = settings_dict.get("OPTIONS") or {}
        for key in LIBPQ_ENV:
            if options.get(key) not in (None, ""):
                params[key] = str(options[key])
        for key, setting in (
            ("host", "HOST"),
            ("port", "PORT"),
            ("user", "USER"),
            ("password", "PASSWORD"),
        ):
            if settings_dict.get(setting):
                params[key] = str(settings_dict[setting])
        return cls(name=str(settings_dict["NAME"]), params=params)

    @classmethod
    def from_url(cls, url: str) -> Database:
        """The database a postgres:// or postgis:// URL names."""
        try:
            config = environ.Env.db_url_config(url)
        except Exception as error:
            raise BackupError(
                _("Cannot read the database URL: %(error)s") % {"error": error}
            ) from None
        if not config.get("NAME"):
            raise BackupError(_("The database URL names no database."))
        return cls.from_settings(config)

    def named(self, name: str) -> Database:
        """Another database on the same server."""
        return replace(self, name=name)

    def environment(self) -> dict[str, str]:
        """The process environment for pg_dump/pg_restore, secrets included."""
        # The rest of the environment stays: libpq reads it for Django's own
        # connection too (PGPASSFILE, PGSSLMODE...), so both reach the same server.
        env = dict(os.environ)
        env.update({LIBPQ_ENV[key]: value for key, value in self.params.items()})
        env["PGDATABASE"] = self.name
        return env

    def connect(self, **kwargs: Any) -> psycopg.Connection:
        """A psycopg connection; a clear BackupError when the server cannot be reached."""
        try:
            conninfo = make_conninfo(dbname=self.name, **self.params)
            return psycopg.connect(conninfo, **kwargs)
        except psycopg.OperationalError as error:
            raise BackupError(
                _("Cannot connect to the database %(name)s: %(error)s")
                % {"name": self.name, "error": str(error).strip()}
            ) from None


def tool(name: str, database: Database) -> Path:
    """pg_dump or pg_restore of the server's own major version (or newer)."""
    configured = conf.pg_bin_dir()
    if configured is not None:
        return configured / name
    with database.connect() as connection:
        server = int(connection.info.server_version) // 10000
    candidates = [Path(f"/usr/lib/postgresql/{server}/bin/{name}")]
    found = shutil.which(name)
    if found:
        candidates.append(Path(found))
    for candidate in candidates:
        if candidate.is_file() and _major(candidate) >= server:
            return candidate
    raise BackupError(
        _(
            "No %(tool)s of PostgreSQL %(version)s or newer was found; install it "
            "or set BIRGE_BACKUP_PG_BIN."
        )
        % {"tool": name, "version": server}
    )


def _major(binary: Path) -> int:
    out = subprocess.run(
        [str(binary), "--version"], capture_output=True, text=True, check=False
    ).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", out)
    return int(match.group(1)) if match else 0


def version_of(binary: Path) -> str:
    """The version line a PostgreSQL tool prints, e.g. 'pg_dump (PostgreSQL) 15.14'."""
    return subprocess.run(
        [str(binary), "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()


def run(args: list[str], database: Database, *, what: str) -> str:
    """Run a PostgreSQL tool against `database`; its stderr becomes the BackupError."""
    result = subprocess.run(
        args, env=database.environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(
            _("%(what)s failed: %(error)s")
            % {"what": what, "error": result.stderr.strip() or result.returncode}
        )
    return result.stdout
