"""GDAL set up so that nothing in a file makes it open another file or a URL.

Birge hands GDAL only files it wrote itself, under names it chose, after their
content was checked (no VRT, no KML NetworkLink, no entities). These options close
what is left: no listing of sibling files, no remote files of any extension, no
PROJ grids from the network, no external KML styles.
"""

from __future__ import annotations

import pyogrio

SAFE_OPTIONS = {
    "GDAL_DISABLE_READDIR_ON_OPEN": "EMPTY_DIR",
    "CPL_VSIL_CURL_ALLOWED_EXTENSIONS": ".birge-never",
    "GDAL_HTTP_TIMEOUT": "1",
    "GDAL_HTTP_MAX_RETRY": "0",
    "PROJ_NETWORK": "OFF",
    "LIBKML_RESOLVE_STYLE": "NO",
    "LIBKML_EXTERNAL_STYLE": "NO",
    "OGR_SQLITE_ALLOW_EXTERNAL_ACCESS": "NO",
    "OGR_GEOJSON_MAX_OBJ_SIZE": "200",  # MB; the upload limit is far below
}


def safe_gdal() -> None:
    """Set the options (process-wide, idempotent) before any file is opened."""
    pyogrio.set_gdal_config_options(SAFE_OPTIONS)
