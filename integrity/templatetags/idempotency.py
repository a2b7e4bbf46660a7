"""``{% idempotency_field %}``: a fresh key in every form that creates something."""

from __future__ import annotations

import uuid

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from ..keys import FIELD

register = template.Library()


@register.simple_tag
def idempotency_field() -> SafeString:
    """A hidden field with a new UUID: sending this page's form twice creates once."""
    return format_html(
        '<input type="hidden" name="{}" value="{}">', FIELD, uuid.uuid4()
    )
