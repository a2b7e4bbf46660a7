"""How much an uploaded file may hold, from prefixed settings that fail fast.

Each app reads the same ``ReadLimits`` under its own prefix (the concern import
uses ``BIRGE_IMPORT_``): ``BIRGE_IMPORT_MAX_BYTES``, ``…_MAX_ROWS``, ``…_MAX_COLUMNS``,
``…_MAX_ZIP_MEMBERS``, ``…_MAX_UNZIPPED_BYTES`` and ``…_MAX_ZIP_RATIO``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class ReadLimits:
    """The largest file read, its rows, and what a ZIP (or XLSX) may unpack to."""

    max_bytes: int = 25 * 1024 * 1024
    max_rows: int = 50_000
    # A table of concerns has a dozen columns; spreadsheets stop at 16 384.
    max_columns: int = 500
    max_zip_members: int = 100
    max_unzipped_bytes: int = 200 * 1024 * 1024
    # Ordinary files deflate 2-20 times; zip bombs thousands of times.
    max_zip_ratio: int = 200
    prefix: str = "BIRGE_FILE_"

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "prefix":
                continue
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ImproperlyConfigured(
                    f"{self.prefix}{f.name.upper()} must be a whole number above 0"
                )

    @classmethod
    def from_settings(cls, prefix: str) -> ReadLimits:
        """The limits in force under a prefix, read on each call (tests override)."""
        overrides: dict[str, object] = {
            f.name: getattr(settings, f"{prefix}{f.name.upper()}")
            for f in fields(cls)
            if f.name != "prefix" and hasattr(settings, f"{prefix}{f.name.upper()}")
        }
        return cls(prefix=prefix, **overrides)  # type: ignore[arg-type]
