"""Pages: the list of towns and a town's map. Thin: reads come from selectors."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import sections, selectors
from .mapconfig import tile_layers_config, town_map_config


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Every town Birge knows, to choose one."""
    return render(request, "mapping/home.html", {"towns": selectors.towns()})


@require_GET
def town(request: HttpRequest, slug: str) -> HttpResponse:
    """A town's full-screen map: districts, sites and the public tile layers."""
    town = selectors.town_by_slug(slug)
    config = town_map_config(town)
    # Proposals are what most people come for; the other layers wait for a tick.
    config["tiles"] = tile_layers_config(shown=("proposals",))
    return render(
        request,
        "mapping/town.html",
        {
            "town": town,
            "districts": selectors.districts_for_listing(town),
            "sites": selectors.sites_for_listing(town),
            "map_config": config,
            "sections": sections.links(town.slug),
        },
    )


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith(("/api/", "/ogc/", "/tiles/"))


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404: JSON for the API, a page for people."""
    # Only our own 404s carry a sentence; Django's URL resolver carries its
    # patterns, which are nobody's business.
    args = getattr(exception, "args", ())
    message = args[0] if args and isinstance(args[0], str) else ""
    if _wants_json(request):
        return JsonResponse(
            {
                "error": {
                    "code": "not_found",
                    "message": message or _("Nothing is here."),
                }
            },
            status=404,
        )
    return render(request, "404.html", {"message": message}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """500: JSON for the API, a plain page for people (no template context needed)."""
    if _wants_json(request):
        return JsonResponse(
            {
                "error": {
                    "code": "server_error",
                    "message": _("Something went wrong on our side; it was logged."),
                }
            },
            status=500,
        )
    return render(request, "500.html", status=500)
