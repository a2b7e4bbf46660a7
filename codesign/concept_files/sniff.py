"""What an uploaded plan really is, told by its content, and what it must not hold.

Runs before GDAL reads any layer: the extension only has to agree with the
content. The generic checks (sniffing, XML entities, KML NetworkLinks, GeoPackage
views and virtual tables) live in ``mapping.files``; this module says which of
those formats a plan may be and words the refusals for the plan's form.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePath

from django.utils.translation import gettext as _

from mapping import files

from .refusals import refusal


@dataclass(frozen=True)
class PlanFormat:
    """A file format plans are read from."""

    slug: str
    name: str
    extensions: tuple[str, ...]


FORMATS: dict[str, PlanFormat] = {
    f.slug: f
    for f in (
        PlanFormat("geojson", "GeoJSON", (".geojson", ".json")),
        PlanFormat("gpkg", "GeoPackage", (".gpkg",)),
        PlanFormat("kml", "KML", (".kml",)),
        PlanFormat("dxf", "DXF", (".dxf",)),
    )
}


def sniff(path: Path, filename: str) -> PlanFormat:
    """The format of the file at path, or a refusal saying why it cannot be read."""
    head = files.head_of(path)
    if files.is_blank(head):
        refusal("empty_file", _("The file is empty: export the plan again."))
    found = _by_content(head)
    named = _by_extension(filename)
    shown = PurePath(filename).name[:80]
    if found is None or found not in FORMATS:
        what = {
            "zip": _(
                "a ZIP archive (for example KMZ or a zipped shapefile): unpack it "
                "and upload the file inside, or export the plan as one of the "
                "formats below"
            ),
            "sqlite": _("an SQLite database, but not a GeoPackage"),
            "xml": _("XML, but not KML (GPX and GML are not read)"),
            "utf16": _("text in UTF-16: save it as UTF-8"),
        }.get(found or "", _("none of GeoJSON, GeoPackage, KML or DXF"))
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
    plan_format = FORMATS[found]
    if named is not None and named != plan_format:
        refusal(
            "not_what_it_says",
            _(
                "“%(file)s” is named as a %(named)s file, but its content is "
                "%(found)s. Give the file its right extension, or export it again."
            )
            % {"file": shown, "named": named.name, "found": plan_format.name},
        )
    return plan_format


def check_content(plan_format: PlanFormat, path: Path) -> None:
    """Refuse what a file of this format must not hold, before its layers are read.

    The path carries the format's extension: GDAL warns about a GeoPackage without.
    """
    with files.refused_as("plan"):
        if plan_format.slug == "kml":
            files.check_kml(path.read_bytes())
        elif plan_format.slug == "gpkg":
            files.check_geopackage(path)


def _by_extension(filename: str) -> PlanFormat | None:
    suffix = PurePath(filename).suffix.casefold()
    return next((f for f in FORMATS.values() if suffix in f.extensions), None)


def _by_content(head: bytes) -> str | None:
    """A format slug, a word for a known unreadable kind ("zip"), or None."""
    kind = files.content_kind(head)
    return None if kind == "text" else kind
