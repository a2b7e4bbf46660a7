"""The languages Birge speaks, in the order of settings.LANGUAGES (kk, ru, en)."""

from collections.abc import Mapping

from django.conf import settings
from django.utils.translation import get_language

LANGUAGE_CODES: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)


def set_translations(obj: object, field: str, values: Mapping[str, str]) -> None:
    """Set field_kk, field_ru, field_en from {"kk": ..., "ru": ..., "en": ...}."""
    for code in LANGUAGE_CODES:
        setattr(obj, f"{field}_{code}", (values.get(code) or "").strip())


def active_language() -> str:
    """The active language's code (kk, ru or en), the default when it is another."""
    code = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return code if code in LANGUAGE_CODES else settings.LANGUAGE_CODE
