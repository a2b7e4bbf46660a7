"""manage.py advance_campaigns: run from cron daily; pages do the same lazily.

Puts accepted proposals on the ballot of campaigns whose voting has begun, and
counts campaigns whose voting has closed. Both steps are idempotent.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from codesign import services
from codesign.models import Campaign


class Command(BaseCommand):
    help = "Open voting and count results for campaigns whose dates have come."

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        for campaign in Campaign.objects.filter(voting_start__lte=today):
            moved = services.voting_open(campaign=campaign)
            if moved:
                self.stdout.write(f"{campaign.slug}: {moved} proposals on the ballot")
            if today > campaign.voting_end and not campaign.results.exists():
                funded = services.results_publish(campaign=campaign)
                self.stdout.write(f"{campaign.slug}: counted, {funded} funded")
