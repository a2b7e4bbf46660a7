"""manage.py restore ARCHIVE: into an empty database and media folder, then verified."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from backups.errors import BackupError
from backups.postgres import Database
from backups.services import backup_restore
from backups.verify import RestoreReport


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into a fresh database and the "
        "media folder, then check every table's rows and every media file against "
        "its manifest. Exits non-zero on any difference."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "archive", type=Path, help="a backup folder, or a .tar of one"
        )
        where = parser.add_mutually_exclusive_group()
        where.add_argument(
            "--into",
            metavar="NAME",
            help="a database on the configured server; created if missing",
        )
        where.add_argument(
            "--database-url",
            metavar="URL",
            help="postgis://user:password@host:port/name of an existing database",
        )
        parser.add_argument(
            "--media-root",
            type=Path,
            default=None,
            help="where media files go (default MEDIA_ROOT)",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace everything in a database and media folder that are not empty",
        )
        parser.add_argument(
            "--database",
            default="default",
            help="alias of the configured database (the default target)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        configured = Database.from_settings(
            connections[options["database"]].settings_dict
        )
        media_root: Path = options["media_root"] or Path(settings.MEDIA_ROOT)
        try:
            if options["database_url"]:
                target = Database.from_url(options["database_url"])
            elif options["into"]:
                target = configured.named(options["into"])
            else:
                target = configured
            report = backup_restore(
                source=options["archive"],
                target=target,
                media_root=media_root,
                force=options["force"],
                create_beside=configured if options["into"] else None,
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        if report.created:
            self.stdout.write(
                _("Created the database %(name)s.") % {"name": target.name}
            )
        self._print(report)
        if not report.ok:
            raise CommandError(
                _(
                    "The restore does not match the backup: %(tables)s tables and "
                    "%(files)s media files differ (see above)."
                )
                % {
                    "tables": len(report.bad_tables),
                    "files": len(report.media_missing) + len(report.media_differing),
                }
            )
        self.stdout.write(
            _("Restored into %(name)s and verified: every row and file is there.")
            % {"name": target.name}
        )

    def _print(self, report: RestoreReport) -> None:
        width = max([len(c.table) for c in report.tables] + [20])
        headers = (_("table"), _("backup"), _("restored"), _("rows"))
        self.stdout.write(
            f"{headers[0]:<{width}}  {headers[1]:>9}  {headers[2]:>9}  {headers[3]}"
        )
        for check in report.tables:
            verdict = _("same") if check.ok else _("DIFFERENT")
            expected = "-" if check.expected is None else check.expected
            found = "-" if check.found is None else check.found
            line = f"{check.table:<{width}}  {expected:>9}  {found:>9}  {verdict}"
            self.stdout.write(line if check.ok else self.style.ERROR(line))
        identical = (
            report.media_expected
            - len(report.media_missing)
            - len(report.media_differing)
        )
        self.stdout.write(
            _(
                "Media: %(expected)s files in the backup, %(identical)s restored "
                "identical, %(missing)s missing, %(different)s different."
            )
            % {
                "expected": report.media_expected,
                "identical": identical,
                "missing": len(report.media_missing),
                "different": len(report.media_differing),
            }
        )
        for name in report.media_missing + report.media_differing:
            self.stdout.write(self.style.ERROR(f"  {name}"))
        if report.pending_migrations:
            self.stdout.write(
                ngettext(
                    "Note: %(count)s migration of this code is not in the backup; "
                    "run manage.py migrate against the restored database.",
                    "Note: %(count)s migrations of this code are not in the backup; "
                    "run manage.py migrate against the restored database.",
                    len(report.pending_migrations),
                )
                % {"count": len(report.pending_migrations)}
            )
        if report.unknown_migrations:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "Warning: the backup was made by newer code (migrations "
                        "unknown here: %(names)s). Run that version of Birge."
                    )
                    % {"names": ", ".join(report.unknown_migrations[:5])}
                )
            )
