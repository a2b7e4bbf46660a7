"""About three years of residents' concerns for the Ust-Kamenogorsk demo.

Spread the way the TRINTA foundation's sources describe the town: outlying
Sogra and the Left Bank write about snow, roads and buses, the centre about the
air and street lighting, Ulba about heating and yards; heating and snow peak in
December–February, roads in spring, yards and greenery in summer. Points cluster
around a few dozen hot places so the hotspot maps have something to find; about
15 % are small areas, about 85 % come from private people. A seeded
``random.Random`` makes the same concerns every time (dated back from today),
and rows are written with bulk_create: the database trigger fills each
concern's public point and district.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.gis.gdal import CoordTransform, SpatialReference
from django.contrib.gis.geos import GEOSGeometry, Point, Polygon
from django.utils import timezone

from accounts.models import User
from mapping.models import District, Town

from .models import Community, Concern, ConcernStatus

TOTAL = 3000
YEARS = 3
BATCH = 500
AREA_SHARE = 0.15
PRIVATE_SHARE = 0.85
HOT_SHARE = 0.7  # of the points, near a hot place; the rest anywhere in the district

DISTRICT_SHARE = {
    "centre": 26,
    "ulba": 24,
    "zashchita": 18,
    "left-bank": 16,
    "sogra": 16,
}
HOT_PLACES = {"centre": 9, "ulba": 9, "zashchita": 7, "left-bank": 7, "sogra": 8}
# Category weights per district (percent).
CATEGORIES = {
    "centre": {"air": 22, "lighting": 18, "transport": 10, "roads": 10, "yards": 10,
               "green": 8, "snow": 6, "heating": 6, "waste": 5, "water": 2, "other": 3},
    "ulba": {"heating": 22, "yards": 20, "roads": 10, "snow": 10, "lighting": 8,
             "transport": 8, "water": 7, "waste": 6, "air": 4, "green": 3, "other": 2},
    "zashchita": {"roads": 15, "transport": 13, "yards": 13, "heating": 12, "snow": 12,
                  "lighting": 10, "air": 8, "waste": 7, "water": 4, "green": 4, "other": 2},
    "left-bank": {"snow": 22, "roads": 20, "transport": 18, "lighting": 8, "yards": 8,
                  "heating": 7, "waste": 6, "green": 4, "air": 3, "water": 2, "other": 2},
    "sogra": {"snow": 24, "roads": 20, "transport": 20, "lighting": 10, "water": 7,
              "heating": 6, "waste": 5, "yards": 4, "air": 2, "green": 1, "other": 1},
}  # fmt: skip
# How a category's concerns fall over the months, January to December.
SEASONS: dict[str, list[float]] = {
    "heating": [10, 8, 4, 1, 0.8, 0.8, 0.8, 0.8, 1.5, 5, 8, 10],
    "snow": [10, 9, 5, 1, 0.8, 0.8, 0.8, 0.8, 0.8, 1, 6, 10],
    "roads": [2, 2, 5, 8, 7, 4, 3, 3, 3, 3, 2, 2],
    "yards": [1, 1, 2, 4, 6, 8, 8, 7, 4, 2, 1, 1],
    "green": [1, 1, 1.2, 4, 7, 8, 8, 7, 4, 2, 1, 1],
    "lighting": [5, 4, 3, 2, 1.5, 1, 1, 1.5, 3, 5, 6, 6],
    "air": [8, 7, 4, 2, 1.5, 1.5, 2, 2, 2, 4, 6, 8],
    "transport": [4, 4, 4, 4, 4, 3, 3, 3, 5, 4, 4, 4],
    "water": [2, 2, 2, 3, 4, 5, 5, 4, 3, 2, 2, 2],
    "waste": [2, 2, 3, 4, 5, 5, 5, 5, 4, 3, 2, 2],
    "other": [3] * 12,
}
SOURCES = {
    "hotline": 30,
    "whatsapp": 25,
    "survey": 12,
    "reception": 12,
    "web": 10,
    "focus_group": 6,
    "brainstorm": 5,
}
# Who carries a concern: the public reception's go to the mayor's reception;
# some go to the group that works on it where it is; the rest to TRINTA.
SPECIALISTS = {
    ("air", None): "clean-air-oskemen",
    ("heating", "ulba"): "heating-watch-ulba",
    ("yards", "ulba"): "ulba-yard-committee",
    ("lighting", "sogra"): "sogra-lights",
    ("snow", "sogra"): "sogra-neighbours",
    ("transport", "zashchita"): "zashchita-transport",
    ("roads", "left-bank"): "left-bank-mums",
}
RECEPTION = "akimat-public-reception"
MAIN = "trinta"
MAPPED = {"trinta", "clean-air-oskemen"}  # what the demo mapper records


@dataclass
class HotPlace:
    district: str
    x: float
    y: float
    radius: float
    category: str


def _pick(rng: random.Random, weights: Mapping[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class _Sampler:
    """Points and small areas inside the districts, drawn in the town's UTM zone."""

    def __init__(self, town: Town, districts: dict[str, District], rng: random.Random):
        self.rng = rng
        self.srid = town.utm_srid
        self.shapes = {
            slug: d.boundary.transform(town.utm_srid, clone=True)
            for slug, d in districts.items()
        }
        self.prepared = {slug: shape.prepared for slug, shape in self.shapes.items()}
        self.back = CoordTransform(
            SpatialReference(town.utm_srid), SpatialReference(4326)
        )

    def anywhere(self, district: str) -> tuple[float, float]:
        xmin, ymin, xmax, ymax = self.shapes[district].extent
        while True:
            x, y = self.rng.uniform(xmin, xmax), self.rng.uniform(ymin, ymax)
            if self.prepared[district].contains(Point(x, y, srid=self.srid)):
                return x, y

    def near(self, place: HotPlace) -> tuple[float, float]:
        for _attempt in range(10):
            x = self.rng.gauss(place.x, place.radius)
            y = self.rng.gauss(place.y, place.radius)
            if self.prepared[place.district].contains(Point(x, y, srid=self.srid)):
                return x, y
        return place.x, place.y

    def shape(self, x: float, y: float, area: bool) -> GEOSGeometry:
        """A point, or a small rotated rectangle (a yard, a stretch of road) around it."""
        if area:
            w, h = self.rng.uniform(30, 140), self.rng.uniform(25, 90)
            turn = self.rng.uniform(0, math.pi)
            cos, sin = math.cos(turn), math.sin(turn)
            corners = [
                (-w / 2, -h / 2),
                (w / 2, -h / 2),
                (w / 2, h / 2),
                (-w / 2, h / 2),
            ]
            ring = [
                (x + cx * cos - cy * sin, y + cx * sin + cy * cos) for cx, cy in corners
            ]
            geometry: GEOSGeometry = Polygon([*ring, ring[0]], srid=self.srid)
        else:
            geometry = Point(x, y, srid=self.srid)
        geometry.transform(self.back)
        return geometry


