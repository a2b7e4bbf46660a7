"""Loads the demo towns from fixtures/ through the intake and the services.

Adds what is missing and never overwrites: a town, district or site whose slug
exists is left as it is, so running `make run` twice loses no one's edits.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from . import services
from .intake import AREAS, accept_geometry
from .languages import LANGUAGE_CODES
from .models import District, Site, Town

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


@dataclass
class DemoReport:
    """How many rows the load added, by kind."""

    towns: int = 0
    districts: int = 0
    sites: int = 0


def _features(name: str) -> list[dict[str, Any]]:
    with open(FIXTURES / name, encoding="utf-8") as f:
        return json.load(f)["features"]


def _texts(props: dict[str, Any], field: str) -> dict[str, str]:
    return {code: props.get(f"{field}_{code}", "") for code in LANGUAGE_CODES}


@transaction.atomic
def load_demo(fixtures: Path = FIXTURES) -> DemoReport:
    """Add the demo towns, districts and sites that are not there yet."""
    report = DemoReport()
    towns = {t.slug: t for t in Town.objects.all()}
    for feature in _features("towns.geojson"):
        props = feature["properties"]
        if props["slug"] in towns:
            continue
        lon, lat = props["centre"]
        towns[props["slug"]] = services.town_create(
            slug=props["slug"],
            names=_texts(props, "name"),
            boundary=accept_geometry(feature["geometry"], allowed=AREAS),
            centre=accept_geometry({"type": "Point", "coordinates": [lon, lat]}),
            utm_srid=props["utm_srid"],
            default_zoom=props["default_zoom"],
        )
        report.towns += 1

    existing = set(District.objects.values_list("town__slug", "slug"))
    for feature in _features("districts.geojson"):
        props = feature["properties"]
        if (props["town"], props["slug"]) in existing:
            continue
        town = towns[props["town"]]
        services.district_create(
            town=town,
            slug=props["slug"],
            names=_texts(props, "name"),
            boundary=accept_geometry(feature["geometry"], allowed=AREAS, place=town),
        )
        report.districts += 1

    existing = set(Site.objects.values_list("town__slug", "slug"))
    for feature in _features("sites.geojson"):
        props = feature["properties"]
        if (props["town"], props["slug"]) in existing:
            continue
        town = towns[props["town"]]
        services.site_create(
            town=town,
            slug=props["slug"],
            names=_texts(props, "name"),
            descriptions=_texts(props, "description"),
            status=props["status"],
            boundary=accept_geometry(
                feature["geometry"], allowed=("Polygon",), place=town
            ),
        )
        report.sites += 1
    return report
