"""The public concerns map of a town and the JSON it loads (thin: selectors read).

Every endpoint reads the same ``ConcernFilter`` from its URL; a bad parameter is
answered 400 with the refusal's message. Routes live under
``towns/<town>/concerns/`` with fixed names only (``concerns/import/…`` and
``concerns/report/`` belong to other pages).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from mapping.caching import layer_cached
from mapping.models import Town
from mapping.refusals import ActionRefused
from mapping.selectors import town_by_slug

from ..analysis.hexagons import hexagon_size
from ..concerns_page import concerns_map_context, map_view
from ..filters import ConcernFilter
from ..selectors import concerns as selectors

JSON_HEADERS = {"Cache-Control": "no-cache", "Vary": "Accept-Language"}


def _refused(refusal: ActionRefused) -> JsonResponse:
    return JsonResponse({"error": refusal.as_dict()}, status=refusal.status)


def _json_text(text: str, content_type: str = "application/json") -> HttpResponse:
    return HttpResponse(text, content_type=content_type, headers=JSON_HEADERS)


Endpoint = Callable[[HttpRequest, Town, ConcernFilter], HttpResponse]


def endpoint(read: Endpoint) -> Callable[..., HttpResponseBase]:
    """A GET endpoint of one town's filtered concerns: 404 town, 400 bad filter."""

    @layer_cached("concerns", "districts", "towns", per_viewer=True)
    @require_GET
    def view(request: HttpRequest, town: str) -> HttpResponse:
        place = town_by_slug(town)
        try:
            concern_filter = ConcernFilter.from_query(request.GET)
            return read(request, place, concern_filter)
        except ActionRefused as refusal:
            return _refused(refusal)

    view.__name__ = read.__name__
    view.__doc__ = read.__doc__
    return view


@require_GET
def concerns_map(request: HttpRequest, town: str) -> HttpResponse:
    """The concerns map: views, filters, legend, charts and exports."""
    place = town_by_slug(town)
    try:
        concern_filter = ConcernFilter.from_query(request.GET)
        view, size = map_view(request.GET)
    except ActionRefused as refusal:
        return render(
            request,
            "community_map/concerns_refused.html",
            {"town": place, "refusal": refusal},
            status=refusal.status,
        )
    context = concerns_map_context(request, place, concern_filter, view, size)
    return render(request, "community_map/concerns_map.html", context)


@endpoint
def districts(request: HttpRequest, town: Town, f: ConcernFilter) -> HttpResponse:
    """Districts with their concern counts (GeoJSON)."""
    return _json_text(
        selectors.district_counts_geojson(town, f), "application/geo+json"
    )


@endpoint
def hexagons(request: HttpRequest, town: Town, f: ConcernFilter) -> HttpResponse:
    """Non-empty hexagons with their counts (GeoJSON); ``size`` in metres."""
    size = hexagon_size(request.GET.get("size"))
    return _json_text(selectors.hexagons_geojson(town, f, size), "application/geo+json")


@endpoint
def hotspots(request: HttpRequest, town: Town, f: ConcernFilter) -> HttpResponse:
    """Gi* hot and cold spots on the hexagons (GeoJSON, or "not enough data")."""
    size = hexagon_size(request.GET.get("size"))
    return _json_text(selectors.hotspots_geojson(town, f, size), "application/geo+json")


@endpoint
def points(request: HttpRequest, town: Town, f: ConcernFilter) -> HttpResponse:
    """Public points with their counts (GeoJSON)."""
    return _json_text(selectors.points_geojson(town, f), "application/geo+json")


def _json(data: dict[str, Any]) -> HttpResponse:
    return _json_text(json.dumps(data, ensure_ascii=False))


@endpoint
def timeline(request: HttpRequest, town: Town, f: ConcernFilter) -> HttpResponse:
    """Monthly counts per category."""
    return _json(selectors.monthly_counts(town, f))


@endpoint
def seasons(request: HttpRequest, town: Town, f: ConcernFilter) -> HttpResponse:
    """Counts per category per season."""
    return _json(selectors.season_counts(town, f))


PREFIX = "towns/<slug:town>/concerns/"

urlpatterns: list[URLPattern] = [
    path(PREFIX, concerns_map, name="concerns"),
    path(f"{PREFIX}districts.json", districts, name="concerns-districts"),
    path(f"{PREFIX}hexagons.geojson", hexagons, name="concerns-hexagons"),
    path(f"{PREFIX}hotspots.geojson", hotspots, name="concerns-hotspots"),
    path(f"{PREFIX}points.geojson", points, name="concerns-points"),
    path(f"{PREFIX}timeline.json", timeline, name="concerns-timeline"),
    path(f"{PREFIX}seasons.json", seasons, name="concerns-seasons"),
]
