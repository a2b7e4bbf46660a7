"""Sums of money as a person reads them in their language."""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext as _


def tenge(amount: int, currency: str = "KZT") -> str:
    """9000000 → "9 000 000 ₸" (digits grouped as the active language groups them).

    Imported foreign campaigns keep their currency: "1 000 000 PLN".
    """
    number = formats.number_format(amount, decimal_pos=0, force_grouping=True)
    if currency != "KZT":
        return f"{number} {currency}"
    return _("%(amount)s ₸") % {"amount": number}
