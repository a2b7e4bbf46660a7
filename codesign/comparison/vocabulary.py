"""The kinds of element a concept is drawn with: zones, paths and objects."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Family = Literal["zone", "path", "object"]

FAMILIES: tuple[Family, ...] = ("zone", "path", "object")

# The GeoJSON geometry types each family accepts.
GEOMETRY_TYPES: dict[Family, frozenset[str]] = {
    "zone": frozenset({"Polygon", "MultiPolygon"}),
    "path": frozenset({"LineString", "MultiLineString"}),
    "object": frozenset({"Point", "MultiPoint"}),
}


@dataclass(frozen=True)
class Kind:
    """One kind of element: its slug, family, names in kk/ru/en, colour and symbol."""

    slug: str
    family: Family
    names: dict[str, str]
    colour: str
    symbol: str

    def name(self, language: str) -> str:
        """The name in a language, falling back to English."""
        return self.names.get(language, self.names["en"])


def _kind(
    slug: str, family: Family, kk: str, ru: str, en: str, colour: str, symbol: str
) -> Kind:
    return Kind(slug, family, {"kk": kk, "ru": ru, "en": en}, colour, symbol)


KINDS: tuple[Kind, ...] = (
    _kind("green", "zone", "Көгал", "Озеленение", "Green space", "#4caf50", "park"),
    _kind(
        "playground",
        "zone",
        "Балалар алаңы",
        "Детская площадка",
        "Playground",
        "#ff9800",
        "playground",
    ),
    _kind(
        "sport",
        "zone",
        "Спорт алаңы",
        "Спортивная площадка",
        "Sports ground",
        "#e53935",
        "pitch",
    ),
    _kind("plaza", "zone", "Алаң", "Площадь", "Plaza", "#bdbdbd", "square"),
    _kind("water", "zone", "Су айдыны", "Водоём", "Water", "#2196f3", "water"),
    _kind("parking", "zone", "Көлік тұрағы", "Парковка", "Parking", "#607d8b", "car"),
    _kind("building", "zone", "Ғимарат", "Здание", "Building", "#795548", "building"),
    _kind("garden", "zone", "Бақ", "Сад", "Garden", "#8bc34a", "garden"),
    _kind(
        "footpath",
        "path",
        "Жаяу жүргінші жолы",
        "Пешеходная дорожка",
        "Footpath",
        "#6d4c41",
        "pedestrian",
    ),
    _kind(
        "cyclepath",
        "path",
        "Велосипед жолы",
        "Велодорожка",
        "Cycle path",
        "#00897b",
        "bicycle",
    ),
    _kind("bench", "object", "Орындық", "Скамейка", "Bench", "#5d4037", "bench"),
    _kind("tree", "object", "Ағаш", "Дерево", "Tree", "#2e7d32", "tree"),
    _kind("lamp", "object", "Көше шамы", "Фонарь", "Street lamp", "#fbc02d", "lamp"),
    _kind("bin", "object", "Қоқыс жәшігі", "Урна", "Litter bin", "#424242", "bin"),
    _kind("art", "object", "Өнер нысаны", "Арт-объект", "Art object", "#9c27b0", "art"),
)

BY_SLUG: dict[str, Kind] = {kind.slug: kind for kind in KINDS}


def kinds_of(family: Family) -> tuple[str, ...]:
    """The slugs of one family, in vocabulary order."""
    return tuple(kind.slug for kind in KINDS if kind.family == family)


ZONE_KINDS = kinds_of("zone")
PATH_KINDS = kinds_of("path")
OBJECT_KINDS = kinds_of("object")


def kind(slug: str) -> Kind:
    """The kind with this slug; KeyError if there is none."""
    return BY_SLUG[slug]
