"""The printable report's map: folium (Leaflet) with Birge's own copy of Leaflet.

folium links Leaflet, jQuery and Bootstrap from CDNs by default; an akimat office
may have no internet, so the map loads only Leaflet, from our static files. The
layers are the site, the official plan, what most residents chose per cell and
where residents agree but the plan differs.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from typing import Any

import folium
from csp.constants import SELF
from csp.utils import build_policy
from django.templatetags.static import static
from django.utils.translation import gettext as _

from .comparison.prepared import UNASSIGNED
from .comparison_tables import kind_name
from .models import DesignSession, SessionAnalysis
from .selectors import concept_elements_geojson, palette_of

PLAN_DIFFERS = "#d62728"

# folium writes its map as inline <script> and <style> elements without attributes.
INLINE = {
    "script-src": re.compile(r"<script>(.*?)</script>", re.DOTALL),
    "style-src": re.compile(r"<style>(.*?)</style>", re.DOTALL),
}


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(document: str) -> str:
    """Birge's policy plus the hash of each inline script and style in the document.

    Only the exact text folium wrote runs; anything else (an injected script, an
    event handler attribute) is still refused, as on every other page.
    """
    update = {
        directive: sorted({_sha256(text) for text in pattern.findall(document)})
        for directive, pattern in INLINE.items()
    }
    # The report page shows this document in a frame.
    return build_policy(update=update, replace={"frame-ancestors": [SELF]})


def _leading_style(colours: dict[str, str]) -> Any:
    def style(feature: dict[str, Any]) -> dict[str, Any]:
        properties = feature["properties"]
        return {
            "fillColor": colours.get(properties["leading"], "#888888"),
            "fillOpacity": 0.15 + 0.7 * properties["leading_share"],
            "weight": 0,
        }

    return style


def _element_style(feature: dict[str, Any]) -> dict[str, Any]:
    colour = feature["properties"]["colour"]
    return {"color": colour, "fillColor": colour, "fillOpacity": 0.5, "weight": 2}


def report_map(session: DesignSession, analysis: SessionAnalysis) -> str:
    """A whole HTML document with the map, for the report's frame."""
    boundary = session.site.boundary
    west, south, east, north = boundary.extent
    figure = folium.Map(
        location=[(south + north) / 2, (west + east) / 2],
        tiles=None,
        control_scale=True,
        prefer_canvas=True,
    )
    figure.default_js = [("leaflet", static("vendor/leaflet/leaflet.js"))]
    figure.default_css = [("leaflet_css", static("vendor/leaflet/leaflet.css"))]
    figure.fit_bounds([[south, west], [north, east]])
    colours = {e["kind"]: e["colour"] for e in palette_of(session)}
    colours[UNASSIGNED] = "#ffffff"
    cells = json.loads(analysis.agreement_geojson or '{"features": []}')
    if cells["features"]:
        for feature in cells["features"]:
            # folium's tooltip puts properties into innerHTML: escape them here.
            feature["properties"]["name"] = html.escape(
                kind_name(feature["properties"]["leading"])
            )
        folium.GeoJson(
            cells,
            name=_("What most residents chose"),
            style_function=_leading_style(colours),
            tooltip=folium.GeoJsonTooltip(["name", "leading_share"], labels=False),
        ).add_to(figure)
        differs = [f for f in cells["features"] if f["properties"].get("plan_differs")]
        if differs:
            folium.GeoJson(
                {"type": "FeatureCollection", "features": differs},
                name=_("Residents agree, the plan differs"),
                style_function=lambda _f: {
                    "color": PLAN_DIFFERS,
                    "weight": 1,
                    "fillOpacity": 0,
                },
            ).add_to(figure)
    official = analysis.result.get("official")
    if official:
        plan = json.loads(concept_elements_geojson(official["version_id"]))
        for feature in plan["features"]:
            properties = feature["properties"]
            properties["name"] = html.escape(str(properties.get("name") or ""))
        folium.GeoJson(
            plan,
            name=_("The akimat's plan"),
            style_function=_element_style,
            tooltip=folium.GeoJsonTooltip(["name"], labels=False),
            show=False,
        ).add_to(figure)
    folium.GeoJson(
        json.loads(boundary.geojson),
        name=_("Site boundary"),
        style_function=lambda _f: {"color": "#333333", "weight": 2, "fillOpacity": 0},
    ).add_to(figure)
    folium.LayerControl(collapsed=False).add_to(figure)
    return figure.get_root().render()
