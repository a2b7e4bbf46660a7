"""What an uploaded plan really is, told by its content, and what it must not hold.

Runs before GDAL reads any layer: the extension only has to agree with the
content. The generic checks (sniffing, XML entities, KML NetworkLinks, GeoPackage
views and virtual tables) live in ``mapping.files``; this module says which of
those formats a plan may be and words the refusals for the plan's form.
"""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext as _

from mapping import files

from .refusals import refusal

PlanFormat = files.FileFormat

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
    with files.refused_as("plan"):
        return files.match_format(
            _by_content(head),
            filename,
            FORMATS,
            words={
                "zip": _(
                    "a ZIP archive (for example KMZ or a zipped shapefile): unpack "
                    "it and upload the file inside, or export the plan as one of "
                    "the formats below"
                ),
            },
            otherwise=_("none of GeoJSON, GeoPackage, KML or DXF"),
        )


def check_content(plan_format: PlanFormat, path: Path) -> None:
    """Refuse what a file of this format must not hold, before its layers are read.

    The path carries the format's extension: GDAL warns about a GeoPackage without.
    """
    with files.refused_as("plan"):
        if plan_format.slug == "kml":
            files.check_kml(path.read_bytes())
        elif plan_format.slug == "gpkg":
            files.check_geopackage(path)


def _by_content(head: bytes) -> str | None:
    """A format slug, a word for a known unreadable kind ("zip"), or None."""
    kind = files.content_kind(head)
    return None if kind == "text" else kind
