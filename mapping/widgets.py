"""The admin's geometry widget, served locally (OpenLayers from npm, no CDN).

Django's own widget loads OpenLayers from a CDN and an imagery base layer from the
internet, and runs an inline script; this one works on a closed network: its base
layer is Birge's own towns and districts (plus a tile layer, if one is set), and
its options travel as JSON to a static script.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.gis.forms.widgets import OpenLayersWidget
from django.urls import reverse


class OfflineMapWidget(OpenLayersWidget):
    """Draw and edit geometry over the towns' own boundaries."""

    template_name = "gis/birge_openlayers.html"
    default_lon = 68.0
    default_lat = 48.0
    default_zoom = 5

    class Media:
        extend = False  # drop the parent's CDN files
        css = {"all": ("vendor/ol/ol.css", "gis/css/ol3.css", "css/admin_map.css")}
        js = ("vendor/ol/ol.js", "gis/js/OLMapWidget.js", "js/admin_map_widget.js")

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict:
        context = super().get_context(name, value, attrs)
        widget_id = context["id"]
        context["widget_options"] = {
            "geom_name": context["geom_type"],
            "module": context["module"],
            "id": widget_id,
            "map_id": f"{widget_id}_map",
            "map_srid": self.map_srid,
            "name": name,
            "default_lon": self.default_lon,
            "default_lat": self.default_lat,
            "default_zoom": self.default_zoom,
            "context_url": reverse("api:towns"),
            "tiles_url": settings.BIRGE_ADMIN_TILES_URL,
        }
        context["options_id"] = f"{widget_id}_options"
        return context
