"""A GeoPackage must hold plain tables: views and virtual tables run SQL on read,
triggers on write.

The schema is listed through GDAL's own SQL on ``sqlite_master``, which reads no
layer.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyogrio.raw
from django.utils.translation import gettext as _
from pyogrio.errors import DataLayerError, DataSourceError

from .gdal import safe_gdal
from .refusals import refusal

_VIRTUAL_TABLE = re.compile(r"^\s*CREATE\s+VIRTUAL\s+TABLE", re.IGNORECASE)
_RTREE = re.compile(r"\bUSING\s+rtree\s*\(", re.IGNORECASE)
# The triggers the GeoPackage standard (gpkg_…, its R-tree index rtree_…) and
# GDAL's feature counts write; a file's own triggers have no business here.
_STANDARD_TRIGGER = re.compile(
    r"^(?:gpkg_|rtree_|trigger_(?:insert|delete)_feature_count_)", re.IGNORECASE
)


def check_geopackage(path: Path) -> None:
    """Refuse GeoPackages with views, non-index virtual tables or own triggers."""
    safe_gdal()
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
        if kind == "trigger" and not _STANDARD_TRIGGER.match(name):
            # Reading fires no trigger; refused all the same, as nothing a plan
            # or a table of concerns needs, in case the file is ever written to.
            refusal(
                "geopackage_trigger",
                _(
                    "The GeoPackage contains the trigger “%(name)s”, which runs SQL "
                    "when the file is changed: save each layer as an ordinary table."
                )
                % {"name": name[:80]},
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
