"""A person's preferred language, applied to the pages they are about to see.

Birge's pages carry their language in the URL (/kk/, /ru/, /en/); a bare "/"
goes by the language cookie. Applying a language therefore means sending the
person on to the same page in that language and setting the cookie.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.urls import translate_url
from django.utils import translation


def apply_language(
    request: HttpRequest, response: HttpResponseBase, language: str
) -> HttpResponseBase:
    """Make `language` the language of this visit: its redirect, the cookie, now."""
    if language not in dict(settings.LANGUAGES):
        return response
    location = response.get("Location")
    if location:
        # Before activating: the path resolves in the language it is written in.
        response["Location"] = translate_url(location, language)
    translation.activate(language)
    request.LANGUAGE_CODE = language
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
