"""Delete idempotency keys past their day (claims also purge a batch now and then)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from integrity.idempotency import purge_expired


class Command(BaseCommand):
    help = "Delete idempotency keys older than BIRGE_IDEMPOTENCY_TTL_SECONDS."

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        while deleted := purge_expired():
            total += deleted
        self.stdout.write(f"{total} expired idempotency keys deleted")
