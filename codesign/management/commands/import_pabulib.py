"""manage.py import_pabulib FILE --town SLUG: a real PB election as a campaign."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from codesign.allocation import PabulibError
from codesign.pabulib_io import import_campaign
from mapping.models import Town

MAX_BYTES = 200 * 1024 * 1024


class Command(BaseCommand):
    help = (
        "Import a Pabulib .pb file as a campaign with its projects, ballots and result."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--town", required=True, help="slug of the town")
        parser.add_argument(
            "--slug", default="", help="campaign slug (default: from the file)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        town = Town.objects.filter(slug=options["town"]).first()
        if town is None:
            raise CommandError(f"There is no town {options['town']!r}.")
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(f"{path}: larger than {MAX_BYTES // 2**20} MB.")
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            raise CommandError(f"{path}: not UTF-8 text ({error}).") from None
        try:
            report = import_campaign(text, town=town, slug=options["slug"])
        except PabulibError as error:
            raise CommandError(f"{path}:{error.line}: {error.message}") from None
        except ValidationError as error:
            raise CommandError(f"{path}: {'; '.join(error.messages)}") from None
        campaign = report.campaign
        self.stdout.write(
            f"Imported {campaign.slug!r} into {town.slug}: {report.projects} projects "
            f"({report.placed} on the map), {report.ballots} ballots, "
            f"{report.funded} funded by {campaign.rule}."
        )
        if report.outside_town:
            self.stdout.write(
                f"{len(report.outside_town)} projects have coordinates outside "
                f"{town.slug} and were imported without a place."
            )
        if report.matches_file is not None:
            verdict = "matches" if report.matches_file else "DIFFERS FROM"
            self.stdout.write(f"The result {verdict} the file's `selected` column.")
