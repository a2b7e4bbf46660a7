"""What an uploaded file really is, told by its content, and what it must not hold.

Runs before GDAL reads any layer: the extension only has to agree with the
content; XML with a DOCTYPE or entities (external entities, entity bombs) and
KML that links to other files are refused, and so are GeoPackages with views or
virtual tables (SQL that GDAL would run while reading a layer). The GeoPackage's
schema is listed through GDAL's own SQL on ``sqlite_master``, which reads no layer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePath

import pyogrio
from django.utils.translation import gettext as _
from pyogrio.errors import DataLayerError, DataSourceError

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
HEAD_BYTES = 4096
_SQLITE = b"SQLite format 3\x00"
_GEOPACKAGE_IDS = (b"GPKG", b"GP10", b"GP11")  # SQLite application_id at byte 68
_BINARY_DXF = b"AutoCAD Binary DXF\r\n\x1a\x00"
_TEXT_DXF = re.compile(rb"\A\s*(?:999\r?\n[^\n]*\n\s*)*0\r?\n\s*SECTION\s")
_KML_ROOT = re.compile(rb"<(?:[\w.-]+:)?kml[\s>]")
_DECLARATION = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_NETWORK_LINK = re.compile(rb"<(?:[\w.-]+:)?NetworkLink[\s>/]")
_VIRTUAL_TABLE = re.compile(r"^\s*CREATE\s+VIRTUAL\s+TABLE", re.IGNORECASE)
_RTREE = re.compile(r"\bUSING\s+rtree\s*\(", re.IGNORECASE)


def sniff(path: Path, filename: str) -> PlanFormat:
    """The format of the file at path, or a refusal saying why it cannot be read."""
    with path.open("rb") as stream:
        head = stream.read(HEAD_BYTES)
    if not head.lstrip(b" \t\r\n\x00").removeprefix(b"\xef\xbb\xbf").strip():
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
    if plan_format.slug == "kml":
        check_kml(path.read_bytes())
    elif plan_format.slug == "gpkg":
        check_geopackage(path)


def _by_extension(filename: str) -> PlanFormat | None:
    suffix = PurePath(filename).suffix.casefold()
    return next((f for f in FORMATS.values() if suffix in f.extensions), None)


def _by_content(head: bytes) -> str | None:
    """A format slug, a word for a known unreadable kind ("zip"), or None."""
    if head.startswith(_SQLITE):
        return "gpkg" if head[68:72] in _GEOPACKAGE_IDS else "sqlite"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(_BINARY_DXF):
        return "dxf"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf16"
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if text.startswith((b"{", b"[")):  # GeoJSON's reader says what is wrong
        return "geojson"
    if text.startswith(b"<"):
        return "kml" if _KML_ROOT.search(head) else "xml"
    if _TEXT_DXF.match(text):
        return "dxf"
    return None


def check_kml(data: bytes) -> None:
    """Refuse XML that declares a DOCTYPE or entities, or KML linking elsewhere."""
    if b"\x00" in data:
        refusal(
            "kml_encoding",
            _("The KML file is not UTF-8 text: save it as UTF-8 and upload it again."),
        )
    if _DECLARATION.search(data):
        refusal(
            "xml_declarations",
            _(
                "The KML file declares a DOCTYPE or entities. They can make a "
                "reader fetch other files, so Birge does not read them: export "
                "the plan again without them."
            ),
        )
    if _NETWORK_LINK.search(data):
        refusal(
            "kml_network_link",
            _(
                "The KML file links to other files (NetworkLink). Birge reads "
                "only what is in the file itself: export the plan as one file."
            ),
        )


def check_geopackage(path: Path) -> None:
    """Refuse GeoPackages with views or non-index virtual tables (SQL run on read)."""
    try:
        result = pyogrio.raw.read(
            path,
            sql="SELECT type, name, sql FROM sqlite_master",
            read_geometry=False,
        )
    except (DataSourceError, DataLayerError):
        refusal("unreadable", _("The GeoPackage is damaged and cannot be read."))
    rows = zip(*result[3], strict=True)  # (meta, fids, geometry, columns)
    for kind, name, sql in rows:
        if kind == "view":
            refusal(
                "geopackage_view",
                _(
                    "The GeoPackage contains the view “%(name)s”. Views run SQL "
                    "when read: save each layer as an ordinary table."
                )
                % {"name": name},
            )
        if sql and _VIRTUAL_TABLE.match(sql) and not _RTREE.search(sql):
            refusal(
                "geopackage_virtual_table",
                _(
                    "The GeoPackage contains the virtual table “%(name)s”, which "
                    "may read other files: save each layer as an ordinary table."
                )
                % {"name": name},
            )
