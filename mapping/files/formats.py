"""Which format an upload is: its content decides, its name has to agree.

Shared by every upload (the co-design plans, the concern tables): each passes
the formats it reads and words for the kinds it refuses; the refusals are worded
here once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from django.utils.translation import gettext as _

from .refusals import refusal

# The registered media types of the formats Birge writes, named once for every export.
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "dxf": "image/vnd.dxf",
    "geojson": "application/geo+json",
    "gpkg": "application/geopackage+sqlite3",
    "kml": "application/vnd.google-earth.kml+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}


@dataclass(frozen=True)
class FileFormat:
    """A format a kind of upload is read from."""

    slug: str
    name: str
    extensions: tuple[str, ...]


def _known_kinds() -> dict[str, str]:
    """Contents recognised but read by no upload, as a person would name them."""
    return {
        "sqlite": _("an SQLite database, but not a GeoPackage"),
        "xml": _("XML, but not KML (GPX and GML are not read)"),
        "utf16": _("text in UTF-16: save it as UTF-8"),
    }


def by_extension(filename: str, formats: dict[str, FileFormat]) -> FileFormat | None:
    suffix = PurePath(filename).suffix.casefold()
    return next((f for f in formats.values() if suffix in f.extensions), None)


def match_format(
    kind: str | None,
    filename: str,
    formats: dict[str, FileFormat],
    *,
    words: dict[str, str],
    otherwise: str,
) -> FileFormat:
    """The format the content (``kind``) is, or a refusal saying what it is instead.

    ``words`` name the kinds this upload refuses beyond the common ones;
    ``otherwise`` describes content nobody recognised.
    """
    shown = PurePath(filename).name[:80]
    named = by_extension(filename, formats)
    if kind not in formats:
        what = {**_known_kinds(), **words}.get(kind or "", otherwise)
        if named is not None:
            refusal(
                "not_what_it_says",
                _(
                    "“%(file)s” is named as a %(named)s file, but its content is %(what)s."
                )
                % {"file": shown, "named": named.name, "what": what},
            )
        refusal(
            "unknown_format",
            _("Birge cannot read “%(file)s”: its content is %(what)s.")
            % {"file": shown, "what": what},
        )
    found = formats[kind]
    if named is not None and named != found:
        refusal(
            "not_what_it_says",
            _(
                "“%(file)s” is named as a %(named)s file, but its content is "
                "%(found)s. Give the file its right extension, or export it again."
            )
            % {"file": shown, "named": named.name, "found": found.name},
        )
    return found
