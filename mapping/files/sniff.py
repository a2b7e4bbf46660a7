"""What a file is, told by its first bytes: the extension only has to agree.

``content_kind`` answers with a word: ``geojson``, ``gpkg``, ``kml``, ``dxf``,
``zip`` (any ZIP: KMZ, XLSX, a zipped shapefile; see ``zips.zip_kind``), and for
what Birge recognises but does not read: ``sqlite``, ``xml``; ``utf16`` for
UTF-16 text (with its byte-order mark), ``text`` for other text (CSV, DXF
without its header...) and ``None`` for binary data it does not know.
"""

from __future__ import annotations

import re
from pathlib import Path

HEAD_BYTES = 4096
BOM = b"\xef\xbb\xbf"
_SQLITE = b"SQLite format 3\x00"
_GEOPACKAGE_IDS = (b"GPKG", b"GP10", b"GP11")  # SQLite application_id at byte 68
_BINARY_DXF = b"AutoCAD Binary DXF\r\n\x1a\x00"
_TEXT_DXF = re.compile(rb"\A\s*(?:999\r?\n[^\n]*\n\s*)*0\r?\n\s*SECTION\s")
_KML_ROOT = re.compile(rb"<(?:[\w.-]+:)?kml[\s>]")
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")  # a member first, or an empty archive
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1f]")


def head_of(path: Path) -> bytes:
    with path.open("rb") as stream:
        return stream.read(HEAD_BYTES)


def is_blank(head: bytes) -> bool:
    """Nothing but white space (and a byte-order mark): an empty file."""
    return not head.lstrip(b" \t\r\n\x00").removeprefix(BOM).strip()


def content_kind(head: bytes) -> str | None:
    """A word for what the first bytes of a file show (see the module's doc)."""
    if head.startswith(_SQLITE):
        return "gpkg" if head[68:72] in _GEOPACKAGE_IDS else "sqlite"
    if head.startswith(_ZIP):
        return "zip"
    if head.startswith(_BINARY_DXF):
        return "dxf"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf16"
    text = head.removeprefix(BOM).lstrip()
    if text.startswith((b"{", b"[")):  # GeoJSON's reader says what is wrong
        return "geojson"
    if text.startswith(b"<"):
        return "kml" if _KML_ROOT.search(head) else "xml"
    if _TEXT_DXF.match(text):
        return "dxf"
    if _CONTROL.search(head):
        return None
    return "text"
