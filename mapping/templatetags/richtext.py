"""``{{ text|richtext }}``: organisers' descriptions as sanitised HTML."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from mapping.richtext import render

register = template.Library()


@register.filter(name="richtext")
def richtext(value: object) -> SafeString:
    """Clean the text again with nh3 (defence in depth) and mark it safe."""
    return render("" if value is None else str(value))
