"""The OpenAPI 3.0 definition of the OGC API, written from the layer registry.

Each collection gets its own paths, so a client sees the properties of its
features with their types. QGIS reads ``components.parameters.limit`` for the
page size it asks for (the default, raised to 1,000, at most the maximum).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from mapping.tiles.registry import TileLayer

from .documents import GEOJSON, JSON, OPENAPI, url
from .params import CRS84, DEFAULT_LIMIT, MAX_ID, MAX_LIMIT

_JSON_TYPES = {"integer": "integer", "number": "number", "string": "string"}


def _parameters() -> dict[str, Any]:
    # "style"/"explode" only where the spec puts them: QGIS takes any other
    # parameter that has them for a property it may filter on.
    return {
        "limit": {
            "name": "limit",
            "in": "query",
            "description": _(
                "How many features to send at most; larger numbers get the maximum."
            ),
            "required": False,
            "style": "form",
            "explode": False,
            "schema": {
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_LIMIT,
                "default": DEFAULT_LIMIT,
            },
        },
        "offset": {
            "name": "offset",
            "in": "query",
            "description": _("How many features to skip (in the order of their ids)."),
            "required": False,
            "schema": {"type": "integer", "minimum": 0, "default": 0},
        },
        "after": {
            "name": "after",
            "in": "query",
            "description": _(
                "Only features whose id is greater than this one; the next link "
                "gives the last id of its page."
            ),
            "required": False,
            "schema": {"type": "integer", "minimum": 0, "maximum": MAX_ID},
        },
        "before": {
            "name": "before",
            "in": "query",
            "description": _(
                "The features just before this id, as many as the limit; the prev "
                "link gives the first id of its page. Not with after or offset."
            ),
            "required": False,
            "schema": {"type": "integer", "minimum": 0, "maximum": MAX_ID},
        },
        "bbox": {
            "name": "bbox",
            "in": "query",
            "description": _(
                "Only features that intersect this box: west,south,east,north in "
                "longitude and latitude."
            ),
            "required": False,
            "style": "form",
            "explode": False,
            "schema": {
                "type": "array",
                "minItems": 4,
                "maxItems": 6,
                "items": {"type": "number"},
            },
        },
        "bbox-crs": {
            "name": "bbox-crs",
            "in": "query",
            "description": _("The coordinate system of bbox: only CRS84."),
            "required": False,
            "schema": {"type": "string", "format": "uri", "enum": [CRS84]},
        },
        "f": {
            "name": "f",
            "in": "query",
            "description": _("The format of the answer: only JSON."),
            "required": False,
            "schema": {"type": "string", "enum": ["json"]},
        },
        "featureId": {
            "name": "featureId",
            "in": "path",
            "description": _("The id of a feature."),
            "required": True,
            "schema": {"type": "string"},
        },
    }


def _schemas(layers: list[TileLayer]) -> dict[str, Any]:
    link = {
        "type": "object",
        "required": ["href"],
        "properties": {
            name: {"type": "string"} for name in ("href", "rel", "type", "title")
        },
    }
    schemas: dict[str, Any] = {
        "link": link,
        "exception": {
            "type": "object",
            "required": ["code"],
            "properties": {
                "code": {"type": "string"},
                "description": {"type": "string"},
            },
        },
        "document": {"type": "object"},
    }
    for layer in layers:
        properties: dict[str, Any] = {}
        for name, kind in {**layer.attributes, **layer.properties}.items():
            properties[name] = {
                "type": _JSON_TYPES.get(kind, "string"),
                "nullable": True,
            }
            if name in layer.labels:
                properties[f"{name}_label"] = {"type": "string", "nullable": True}
        schemas[f"{layer.name}Feature"] = {
            "type": "object",
            "required": ["type", "geometry", "properties"],
            "properties": {
                "type": {"type": "string", "enum": ["Feature"]},
                "id": {"type": "integer"},
                "geometry": {"type": "object"},
                "properties": {"type": "object", "properties": properties},
                "links": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/link"},
                },
            },
        }
        schemas[f"{layer.name}Collection"] = {
            "type": "object",
            "required": ["type", "features"],
            "properties": {
                "type": {"type": "string", "enum": ["FeatureCollection"]},
                "features": {
                    "type": "array",
                    "items": {"$ref": f"#/components/schemas/{layer.name}Feature"},
                },
                "links": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/link"},
                },
                "timeStamp": {"type": "string", "format": "date-time"},
                "numberMatched": {"type": "integer", "minimum": 0},
                "numberReturned": {"type": "integer", "minimum": 0},
            },
        }
    return schemas


def _answer(description: str, media_type: str, schema: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {media_type: {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


def _get(
    operation: str,
    summary: str,
    answer: dict[str, Any],
    parameters: tuple[str, ...] = ("f",),
    missing: bool = False,
) -> dict[str, Any]:
    responses = {
        "200": answer,
        "400": _answer(_("A query parameter is wrong."), JSON, "exception"),
    }
    if missing:
        responses["404"] = _answer(_("There is no such thing."), JSON, "exception")
    return {
        "get": {
            "operationId": operation,
            "summary": summary,
            "parameters": [
                {"$ref": f"#/components/parameters/{name}"} for name in parameters
            ],
            "responses": responses,
        }
    }


def _collection_paths(layer: TileLayer) -> dict[str, Any]:
    name = layer.name
    base = f"/collections/{name}"
    return {
        base: _get(
            f"describe_{name}",
            str(layer.title),
            _answer(_("The collection."), JSON, "document"),
        ),
        f"{base}/items": _get(
            f"items_{name}",
            str(layer.description),
            _answer(_("A page of features."), GEOJSON, f"{name}Collection"),
            parameters=("limit", "offset", "after", "before", "bbox", "bbox-crs", "f"),
        ),
        f"{base}/items/{{featureId}}": _get(
            f"item_{name}",
            _("One feature of “%(title)s”.") % {"title": layer.title},
            _answer(_("The feature."), GEOJSON, f"{name}Feature"),
            parameters=("featureId", "f"),
            missing=True,
        ),
    }


def definition(request: HttpRequest, layers: list[TileLayer]) -> dict[str, Any]:
    """The whole OpenAPI 3.0 document, its paths relative to /ogc."""
    document = _answer(_("The document."), JSON, "document")
    paths = {
        "/": _get("landing", _("The landing page."), document),
        "/api": _get(
            "api",
            _("This API definition."),
            {
                "description": _("The document."),
                "content": {OPENAPI: {"schema": {"type": "object"}}},
            },
        ),
        "/conformance": _get("conformance", _("The conformance classes."), document),
        "/collections": _get("collections", _("The map layers."), document),
    }
    for layer in layers:
        paths.update(_collection_paths(layer))
    return {
        "openapi": "3.0.3",
        "info": {
            "title": _("Birge open map data"),
            "version": "1.0.0",
            "description": _(
                "OGC API – Features (Part 1: core, GeoJSON) over Birge's public "
                "map layers."
            ),
            "contact": {"name": "Birge", "url": url(request, "landing")},
        },
        "servers": [{"url": url(request, "landing").rstrip("/")}],
        "paths": paths,
        "components": {"parameters": _parameters(), "schemas": _schemas(layers)},
    }
