"""manage.py export_pabulib TOWN CAMPAIGN [-o FILE]: a campaign as a .pb file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from codesign.models import Campaign
from codesign.pabulib_io import export_campaign


class Command(BaseCommand):
    help = "Write a campaign, its ballots and its result as a Pabulib .pb file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("town")
        parser.add_argument("campaign")
        parser.add_argument("-o", "--output", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        campaign = Campaign.objects.filter(
            town__slug=options["town"], slug=options["campaign"]
        ).first()
        if campaign is None:
            raise CommandError("There is no such campaign.")
        text = export_campaign(campaign)
        if options["output"]:
            options["output"].write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
