"""The printable report's map: folium (Leaflet) with Birge's own copy of Leaflet.

folium links Leaflet, jQuery and Bootstrap from CDNs by default; an akimat office
may have no internet, so the map loads only Leaflet, from our static files. The
layers are the site, the official plan, what most residents chose per cell and
where residents agree but the plan differs.
"""

from __future__ import annotations

import json
from typing import Any

import folium
from django.db import connection
from django.templatetags.static import static
from django.utils.translation import gettext as _

from .comparison import kind
from .comparison.prepared import UNASSIGNED
from .comparison_tables import kind_name
from .models import DesignSession, SessionAnalysis

PLAN_DIFFERS = "#d62728"


def _elements(version_id: int) -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT kind, label, ST_AsGeoJSON(geometry, 7) "
            "FROM codesign_conceptelement WHERE version_id = %s ORDER BY position",
            [version_id],
        )
        rows = cursor.fetchall()
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": json.loads(geometry),
                "properties": {
                    "kind": slug,
                    "name": kind_name(slug),
                    "label": label,
                    "colour": kind(slug).colour,
                },
            }
            for slug, label, geometry in rows
        ],
    }


def _leading_style(feature: dict[str, Any]) -> dict[str, Any]:
    properties = feature["properties"]
    slug = properties["leading"]
    colour = "#ffffff" if slug == UNASSIGNED else kind(slug).colour
    return {
        "fillColor": colour,
        "fillOpacity": 0.15 + 0.7 * properties["leading_share"],
        "weight": 0,
    }


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
    cells = json.loads(analysis.agreement_geojson or '{"features": []}')
    if cells["features"]:
        for feature in cells["features"]:
            feature["properties"]["name"] = kind_name(feature["properties"]["leading"])
        folium.GeoJson(
            cells,
            name=_("What most residents chose"),
            style_function=_leading_style,
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
        version = session.concepts.get(pk=official["id"]).versions.get(
            number=official["version"]
        )
        folium.GeoJson(
            _elements(version.pk),
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
