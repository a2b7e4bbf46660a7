"""Reading an official plan from a GeoJSON, GeoPackage, KML or DXF file, safely.

The upload is copied, within a size limit, into a private temporary folder under
a name Birge chooses; its format is told from its content (the extension must
agree); hostile content is refused before GDAL opens it; nothing in the file can
name another file or URL to read. Every feature then needs a kind of the
session's palette and a shape the geometry intake accepts for the town, or the
whole plan is refused with the problem and where it is (layer, feature).
"""

from __future__ import annotations

import tempfile
from collections.abc import Collection
from pathlib import Path
from typing import NoReturn

from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from pyogrio.errors import DataLayerError, DataSourceError

from mapping.files import safe_gdal
from mapping.models import Town

from .dxf import read_dxf
from .limits import PlanLimits, configured_limits
from .plan import Plan, elements_of
from .reading import Found, read_geojson, read_layers
from .refusals import refusal
from .sniff import FORMATS, PlanFormat, check_content, sniff

__all__ = [
    "FORMATS",
    "Plan",
    "PlanFormat",
    "PlanLimits",
    "configured_limits",
    "read_plan",
]


def read_plan(
    upload: UploadedFile,
    *,
    town: Town,
    palette: Collection[str],
    limits: PlanLimits | None = None,
) -> Plan:
    """The plan in an uploaded file as elements ready for official_plan_upload."""
    limits = limits or configured_limits()
    if upload.size is not None and upload.size > limits.max_bytes:
        _too_large(limits)
    with tempfile.TemporaryDirectory(prefix="birge-plan-") as folder:
        received = Path(folder) / "received"
        _save(upload, received, limits)
        plan_format = sniff(received, upload.name or "")
        path = received.rename(Path(folder) / f"plan{plan_format.extensions[0]}")
        check_content(plan_format, path)
        safe_gdal()
        try:
            found = _read(plan_format, path, limits, town)
        except (DataSourceError, DataLayerError) as error:
            reason = str(error).replace(str(path), path.name)[:200]
            refusal(
                "unreadable",
                _("The %(format)s file cannot be read: %(reason)s")
                % {"format": plan_format.name, "reason": reason},
            )
    return elements_of(found, plan_format=plan_format, town=town, palette=palette)


def _save(upload: UploadedFile, path: Path, limits: PlanLimits) -> None:
    """Copy the upload, counting: a client's declared size is not trusted."""
    size = 0
    with path.open("xb") as out:  # the folder is private (mode 0700)
        for chunk in upload.chunks():
            size += len(chunk)
            if size > limits.max_bytes:
                _too_large(limits)
            out.write(chunk)
    if size == 0:
        refusal("empty_file", _("The file is empty: export the plan again."))


def _too_large(limits: PlanLimits) -> NoReturn:
    refusal(
        "file_too_large",
        _("The file is larger than %(size)s; simplify the plan or split it.")
        % {"size": filesizeformat(limits.max_bytes)},
        status=413,
    )


def _read(
    plan_format: PlanFormat, path: Path, limits: PlanLimits, town: Town
) -> list[Found]:
    if plan_format.slug == "geojson":
        return read_geojson(path, limits)
    if plan_format.slug == "dxf":
        return read_dxf(path, limits, utm_srid=town.utm_srid)
    return read_layers(path, limits, kml=plan_format.slug == "kml")
