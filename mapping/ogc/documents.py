"""The JSON documents that describe the API: landing page, conformance, collections.

Titles and descriptions are the layers' own, in the request's language; every
link is absolute, as GDAL and QGIS follow them as they are.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from mapping.tiles.registry import TileLayer

from .params import CRS84

JSON = "application/json"
GEOJSON = "application/geo+json"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"

CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
]


def url(request: HttpRequest, name: str, **kwargs: Any) -> str:
    """The absolute URL of an OGC API route."""
    return request.build_absolute_uri(reverse(f"ogc:{name}", kwargs=kwargs or None))


def link(href: str, rel: str, media_type: str, title: str) -> dict[str, str]:
    return {"href": href, "rel": rel, "type": media_type, "title": title}


def landing(request: HttpRequest) -> dict[str, Any]:
    """The landing page: what Birge serves, and where to find it."""
    return {
        "title": _("Birge open map data"),
        "description": _(
            "The public map layers of Birge, civic mapping for the towns of "
            "Kazakhstan, as OGC API – Features: towns and their districts, sites, "
            "residents' proposals and concerns, civic communities."
        ),
        "links": [
            link(url(request, "landing"), "self", JSON, _("This document")),
            link(
                url(request, "api"),
                "service-desc",
                OPENAPI,
                _("The API definition (OpenAPI 3.0)"),
            ),
            link(
                url(request, "conformance"),
                "conformance",
                JSON,
                _("The standards this API conforms to"),
            ),
            link(url(request, "collections"), "data", JSON, _("The map layers")),
        ],
    }


def conformance() -> dict[str, Any]:
    return {"conformsTo": CONFORMANCE}


def collection(
    request: HttpRequest, layer: TileLayer, extent: list[float]
) -> dict[str, Any]:
    """One layer as a collection: what it is, where it lies, where its items are."""
    return {
        "id": layer.name,
        "title": str(layer.title),
        "description": str(layer.description),
        "itemType": "feature",
        "crs": [CRS84],
        "extent": {"spatial": {"bbox": [extent], "crs": CRS84}},
        "links": [
            link(
                url(request, "collection", collection=layer.name),
                "self",
                JSON,
                _("This collection"),
            ),
            link(
                url(request, "items", collection=layer.name),
                "items",
                GEOJSON,
                _("Its features"),
            ),
        ],
    }


def collections(
    request: HttpRequest, described: list[tuple[TileLayer, list[float]]]
) -> dict[str, Any]:
    """Every public layer, in map order."""
    return {
        "links": [
            link(url(request, "collections"), "self", JSON, _("This document")),
        ],
        "collections": [
            collection(request, layer, extent) for layer, extent in described
        ],
    }
