"""Settings of the concern import, prefixed BIRGE_IMPORT_ (fail fast on bad values).

``BIRGE_IMPORT_MAX_BYTES`` (25 MB), ``…_MAX_ROWS`` (50 000), ``…_MAX_ZIP_MEMBERS``,
``…_MAX_UNZIPPED_BYTES`` and ``…_MAX_ZIP_RATIO`` bound the file (see
``mapping.files.ReadLimits``); ``…_INLINE`` runs the row check in the request
instead of a thread (tests); ``…_CHUNK_ROWS`` rows are committed at a time;
a check whose heartbeat is older than ``…_STALE_SECONDS`` is restarted.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from mapping.files import ReadLimits

PREFIX = "BIRGE_IMPORT_"


def import_limits() -> ReadLimits:
    """How large a file of concerns may be, read from settings on each call."""
    return ReadLimits.from_settings(PREFIX)


@dataclass(frozen=True)
class WorkerSettings:
    inline: bool
    chunk_rows: int
    stale_seconds: int


def worker_settings() -> WorkerSettings:
    """How the row check runs, read from settings on each call (tests override)."""
    inline = getattr(settings, f"{PREFIX}INLINE", False)
    if not isinstance(inline, bool):
        raise ImproperlyConfigured(f"{PREFIX}INLINE must be True or False")
    numbers = {}
    for name, default in (("chunk_rows", 500), ("stale_seconds", 30)):
        value = getattr(settings, f"{PREFIX}{name.upper()}", default)
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise ImproperlyConfigured(
                f"{PREFIX}{name.upper()} must be a whole number above 0"
            )
        numbers[name] = value
    return WorkerSettings(inline=inline, **numbers)
