"""XML Birge reads (KML, the parts of an XLSX) must not declare entities or links."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from .refusals import refusal

DECLARATION = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
NETWORK_LINK = re.compile(rb"<(?:[\w.-]+:)?NetworkLink[\s>/]")


def check_kml(data: bytes) -> None:
    """Refuse XML that declares a DOCTYPE or entities, or KML linking elsewhere."""
    if b"\x00" in data:
        refusal(
            "kml_encoding",
            _("The KML file is not UTF-8 text: save it as UTF-8 and upload it again."),
        )
    if DECLARATION.search(data):
        refusal(
            "xml_declarations",
            _(
                "The KML file declares a DOCTYPE or entities. They can make a "
                "reader fetch other files, so Birge does not read them: export "
                "the file again without them."
            ),
        )
    if NETWORK_LINK.search(data):
        refusal(
            "kml_network_link",
            _(
                "The KML file links to other files (NetworkLink). Birge reads "
                "only what is in the file itself: export everything as one file."
            ),
        )


def check_xml_part(data: bytes, part: str) -> None:
    """Refuse a part of an Office file (XLSX) that declares a DOCTYPE or entities."""
    if DECLARATION.search(data):
        refusal(
            "xml_declarations",
            _(
                "The spreadsheet's part “%(part)s” declares a DOCTYPE or entities, "
                "which Excel never writes: save the table again from Excel or "
                "LibreOffice."
            )
            % {"part": part[:80]},
        )
