"""Demo site co-design: Aksu's neglected park, the akimat's plan and residents' concepts.

At the Tugan Qala forum residents designed the neglected square in two workshop
concepts and found them "similar to the akimat's project". The demo has the
akimat's plan, those two workshop concepts (close to the plan), and a dozen
residents' concepts of varied similarity: some move the plan's zones a little,
some swap uses, a few imagine something else. Layouts are drawn in fractions of
the site's UTM bounding box, clipped to the site, and saved through the services.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass, field

import shapely
from django.contrib.gis.geos import GEOSGeometry
from django.utils import timezone
from shapely.geometry import LineString, Point, box
from shapely.geometry.base import BaseGeometry

from accounts.models import User
from codesign.models import DesignSession
from codesign.services import (
    DrawnElement,
    concept_create,
    concept_save,
    concept_submit,
    design_session_create,
    official_plan_upload,
)
from mapping.intake import accept_geometry
from mapping.models import Site

from .people import Demo

SITE = "aksu-neglected-park"
SESSION = "tugan-qala-forum"
UNIT_COSTS = {
    "green": 6_000,
    "playground": 45_000,
    "sport": 38_000,
    "plaza": 30_000,
    "water": 60_000,
    "parking": 25_000,
    "garden": 9_000,
    "footpath": 18_000,
    "cyclepath": 22_000,
    "bench": 150_000,
    "tree": 40_000,
    "lamp": 260_000,
    "bin": 35_000,
    "art": 2_500_000,
}

Rect = tuple[float, float, float, float]  # u0, v0, u1, v1 in [0, 1]


@dataclass
class Layout:
    """A design in fractions of the site's bounds: zones, paths and objects."""

    zones: list[tuple[str, Rect]]
    paths: list[tuple[str, list[tuple[float, float]]]]
    objects: list[tuple[str, tuple[float, float]]] = field(default_factory=list)


