"""Seed the fault-test database: a town, a campaign open for proposals, residents.

Run as ``python -m tests.faults.seed CLIENTS`` with DJANGO_SETTINGS_MODULE set to
tests.faults.settings; prints JSON: the drawing page's path and, for each resident,
the session cookie of a signed-in browser.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import django


def seed(clients: int) -> dict:
    """Build the rows through the services and sign each resident in."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    from codesign import services
    from codesign.models import Phase
    from codesign.phases import schedule_with
    from tests.factories import DistrictFactory, TownFactory

    town: Any = TownFactory(slug="aksu")
    DistrictFactory(town=town, slug="central")
    options: dict[str, Any] = {
        "town": town,
        "slug": "faults",
        "titles": {"kk": "Туған қала", "ru": "Родной город", "en": "Tugan Qala"},
        "budget": 100_000_000,
        "cap": 9_000_000,
        "ballot_type": "approval",
        "max_choices": 3,
        **schedule_with(Phase.SUBMISSION),
    }
    campaign = services.campaign_create(**options)
    users = get_user_model().objects
    cookies = []
    for n in range(clients):
        resident = users.create_user(
            username=f"resident{n}",
            email=f"resident{n}@example.kz",
            password="not-used-sessions-are-made-here",
        )
        browser = Client()
        browser.force_login(resident)
        cookies.append(browser.cookies[settings.SESSION_COOKIE_NAME].value)
    with translation.override("en"):
        path = reverse(
            "codesign:propose", kwargs={"town": town.slug, "slug": campaign.slug}
        )
    return {
        "propose": path,
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "sessions": cookies,
    }


if __name__ == "__main__":
    django.setup()
    json.dump(seed(int(sys.argv[1])), sys.stdout)
