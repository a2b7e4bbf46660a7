"""The mapping API: towns, districts and sites as GeoJSON, and geometry checks."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import exceptions, permissions
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mapping.caching import layer_cached

from .. import selectors, services
from ..intake import GEOMETRY_TYPES, GeometryRejected, accept_geometry
from ..languages import LANGUAGE_CODES
from .parsers import GeoJSONParser, IntakeJSONParser
from .renderers import GeoJSONRenderer
from .serializers import GEOJSON_GEOMETRY_SCHEMA, SiteCreateSerializer

GEOJSON = "application/geo+json"
ERROR = OpenApiResponse(
    description='An error: {"error": {"code", "message", "location", ...}}'
)
FEATURE_COLLECTION = {
    "type": "object",
    "description": "A GeoJSON FeatureCollection (RFC 7946).",
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "features": {"type": "array", "items": {"type": "object"}},
    },
}
FEATURE = {
    "type": "object",
    "description": "A GeoJSON Feature (RFC 7946).",
    "properties": {
        "type": {"type": "string", "enum": ["Feature"]},
        "id": {"type": "string"},
        "geometry": GEOJSON_GEOMETRY_SCHEMA,
        "properties": {"type": "object"},
    },
}


def geojson_response(text: str, status: int = 200) -> HttpResponse:
    return HttpResponse(text, content_type=GEOJSON, status=status)


class GeoJSONView(APIView):
    """An API view whose answers are GeoJSON built by PostGIS."""

    renderer_classes = [GeoJSONRenderer, JSONRenderer, BrowsableAPIRenderer]


class JSONBodyView(APIView):
    """An API view that reads JSON bodies only; any other media type is a 415.

    DRF skips its parsers when a middleware has read a form body already (the
    upload limits do), and would hand the view an empty form instead.
    """

    parser_classes = [IntakeJSONParser, GeoJSONParser]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if request.method in ("POST", "PUT", "PATCH") and request.content_type:
            negotiator = self.get_content_negotiator()
            if negotiator.select_parser(request, self.get_parsers()) is None:
                raise exceptions.UnsupportedMediaType(request.content_type)


class CanAddSite(permissions.BasePermission):
    """Adding a site needs mapping.add_site in the town (see mapping/rules.py)."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        if not (request.user and request.user.is_authenticated):
            return False
        town = selectors.town_by_slug(view.kwargs["slug"])
        return bool(request.user.has_perm("mapping.add_site", town))


@extend_schema(
    tags=["towns"],
    summary="All towns, with their boundaries",
    # 404 too: an unknown ?format= is not found (DRF's format override).
    responses={200: OpenApiResponse(FEATURE_COLLECTION), 404: ERROR},
)
class TownListView(GeoJSONView):
    """Towns as a FeatureCollection: boundary, names, UTM zone, centre, counts."""

    permission_classes = [permissions.AllowAny]

    # Not a DRF list view: drf-spectacular would call it towns_retrieve as well.
    @extend_schema(operation_id="towns_list")
    @method_decorator(layer_cached("towns", "districts", "sites"))
    def get(self, request: Request) -> HttpResponse:
        return geojson_response(selectors.towns_geojson())


@extend_schema(
    tags=["towns"],
    summary="One town, with its boundary",
    responses={200: OpenApiResponse(FEATURE), 404: ERROR},
)
class TownDetailView(GeoJSONView):
    """One town as a Feature."""

    permission_classes = [permissions.AllowAny]

    @method_decorator(layer_cached("towns", "districts", "sites"))
    def get(self, request: Request, slug: str) -> HttpResponse:
        return geojson_response(selectors.town_geojson(slug))


@extend_schema(
    tags=["towns"],
    summary="A town's districts",
    responses={200: OpenApiResponse(FEATURE_COLLECTION), 404: ERROR},
)
class TownDistrictsView(GeoJSONView):
    """A town's districts as a FeatureCollection, with areas in hectares."""

    permission_classes = [permissions.AllowAny]

    @method_decorator(layer_cached("towns", "districts"))
    def get(self, request: Request, slug: str) -> HttpResponse:
        town = selectors.town_by_slug(slug)
        return geojson_response(selectors.districts_geojson(town))


