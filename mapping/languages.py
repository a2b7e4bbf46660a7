"""The languages Birge speaks, in the order of settings.LANGUAGES (kk, ru, en)."""

from django.conf import settings

LANGUAGE_CODES: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)
