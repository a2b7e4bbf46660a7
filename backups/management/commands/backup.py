"""manage.py backup: the database (pg_dump custom format), media and a manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections
from django.utils.translation import gettext as _

from backups import conf
from backups.errors import BackupError
from backups.postgres import Database
from backups.services import backup_create


class Command(BaseCommand):
    help = (
        "Write one backup folder (birge-YYYYMMDDTHHMMSSZ): the database as a "
        "pg_dump custom-format file, MEDIA_ROOT as a tar, and a manifest with "
        "row counts and checksums that `manage.py restore` verifies."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="folder for the backup (default BIRGE_BACKUP_DIR, or var/backups)",
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=None,
            help="afterwards delete all but the newest KEEP backups in that folder",
        )
        parser.add_argument("--database", default="default", help="database alias")

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path = options["output"] or conf.backup_dir()
        database = Database.from_settings(
            connections[options["database"]].settings_dict
        )
        try:
            path = backup_create(
                database=database,
                media_root=Path(settings.MEDIA_ROOT),
                output_dir=output,
                keep=options["keep"],
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(_("Backup written to %(path)s") % {"path": path})
