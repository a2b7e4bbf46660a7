"""Web security: Content-Security-Policy (django-csp) and related headers.

base.py splices SECURITY_MIDDLEWARE into its middleware, right after whitenoise.
The policy and the reason for each source are in docs/security.md.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF

env = environ.Env()

SECURITY_APPS: list[str] = ["csp"]
SECURITY_MIDDLEWARE: list[str] = [
    "csp.middleware.CSPMiddleware",
    "mapping.security_headers.SecurityHeadersMiddleware",
]


def _origin(url: str) -> list[str]:
    """The scheme and host of an outside map source, or nothing when it is unset."""
    parts = urlsplit(url)
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme and parts.netloc else []


# Outside map sources, if any are configured: the basemap style and the tiles,
# sprites and glyphs it names (add their hosts to BIRGE_CSP_MAP_SOURCES), and the
# admin widget's tiles. Unset (the closed-network default) means 'self' only.
_MAP_SOURCES = sorted(
    {
        *_origin(env("BIRGE_BASEMAP_STYLE_URL", default="")),
        *_origin(env("BIRGE_ADMIN_TILES_URL", default="")),
        *env.list("BIRGE_CSP_MAP_SOURCES", default=[]),
    }
)

CONTENT_SECURITY_POLICY: dict[str, dict[str, Any]] = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # No inline script anywhere: every script is a file Birge serves.
        "script-src": [SELF],
        # MapLibre's CSP build loads its worker from /static/ (setWorkerUrl).
        "worker-src": [SELF],
        # Only stylesheet files and CSSOM writes (element.style), which CSP allows.
        "style-src": [SELF],
        # MapLibre and OpenLayers draw sprites and tiles from data: and blob: URLs.
        "img-src": [SELF, "data:", "blob:", *_MAP_SOURCES],
        "connect-src": [SELF, *_MAP_SOURCES],
        "font-src": [SELF],
        # The report's map is Birge's only frame (codesign/views/architect.py); it
        # alone may be framed, by Birge's own report page.
        "frame-src": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    },
}

# Browser features no page of Birge uses; geolocation stays for the concern
# report's "where I am" button (static/js/concern_report.js).
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), payment=(), usb=(), midi=(), magnetometer=(), "
    "gyroscope=(), accelerometer=(), geolocation=(self)"
)
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