class TownSitesView(JSONBodyView, GeoJSONView):
    """A town's sites; its architects and akimat officials add new ones."""

    permission_classes = [CanAddSite]

    @extend_schema(
        tags=["sites"],
        summary="A town's sites",
        responses={200: OpenApiResponse(FEATURE_COLLECTION), 404: ERROR},
    )
    @method_decorator(layer_cached("towns", "districts", "sites"))
    def get(self, request: Request, slug: str) -> HttpResponse:
        town = selectors.town_by_slug(slug)
        return geojson_response(selectors.sites_geojson(town))

    @extend_schema(
        tags=["sites"],
        summary="Add a site to a town",
        request=SiteCreateSerializer,
        responses={
            201: OpenApiResponse(FEATURE),
            400: ERROR,
            403: ERROR,
            404: ERROR,
            413: ERROR,
        },
    )
    def post(self, request: Request, slug: str) -> HttpResponse:
        town = selectors.town_by_slug(slug)
        serializer = SiteCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        boundary = accept_geometry(data["geometry"], allowed=("Polygon",), place=town)
        site = services.site_create(
            town=town,
            slug=data.get("slug", ""),
            names={code: data[f"name_{code}"] for code in LANGUAGE_CODES},
            descriptions={
                code: data.get(f"description_{code}", "") for code in LANGUAGE_CODES
            },
            status=data["status"],
            boundary=boundary,
        )
        feature = json.loads(selectors.site_feature(site))
        feature["properties"]["notes"] = [n.as_dict() for n in boundary.notes]
        return geojson_response(json.dumps(feature, ensure_ascii=False), status=201)


@extend_schema(
    tags=["geometry"],
    summary="Check a geometry for a town without storing it",
    description=(
        "Runs the geometry intake: the same checks every stored geometry passes. "
        "Answers 200 with the clean geometry (rings oriented by RFC 7946) and its "
        "measures in metres, or 4xx naming the problem and where it is."
    ),
    request={
        GEOJSON: GEOJSON_GEOMETRY_SCHEMA,
        "application/json": GEOJSON_GEOMETRY_SCHEMA,
    },
    responses={200: OpenApiTypes.OBJECT, 400: ERROR, 404: ERROR, 413: ERROR},
    examples=[
        OpenApiExample(
            "A bench in Aksu",
            value={"type": "Point", "coordinates": [76.93, 52.04]},
            request_only=True,
        )
    ],
)
class GeometryCheckView(JSONBodyView):
    """Check outside geometry against a town; nothing is stored."""

    permission_classes = [permissions.AllowAny]

    def post(self, request: Request, slug: str) -> Response:
        town = selectors.town_by_slug(slug)
        wanted = request.query_params.get("types", "")
        allowed = tuple(t for t in wanted.split(",") if t) or GEOMETRY_TYPES
        unknown = [t for t in allowed if t not in GEOMETRY_TYPES]
        if unknown:
            raise GeometryRejected(
                code="unknown_type",
                message=_(
                    "Unknown geometry type in ?types: %(unknown)s. Use: %(types)s."
                )
                % {"unknown": ", ".join(unknown), "types": ", ".join(GEOMETRY_TYPES)},
                location="?types",
            )
        document = request.data
        if isinstance(document, str):  # a JSON string, parsed: not text to parse
            document = json.dumps(document)
        accepted = accept_geometry(document, allowed=allowed, place=town)
        metric = accepted.geometry.transform(town.utm_srid, clone=True)
        return Response(
            {
                "geometry": json.loads(accepted.geometry.json),
                "notes": [n.as_dict() for n in accepted.notes],
                "measures": {
                    "area_m2": round(metric.area, 1) if metric.dims == 2 else None,
                    "length_m": round(metric.length, 1) if metric.dims == 1 else None,
                    "vertices": metric.num_coords,
                },
            }
        )
