"""A cell's text as a value: numbers with either decimal mark, dates as people and
Excel write them, yes and no in three languages."""

from __future__ import annotations

import datetime
import re

from .columns import PRIVATE_INDEX, key

_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_DMY = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4}|\d{2})(?:[ T].*)?$")
_YMD = re.compile(r"^(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?:[ T].*)?$")
_SERIAL = re.compile(r"^\d{5}(?:[.,]\d+)?$")
# Excel counts days from 1899-12-30 (its 1900 leap-year bug included).
EXCEL_EPOCH = datetime.date(1899, 12, 30)
SERIAL_RANGE = (20_000, 80_000)  # 1954 to 2119: plausible dates of a concern


def number(text: str) -> float | None:
    """52.045, 52,045, " 52.045° " -> 52.045; anything else None."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").rstrip("°")
    if not _NUMBER.match(cleaned):
        return None
    return float(cleaned.replace(",", "."))


def whole_number(text: str) -> int | None:
    value = number(text)
    if value is None or not value.is_integer():
        return None
    return int(value)


def date(text: str) -> datetime.date | None:
    """ISO (2025-01-31, with a time too), 31.01.2025, 31/01/2025, an Excel serial."""
    text = text.strip()
    try:
        match = _YMD.match(text)
        if match:
            return datetime.date(int(match[1]), int(match[2]), int(match[3]))
        match = _DMY.match(text)
        if match:
            year = int(match[3])
            year += 2000 if year < 100 else 0
            return datetime.date(year, int(match[2]), int(match[1]))
    except ValueError:
        return None
    if _SERIAL.match(text):
        serial = float(text.replace(",", "."))
        if SERIAL_RANGE[0] <= serial < SERIAL_RANGE[1]:
            return EXCEL_EPOCH + datetime.timedelta(days=int(serial))
    return None


def flag(text: str) -> bool | None:
    """Yes or no in en/ru/kk (true/да/иә, false/нет/жоқ, 1/0), or None."""
    return PRIVATE_INDEX.get(key(text))
