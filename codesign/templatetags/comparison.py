"""Numbers of the concept comparison, formatted for people."""

from __future__ import annotations

from django import template
from django.utils import formats
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def percent(value: float | None, digits: int = 0) -> str:
    """0.4567 -> "46 %" in the page's number format; None -> an en dash."""
    if value is None:
        return "–"
    return f"{formats.number_format(value * 100, digits)} %"


@register.filter
def metres(value: float | None) -> str:
    """A distance or length in metres, rounded to whole metres; None -> an en dash."""
    if value is None:
        return "–"
    amount = formats.number_format(value, 0, force_grouping=True)
    return _("%(amount)s m") % {"amount": amount}


@register.filter
def sortable(value: float | int | None) -> str:
    """The value a sortable column sorts by (empty for a missing value)."""
    return "" if value is None else repr(float(value))


@register.filter
def cell(row: list[float], index: int) -> float:
    """The index-th value of a row (templates cannot index by a variable)."""
    return row[index]


@register.filter
def share_width(value: float | None) -> str:
    """A share in [0, 1] as an SVG width in percent ("0" for a missing value)."""
    if value is None:
        return "0"
    return f"{max(0.0, min(1.0, float(value))) * 100:.1f}%"