def _day(rng: random.Random, category: str, start: dt.date, days: int) -> dt.date:
    """A day in the window, more likely in the category's season."""
    season = SEASONS[category]
    peak = max(season)
    while True:
        day = start + dt.timedelta(days=rng.randrange(days))
        if rng.random() * peak <= season[day.month - 1]:
            return day


def _status(rng: random.Random, age_days: int) -> str:
    if age_days < 30:
        weights = [50, 35, 10, 5]
    elif age_days < 180:
        weights = [15, 30, 30, 25]
    else:
        weights = [5, 15, 35, 45]
    return rng.choices(list(ConcernStatus.values), weights=weights)[0]


def _text(rng: random.Random, data: dict[str, Any], category: str) -> str:
    language = "kk" if rng.random() < 0.3 else "ru"
    template = rng.choice(data["texts"][category][language])
    street = rng.choice(data["streets"])[0 if language == "ru" else 1]
    days = rng.randint(20, 60) if category == "transport" else rng.randint(2, 14)
    level = rng.randint(5, 9) if category == "air" else rng.randint(12, 16)
    return template.format(s=street, h=rng.randint(1, 120), d=days, t=level)


def _carrier(category: str, district: str, source: str, rng: random.Random) -> str:
    if source == "reception":
        return RECEPTION
    specialist = SPECIALISTS.get((category, None)) or SPECIALISTS.get(
        (category, district)
    )
    if specialist and rng.random() < 0.4:
        return specialist
    return MAIN


def load_concerns(
    town: Town,
    communities: dict[str, Community],
    mapper: User,
    data: dict[str, Any],
    *,
    total: int = TOTAL,
) -> int:
    """Add the demo concerns not there yet; return how many were added."""
    districts = {
        d.slug: d
        for d in District.objects.filter(town=town, slug__in=list(DISTRICT_SHARE))
    }
    if not districts or MAIN not in communities:
        return 0
    existing = set(
        Concern.objects.filter(town=town, external_id__startswith="demo-").values_list(
            "external_id", flat=True
        )
    )
    if len(existing) >= total:
        return 0
    rng = random.Random("birge-community-demo")
    sampler = _Sampler(town, districts, rng)
    shares = {slug: DISTRICT_SHARE[slug] for slug in districts}
    hot = [
        HotPlace(
            slug,
            *sampler.anywhere(slug),
            rng.uniform(60, 220),
            _pick(rng, CATEGORIES[slug]),
        )
        for slug in districts
        for _n in range(HOT_PLACES[slug])
    ]
    today = timezone.localdate()
    start = today - dt.timedelta(days=365 * YEARS)
    days = (today - start).days
    rows: list[Concern] = []
    for number in range(1, total + 1):
        district = _pick(rng, shares)
        category = _pick(rng, CATEGORIES[district])
        reported_on = _day(rng, category, start, days)
        if rng.random() < HOT_SHARE:
            near = [p for p in hot if p.district == district]
            weights = [4 if p.category == category else 1 for p in near]
            x, y = sampler.near(rng.choices(near, weights=weights)[0])
        else:
            x, y = sampler.anywhere(district)
        area = rng.random() < AREA_SHARE
        source = _pick(rng, SOURCES)
        carrier = communities.get(_carrier(category, district, source, rng))
        carrier = carrier or communities[MAIN]
        private = rng.random() < PRIVATE_SHARE
        name = f"{rng.choice(data['first_names'])} {rng.choice(data['initials'])}"
        phone = f"+7 700 000 {rng.randint(0, 99):02d} {rng.randint(0, 99):02d}"
        concern = Concern(
            town=town,
            community=carrier,
            category=category,
            source=source,
            reported_on=reported_on,
            location=sampler.shape(x, y, area),
            precision_m=50 if area else rng.choice([10, 15, 25, 25, 50]),
            text=_text(rng, data, category),
            status=_status(rng, (today - reported_on).days),
            private=private,
            reporter_name=name if private else "",
            reporter_contact=phone
            if private and source in ("hotline", "whatsapp")
            else "",
            recorded_by=mapper if carrier.slug in MAPPED else None,
            external_id=f"demo-{number}",
        )
        if concern.external_id not in existing:
            rows.append(concern)
    Concern.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)
