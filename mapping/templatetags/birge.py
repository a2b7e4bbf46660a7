"""Template helpers shared by every page."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """The current page in each language: code, own name, URL, whether active."""
    request = context["request"]
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": translate_url(request.get_full_path(), code),
                "active": code == current,
            }
        )
    return links


@register.filter
def hectares(area) -> float | None:
    """An Area measure in hectares (format it with floatformat)."""
    return area.sq_m / 10_000 if area is not None else None
