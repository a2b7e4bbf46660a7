"""Residency checks for voting: the Kazakh IIN and one-time voting codes.

Neither is ever stored in clear: a voter is known by a keyed hash (HMAC-SHA256
with ``BIRGE_VOTER_HASH_KEY``) that includes the campaign, so the same person
cannot be linked across campaigns by their key.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from hashlib import sha256

from django.conf import settings
from django.utils.translation import gettext as _

from .errors import ActionRefused

_WEIGHTS = (tuple(range(1, 12)), (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2))
# The seventh digit gives the century of birth (and sex): 1-2 → 1800s, 3-4 → 1900s,
# 5-6 → 2000s.
_CENTURY = {"1": 1800, "2": 1800, "3": 1900, "4": 1900, "5": 2000, "6": 2000}
# Crockford's base 32 without look-alikes (no I, L, O, U): easy to read aloud.
_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def iin_check_digit(first_eleven: str) -> int | None:
    """The 12th digit of an IIN, or None when no check digit is possible."""
    digits = [int(c) for c in first_eleven]
    for weights in _WEIGHTS:
        remainder = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if remainder != 10:
            return remainder
    return None


def clean_iin(raw: str) -> str:
    """The IIN as 12 digits, or ActionRefused saying what is wrong with it."""
    iin = "".join(raw.split())
    if not (len(iin) == 12 and iin.isascii() and iin.isdigit()):
        raise ActionRefused(
            "iin_format", _("An IIN is 12 digits."), status=400, field="iin"
        )
    century = _CENTURY.get(iin[6])
    try:
        if century is None:
            raise ValueError
        dt.date(century + int(iin[:2]), int(iin[2:4]), int(iin[4:6]))
    except ValueError:
        raise ActionRefused(
            "iin_birth_date",
            _("The first seven digits of this IIN do not make a date of birth."),
            status=400,
            field="iin",
        ) from None
    if iin_check_digit(iin[:11]) != int(iin[11]):
        raise ActionRefused(
            "iin_check_digit",
            _("This IIN's last digit does not match: please check it for a typo."),
            status=400,
            field="iin",
        )
    return iin


def _keyed(campaign_id: int, kind: str, value: str) -> str:
    key = settings.BIRGE_VOTER_HASH_KEY.encode()
    message = f"{campaign_id}:{kind}:{value}".encode()
    return hmac.new(key, message, sha256).hexdigest()


def iin_voter_key(campaign_id: int, iin: str) -> str:
    """The voter key of a (clean) IIN in one campaign."""
    return _keyed(campaign_id, "iin", iin)


def normalise_code(raw: str) -> str:
    """A voting code as typed (any case, spaces, dashes, O for 0) made canonical."""
    code = "".join(c for c in raw.upper() if c.isalnum())
    return code.translate(str.maketrans("OIL", "011"))


def code_hash(campaign_id: int, code: str) -> str:
    return _keyed(campaign_id, "code", normalise_code(code))


def code_voter_key(campaign_id: int, code: str) -> str:
    return _keyed(campaign_id, "code-voter", normalise_code(code))


def new_code() -> str:
    """A fresh 10-character code (50 bits), printed as XXXXX-XXXXX."""
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"
