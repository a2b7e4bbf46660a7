"""The JSON every map page hands its script: the town, the base map, labels."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Town


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
