"""The JSON every map page hands its script: the town, the base map, labels.

Map pages that draw public layers from vector tiles add ``tile_layers_config()``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Town
from .tiles import registry
from .tiles.registry import TileLayer


def town_map_config(town: Town) -> dict[str, Any]:
    """What a map script needs, handed over as JSON (no inline script)."""
    extent = town.boundary.extent
    return {
        "town": {
            "slug": town.slug,
            "name": town.name,
            "centre": list(town.centre.coords),
            "zoom": town.default_zoom,
            "bounds": [[extent[0], extent[1]], [extent[2], extent[3]]],
        },
        "data": {
            "town": reverse("api:town", kwargs={"slug": town.slug}),
            "districts": reverse("api:town-districts", kwargs={"slug": town.slug}),
            "sites": reverse("api:town-sites", kwargs={"slug": town.slug}),
        },
        "basemap": {
            "style": settings.BIRGE_BASEMAP_STYLE_URL or None,
            "attribution": settings.BIRGE_BASEMAP_ATTRIBUTION,
        },
        "worker": static("vendor/maplibre-gl/maplibre-gl-csp-worker.js"),
        "labels": {
            "area": _("Area"),
            "hectares": _("ha"),
            "status": _("Status"),
            "district": _("District"),
            "site": _("Site"),
            "close": _("Close"),
            "map_failed": _(
                "The map could not be shown in this browser. The lists below "
                "hold the same districts and sites."
            ),
            "attribution": _("Boundaries: Birge demo data"),
        },
    }


# The town's own layers come as GeoJSON on the town map; these are the only ones
# that are not drawn from tiles there.
TOWN_GEOJSON_LAYERS = ("towns", "districts", "sites")


def _ogc_item() -> str:
    """The OGC API item a click on a tile feature fetches, as a URL template."""
    url = reverse("ogc:item", kwargs={"collection": "LAYER", "feature_id": "ID"})
    return url.replace("/LAYER/", "/{layer}/").replace("/ID", "/{id}")


def _tile_layer(layer: TileLayer, *, shown: bool) -> dict[str, Any]:
    """One layer as a map script draws it: where its tiles are and how to colour it."""
    colour_by = next(iter(layer.labels), None)
    codes = layer.labels[colour_by]() if colour_by else {}
    return {
        "name": layer.name,
        "title": str(layer.title),
        "tilejson": reverse("tiles:tilejson", kwargs={"layer": layer.name}),
        "geometry": layer.geometry,
        "cluster_below": layer.cluster_below,
        "colour_by": colour_by,
        "codes": [[code, str(label)] for code, label in codes.items()],
        "shown": shown,
    }


def tile_layers_config(
    *, names: Iterable[str] | None = None, shown: Iterable[str] = ()
) -> dict[str, Any]:
    """The public tile layers a map draws (all but the town's own, or ``names``)."""
    every = [layer.name for layer in registry.layers()]
    wanted = set(names) if names is not None else set(every) - set(TOWN_GEOJSON_LAYERS)
    on = set(shown)
    return {
        "layers": [
            _tile_layer(registry.get(name), shown=name in on)
            for name in every
            if name in wanted
        ],
        "item": _ogc_item(),
        "labels": {
            "layers": _("Layers on the map"),
            "colours": _("Colours"),
            # The script fills {layer} with the layer's title and {count} with
            # the number, written the local way.
            "cluster": _("{layer}: {count} here. Click to zoom in."),
            "open": _("Open"),
            "loading": _("Loading…"),
            "failed": _("The details could not be loaded. Try again later."),
            "status": _("Status"),
            "category": _("Category"),
            "kind": _("Kind"),
            "source": _("Source"),
            "district": _("District"),
            "community": _("Community"),
            "date": _("Date"),
            "schedule": _("When they meet"),
        },
    }
