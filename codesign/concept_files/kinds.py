"""Which kind a feature is, from its code or its name in Kazakh, Russian or English."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.utils.translation import gettext as _

from mapping.languages import active_language

from ..comparison.vocabulary import KINDS, kind


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


_BY_NAME: dict[str, str] = {
    _key(name): k.slug for k in KINDS for name in (k.slug, *k.names.values())
}


def kind_named(value: Any) -> str | None:
    """The slug of the kind a text names (slug or kk/ru/en name, any case), or None."""
    if not isinstance(value, str):
        return None
    return _BY_NAME.get(_key(value))


def unknown_kind(value: Any, *, palette: Collection[str], source: str) -> str:
    """Why a value is not a kind this session uses, with what to write instead."""
    example = next(iter(palette), "green")
    if value is None or (isinstance(value, str) and not value.strip()):
        return _(
            "it has no kind. Put the kind in its %(source)s, for example “%(example)s”."
        ) % {"source": source, "example": example}
    slug = kind_named(value)
    if slug is not None:
        return _(
            "“%(value)s” (%(name)s) is not in this session's palette. Use one of "
            "the kinds listed on the upload page."
        ) % {"value": value, "name": kind(slug).name(active_language())}
    return _(
        "“%(value)s” is not a kind of element. Write a kind's code or its name "
        "in Kazakh, Russian or English, for example “%(example)s” or “%(name)s”."
    ) % {
        "value": str(value)[:80],
        "example": example,
        "name": kind(example).name(active_language()),
    }