def _plan() -> Layout:
    """The akimat's plan: a green park with a central square and a sports corner."""
    objects = [
        ("bench", (0.47 + 0.02 * (i % 4), 0.25 + 0.1 * (i // 4))) for i in range(8)
    ]
    objects += [
        ("tree", (0.05 + 0.08 * (i % 4), 0.1 + 0.11 * (i // 4))) for i in range(28)
    ]
    objects += [("lamp", (0.5, 0.08 + 0.12 * i)) for i in range(8)]
    objects += [("bin", (0.45, 0.15 + 0.15 * i)) for i in range(5)]
    objects += [("art", (0.5, 0.42))]
    return Layout(
        zones=[
            ("green", (0.0, 0.0, 0.4, 1.0)),
            ("plaza", (0.42, 0.3, 0.6, 0.55)),
            ("playground", (0.42, 0.62, 0.62, 0.92)),
            ("sport", (0.65, 0.6, 0.98, 0.95)),
            ("garden", (0.65, 0.2, 0.98, 0.55)),
            ("parking", (0.7, 0.0, 1.0, 0.14)),
        ],
        paths=[
            ("footpath", [(0.0, 0.58), (0.41, 0.58), (0.63, 0.58), (1.0, 0.58)]),
            ("footpath", [(0.41, 0.0), (0.41, 1.0)]),
            ("cyclepath", [(0.02, 0.02), (0.02, 0.98), (0.62, 0.98)]),
        ],
        objects=objects,
    )


def _varied(plan: Layout, rng: random.Random, *, shift: float, swaps: dict) -> Layout:
    """The plan with zones moved by up to ``shift`` and some uses swapped."""

    def move(value: float) -> float:
        return min(1.0, max(0.0, value + rng.uniform(-shift, shift)))

    zones = [
        (swaps.get(kind, kind), (move(u0), move(v0), move(u1), move(v1)))
        for kind, (u0, v0, u1, v1) in plan.zones
        if swaps.get(kind, kind)
    ]
    paths = [(kind, [(move(u), move(v)) for u, v in line]) for kind, line in plan.paths]
    keep = 1.0 - min(0.8, shift * 4)
    objects = [
        (kind, (move(u), move(v)))
        for kind, (u, v) in plan.objects
        if rng.random() < keep
    ]
    return Layout(zones, paths, objects)


def _other(rng: random.Random, theme: str) -> Layout:
    """A concept that imagines something else: a pond park, a sports ground, a garden."""
    main = {"water": "water", "sport": "sport", "garden": "garden"}[theme]
    centre = (rng.uniform(0.35, 0.65), rng.uniform(0.35, 0.65))
    zones = [
        (main, (centre[0] - 0.3, centre[1] - 0.3, centre[0] + 0.3, centre[1] + 0.3)),
        (
            "green",
            (0.0, 0.0, 1.0, 1.0),
        ),  # what the main use leaves (made disjoint below)
    ]
    paths = [
        ("footpath", [(0.0, centre[1] - 0.33), (1.0, centre[1] - 0.33)]),
        ("cyclepath", [(centre[0] + 0.33, 0.0), (centre[0] + 0.33, 1.0)]),
    ]
    objects = [("tree", (rng.random(), rng.random())) for _ in range(30)]
    objects += [("bench", (rng.random(), rng.random())) for _ in range(6)]
    objects += [("lamp", (rng.random(), rng.random())) for _ in range(4)]
    return Layout(zones, paths, objects)


@dataclass(frozen=True)
class Author:
    title: dict[str, str]  # per language; the concept is titled in its author's
    team: str = ""


WORKSHOPS = [
    Author(
        {"kk": "Көлеңкелі сквер", "ru": "Тенистый сквер"},
        team="Tugan Qala: 1-шеберхана / мастерская 1",
    ),
    Author(
        {"kk": "Отбасы алаңы", "ru": "Семейный сквер"},
        team="Tugan Qala: 2-шеберхана / мастерская 2",
    ),
]
RESIDENT_TITLES = [
    {"kk": "Балаларға арналған саябақ", "ru": "Парк для детей"},
    {"kk": "Спорт пен серуен", "ru": "Спорт и прогулки"},
    {"kk": "Жасыл желек", "ru": "Зелёный сквер"},
    {"kk": "Тоғаны бар саябақ", "ru": "Парк с прудом"},
    {"kk": "Қала бағы", "ru": "Городской сад"},
    {"kk": "Жастар алаңы", "ru": "Молодёжная площадь"},
    {"kk": "Велосипед жолы бар сквер", "ru": "Сквер с велодорожкой"},
    {"kk": "Тыныш демалыс", "ru": "Тихий отдых"},
    {"kk": "Спорт алаңы", "ru": "Спортивная площадка"},
    {"kk": "Жарық сквер", "ru": "Светлый сквер"},
    {"kk": "Гүлзар", "ru": "Цветник"},
    {"kk": "Ауладағы саябақ", "ru": "Парк у дома"},
]
# How each resident's concept departs from the plan, from close to far.
RESIDENT_STYLES: list[tuple[str, float, dict]] = [
    ("varied", 0.03, {}),
    ("varied", 0.05, {"garden": "sport"}),
    ("varied", 0.04, {"parking": "green"}),
    ("other", 0.0, {"theme": "water"}),
    ("other", 0.0, {"theme": "garden"}),
    ("varied", 0.08, {"playground": "plaza", "garden": "playground"}),
    ("varied", 0.06, {"parking": None}),
    ("varied", 0.1, {"sport": "green", "parking": "green"}),
    ("other", 0.0, {"theme": "sport"}),
    ("varied", 0.05, {}),
    ("varied", 0.12, {"plaza": "garden"}),
    ("varied", 0.04, {"sport": "playground"}),
]


class Drawing:
    """Turns layouts into elements on the site, through the intake."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.srid = site.town.utm_srid
        boundary = site.boundary.transform(self.srid, clone=True)
        self.polygon = shapely.from_wkt(boundary.wkt)
        self.bounds = self.polygon.bounds

    def _xy(self, u: float, v: float) -> tuple[float, float]:
        x0, y0, x1, y1 = self.bounds
        return x0 + u * (x1 - x0), y0 + v * (y1 - y0)

    def _element(self, kind: str, shape: BaseGeometry) -> DrawnElement | None:
        shape = shape.intersection(self.polygon)
        if shape.is_empty or (shape.geom_type.endswith("Polygon") and shape.area < 20):
            return None
        if shape.geom_type == "MultiPolygon":
            shape = max(shape.geoms, key=lambda g: g.area)
        if shape.geom_type == "MultiLineString":
            shape = max(shape.geoms, key=lambda g: g.length)
        if shape.geom_type not in ("Polygon", "LineString", "Point"):
            return None
        geos = GEOSGeometry(shape.wkt, srid=self.srid)
        geos.transform(4326)
        accepted = accept_geometry(json.loads(geos.json), place=self.site.town)
        return DrawnElement(kind, accepted)

    def elements(self, layout: Layout) -> list[DrawnElement]:
        """Zones made disjoint (earlier ones win), then paths, then objects."""
        drawn: list[DrawnElement | None] = []
        taken: BaseGeometry = shapely.Polygon()
        for kind, (u0, v0, u1, v1) in layout.zones:
            (x0, y0), (x1, y1) = self._xy(u0, v0), self._xy(u1, v1)
            if abs(x1 - x0) < 1 or abs(y1 - y0) < 1:
                continue
            zone = box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
            # A metre of margin: neighbouring uses may touch, never overlap.
            free = zone.difference(taken.buffer(1.0))
            taken = taken.union(zone)
            drawn.append(self._element(kind, free))
        for kind, line in layout.paths:
            drawn.append(self._element(kind, LineString([self._xy(*p) for p in line])))
        for kind, (u, v) in layout.objects:
            drawn.append(self._element(kind, Point(self._xy(u, v))))
        return [d for d in drawn if d is not None]


def _language(author: User) -> str:
    """Concepts are titled in their author's language (Kazakh or Russian)."""
    return "kk" if author.preferred_language == "kk" else "ru"


def _submit(
    session: DesignSession,
    author: User,
    title: str,
    elements: list[DrawnElement],
    *,
    team: str = "",
) -> None:
    concept = concept_create(session=session, author=author, title=title, team=team)
    concept_save(concept=concept, author=author, elements=elements)
    concept_submit(concept=concept, author=author)


def load_design(demo: Demo) -> None:
    """Add the forum's design session with the plan and the concepts, if missing."""
    site = Site.objects.filter(town=demo.town, slug=SITE).first()
    if site is None or DesignSession.objects.filter(site=site, slug=SESSION).exists():
        return
    today = timezone.localdate()
    session = design_session_create(
        site=site,
        slug=SESSION,
        titles={
            "kk": "Қараусыз қалған саябақты бірге жобалау",
            "ru": "Соучаствующее проектирование запустевшего парка",
            "en": "Co-designing the neglected park",
        },
        briefs={
            "kk": "Tugan Qala форумында тұрғындар қараусыз қалған скверді бірге "
            "жобалады. Өз нұсқаңызды сызыңыз: көгал, ойын алаңы, жолдар, орындықтар.",
            "ru": "На форуме Tugan Qala жители вместе проектировали запустевший "
            "сквер. Нарисуйте свой вариант: зелень, детская площадка, дорожки, "
            "скамейки.",
            "en": "At the Tugan Qala forum residents designed the neglected square "
            "together. Draw your own: green space, a playground, paths, benches.",
        },
        starts=today - dt.timedelta(days=20),
        ends=today + dt.timedelta(days=40),
        unit_costs=UNIT_COSTS,
    )
    demo.counts["design sessions"] += 1
    drawing = Drawing(site)
    rng = random.Random("birge-demo-design")
    plan = _plan()
    official_plan_upload(
        session=session,
        author=demo.akimat,
        elements=drawing.elements(plan),
        title="Акимат: благоустройство сквера",
    )
    demo.counts["concepts"] += 1
    people = demo.residents
    for index, workshop in enumerate(WORKSHOPS):
        layout = _varied(plan, rng, shift=0.03 + 0.02 * index, swaps={})
        author = people[index + 1]
        _submit(
            session,
            author,
            workshop.title[_language(author)],
            drawing.elements(layout),
            team=workshop.team,
        )
        demo.counts["concepts"] += 1
    for index, ((style, shift, options), titles) in enumerate(
        zip(RESIDENT_STYLES, RESIDENT_TITLES, strict=True)
    ):
        author = people[(index + 3) % len(people)]
        if style == "other":
            layout = _other(rng, options["theme"])
        else:
            layout = _varied(plan, rng, shift=shift, swaps=options)
        title = titles[_language(author)]
        _submit(session, author, title, drawing.elements(layout))
        demo.counts["concepts"] += 1
