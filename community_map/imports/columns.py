"""Which column holds what: Birge's fields, the header words that name them, and the
words in kk/ru/en that name a category, a source or a status."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from django.db.models import TextChoices
from django.utils import translation
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

from ..models import ConcernCategory, ConcernSource, ConcernStatus


@dataclass(frozen=True)
class Field:
    """A Birge field a column can be mapped to."""

    slug: str
    label: _StrPromise
    headers: tuple[str, ...]  # header words (normalised by ``key``)
    required: bool = False


FIELDS: tuple[Field, ...] = (
    Field("lat", _("Latitude"), ("lat", "latitude", "широта", "ендік", "y")),
    Field(
        "lon",
        _("Longitude"),
        ("lon", "lng", "long", "longitude", "долгота", "бойлық", "x"),
    ),
    Field(
        "wkt",
        _("Location as WKT"),
        ("wkt", "geometry", "geom", "thegeom", "shape", "геометрия", "геометрия"),
    ),
    Field(
        "category",
        _("Category"),
        ("category", "категория", "санат", "type", "тип", "тема", "topic"),
        required=True,
    ),
    Field(
        "date",
        _("Date"),
        ("date", "дата", "күні", "күн", "reportedon", "датаобращения", "kuni"),
        required=True,
    ),
    Field(
        "text",
        _("Text"),
        (
            "text",
            "текст",
            "описание",
            "сипаттама",
            "мәтін",
            "description",
            "comment",
            "комментарий",
            "обращение",
            "concern",
        ),
        required=True,
    ),
    Field(
        "source", _("Source"), ("source", "источник", "дереккөз", "channel", "канал")
    ),
    Field("status", _("Status"), ("status", "статус", "мәртебе", "күйі")),
    Field(
        "external_id",
        _("Id in your table"),
        ("id", "externalid", "номер", "№", "number", "nr", "no", "код", "code"),
    ),
    Field(
        "precision",
        _("Precision, m"),
        ("precision", "precisionm", "accuracy", "точность", "дәлдік"),
    ),
    Field(
        "private",
        _("Raised by a private person"),
        ("private", "частное", "частный", "жеке", "приватный"),
    ),
    Field(
        "community",
        _("Community"),
        ("community", "сообщество", "қауымдастық", "organisation", "организация"),
    ),
)
LANGUAGES = ("en", "ru", "kk")
FIELD_SLUGS = tuple(f.slug for f in FIELDS)
_SEPARATORS = re.compile(r"[\s_\-.:,;()\[\]/\\'\"«»“”]+")


def key(text: str) -> str:
    """A header or a value reduced for comparison: case, ё, spaces, punctuation."""
    return _SEPARATORS.sub("", text.casefold().replace("ё", "е"))


def guess_mapping(columns: Iterable[str], geometry_column: str = "") -> dict[str, str]:
    """Field slug -> column, for every field whose header word a column uses."""
    by_key: dict[str, str] = {}
    for column in columns:
        by_key.setdefault(key(column), column)
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for field in FIELDS:
        for word in field.headers:
            found = by_key.get(key(word))
            if found is not None and found not in taken:
                mapping[field.slug] = found
                taken.add(found)
                break
    if geometry_column:
        mapping["wkt"] = geometry_column
    if "wkt" in mapping and not ("lat" in mapping and "lon" in mapping):
        mapping.pop("lat", None)
        mapping.pop("lon", None)
    return mapping


# Words people write for each choice, besides its code and its English label.
CATEGORY_WORDS: dict[str, tuple[str, ...]] = {
    "yards": ("yard", "двор", "дворы", "благоустройство двора", "аула", "ауласы"),
    "lighting": (
        "light",
        "street light",
        "освещение",
        "уличное освещение",
        "свет",
        "фонари",
        "жарық",
        "жарықтандыру",
        "көше жарығы",
    ),
    "transport": (
        "public transport",
        "bus",
        "транспорт",
        "общественный транспорт",
        "автобус",
        "көлік",
        "қоғамдық көлік",
    ),
    "snow": (
        "snow",
        "снег",
        "уборка снега",
        "вывоз снега",
        "снегоуборка",
        "қар",
        "қар тазалау",
    ),
    "heating": ("heat", "отопление", "тепло", "теплоснабжение", "жылу", "жылыту"),
    "roads": (
        "road",
        "roads",
        "pavement",
        "pavements",
        "дороги",
        "дорога",
        "тротуар",
        "тротуары",
        "дороги и тротуары",
        "жол",
        "жолдар",
    ),
    "air": ("air", "воздух", "качество воздуха", "ауа", "ауа сапасы"),
    "water": ("water", "вода", "водоснабжение", "су", "сумен жабдықтау"),
    "waste": (
        "rubbish",
        "garbage",
        "waste",
        "мусор",
        "вывоз мусора",
        "қоқыс",
        "қоқыс шығару",
    ),
    "green": (
        "parks",
        "trees",
        "green",
        "озеленение",
        "парки",
        "деревья",
        "парки и деревья",
        "көгалдандыру",
        "саябақ",
        "ағаштар",
    ),
    "other": ("другое", "прочее", "басқа"),
}
SOURCE_WORDS: dict[str, tuple[str, ...]] = {
    "hotline": (
        "горячая линия",
        "телефон доверия",
        "звонок",
        "call",
        "phone",
        "ыстық желі",
        "сенім телефоны",
    ),
    "whatsapp": ("whats app", "ватсап", "вотсап", "вацап"),
    "survey": ("опрос", "анкета", "анкетирование", "сауалнама"),
    "focus_group": ("focus group", "фокус-группа", "фокус группа", "фокус-топ"),
    "brainstorm": ("мозговой штурм", "брейншторм", "ми шабуылы"),
    "reception": (
        "public reception",
        "приемная",
        "прием",
        "общественная приемная",
        "қабылдау",
        "қоғамдық қабылдау",
    ),
    "web": ("web form", "сайт", "веб", "веб-форма", "онлайн", "online"),
}
STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "new": ("новое", "новая", "новый", "жаңа", "open", "открыто"),
    "forwarded": ("передано", "направлено", "перенаправлено", "жіберілді"),
    "answered": ("отвечено", "дан ответ", "ответ дан", "жауап берілді"),
    "resolved": ("решено", "решена", "выполнено", "закрыто", "closed", "шешілді"),
}
PRIVATE_WORDS: dict[bool, tuple[str, ...]] = {
    True: ("true", "yes", "1", "да", "иә", "private", "частное", "жеке", "y"),
    False: ("false", "no", "0", "нет", "жоқ", "public", "публичное", "ашық", "n"),
}


CHOICES: dict[str, tuple[type[TextChoices], dict[str, tuple[str, ...]]]] = {
    "category": (ConcernCategory, CATEGORY_WORDS),
    "source": (ConcernSource, SOURCE_WORDS),
    "status": (ConcernStatus, STATUS_WORDS),
}
PRIVATE_INDEX = {key(w): flag for flag, words in PRIVATE_WORDS.items() for w in words}


@cache
def _index(field: str) -> dict[str, str]:
    """Every word for every choice: code, its label in kk/ru/en, the words above."""
    choices, words = CHOICES[field]
    index: dict[str, str] = {}
    for value, label in choices.choices:
        index[key(value)] = value
        for language in LANGUAGES:
            with translation.override(language):
                index.setdefault(key(str(label)), value)
        for word in words.get(value, ()):
            index[key(word)] = value
    return index


def choice_named(field: str, text: str) -> str | None:
    """The code a cell names for a category, source or status, or None."""
    return _index(field).get(key(text))
