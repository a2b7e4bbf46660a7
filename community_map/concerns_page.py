"""What the concerns map page hands its template and script.

The page's URL carries the filter (``ConcernFilter``) and the view state
(``view`` and, for hexagons and hotspots, ``size``), so a shared link opens the
same map. The script gets everything as JSON through ``json_script``. Points and
density come from the ``concerns`` vector tiles; the other views are GeoJSON the
server counts with the filter.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _

from mapping.mapconfig import tile_layers_config, town_map_config
from mapping.models import Town
from mapping.refusals import ActionRefused

from .analysis.hexagons import DEFAULT_SIZE_M, SIZES_M, hexagon_size
from .analysis.hotspots import MIN_HEXAGONS
from .exports import FORMATS
from .filters import ConcernFilter
from .models import ConcernCategory, ConcernSource, ConcernStatus
from .privacy import maps_in_town
from .selectors.concerns import filter_communities, town_concerns

VIEWS = ("districts", "hexagons", "heatmap", "hotspots", "points")
DEFAULT_VIEW = "hexagons"
# Colour-blind-safe (Tableau 10 plus grey), one per category, in choice order.
CATEGORY_COLOURS = dict(
    zip(
        ConcernCategory.values,
        (
            "#4e79a7",
            "#f28e2b",
            "#e15759",
            "#76b7b2",
            "#b07aa1",
            "#9c755f",
            "#59a14f",
            "#edc948",
            "#ff9da7",
            "#2f6b3a",
            "#8c8c8c",
        ),
        strict=True,
    )
)
FORMAT_NAMES = {
    "csv": "CSV",
    "xlsx": "Excel (XLSX)",
    "geojson": "GeoJSON",
    "gpkg": "GeoPackage",
    "kml": "KML",
    "shp": "Shapefile (ZIP)",
}


def view_labels() -> dict[str, str]:
    return {
        "districts": _("Districts"),
        "hexagons": _("Hexagons"),
        "heatmap": _("Density"),
        "hotspots": _("Hotspots"),
        "points": _("Points"),
    }


def map_view(query: QueryDict) -> tuple[str, int]:
    """The ``view`` and ``size`` of the URL, or a 400 refusal naming the bad one."""
    view = query.get("view") or DEFAULT_VIEW
    if view not in VIEWS:
        raise ActionRefused(
            "map_view_unknown",
            _("“%(value)s” is not a view of this map.") % {"value": view[:40]},
            status=400,
            field="view",
        )
    return view, hexagon_size(query.get("size"))


def _choices(choices: Any, chosen: tuple[str, ...]) -> list[dict[str, Any]]:
    return [
        {"value": c.value, "label": c.label, "checked": c.value in chosen}
        for c in choices
    ]


def export_links(
    town: Town, concern_filter: ConcernFilter, *, exact: bool
) -> list[dict[str, str]]:
    """A link per format, carrying the filter (and ``exact=1`` if asked)."""
    query = concern_filter.to_query()
    if exact:
        query = f"{query}&exact=1" if query else "exact=1"
    links = []
    for fmt in FORMATS:
        base = reverse("community_map:concerns-export", args=[town.slug, fmt])
        links.append(
            {
                "format": fmt,
                "name": FORMAT_NAMES[fmt],
                "base": base,
                "url": f"{base}?{query}" if query else base,
            }
        )
    return links


def _endpoints(town: Town) -> dict[str, str]:
    # Points and density come from tiles (config["tiles"]), not points.geojson.
    names = ("districts", "hexagons", "hotspots", "timeline", "seasons")
    return {n: reverse(f"community_map:concerns-{n}", args=[town.slug]) for n in names}


def _labels() -> dict[str, str]:
    return {
        "views": view_labels(),  # type: ignore[dict-item]
        "total": _("Concerns shown: {count}"),
        "concerns": _("concerns"),
        "per_district": _("Concerns per district"),
        "per_hexagon": _("Concerns per hexagon of {size} m"),
        "density": _("Density of concerns (public points)"),
        "points": _("Concerns at their public points, by category"),
        "clusters": _(
            "Concerns per area: the larger and darker the circle, the more. "
            "Point at a circle for the number; click it to zoom in."
        ),
        "filters_zoom": _(
            "The filters apply to single concerns: zoom in to see those that "
            "match, or show hexagons or districts for filtered counts."
        ),
        "here": _("Concerns here: {count}"),
        "hot": _("Hot spot"),
        "cold": _("Cold spot"),
        "not_significant": _("Not significant"),
        # The script fills {level}; "%" here is a percent sign, not a placeholder.
        # xgettext:no-python-format
        "confidence": _("{level} % confidence"),
        "hotspots_title": _("Getis-Ord Gi* on hexagons of {size} m"),
        "none": _("No concerns match the filters."),
        "outside": _("Outside the districts: {count}"),
        "month_chart": _("Concerns per month, by category"),
        "season_chart": _("Concerns per season, by category"),
        "district_chart": _("Concerns per district"),
        "count": _("Concerns"),
        "z": _("z-score"),
        "p": _("p-value"),
        "loading": _("Loading…"),
        "failed": _("The data could not be loaded. Try again later."),
        "low": _("fewer"),
        "high": _("more"),
    }


def concerns_map_context(
    request: HttpRequest,
    town: Town,
    concern_filter: ConcernFilter,
    view: str,
    size: int,
) -> dict[str, Any]:
    """The template's context, and the script's JSON as ``map_config``."""
    config = town_map_config(town)
    config["labels"].update(_labels())
    config["tiles"] = tile_layers_config(names=("concerns",), shown=("concerns",))
    communities = filter_communities(town)
    config["concerns"] = {
        "endpoints": _endpoints(town),
        "views": list(VIEWS),
        "sizes": list(SIZES_M),
        "default_view": DEFAULT_VIEW,
        "default_size": DEFAULT_SIZE_M,
        "min_hexagons": MIN_HEXAGONS,
        "category_colours": CATEGORY_COLOURS,
        # Tiles carry a concern's community as its id; the filter names slugs.
        "community_ids": {c.slug: c.pk for c in communities},
    }
    can_exact = maps_in_town(request.user, town.pk)
    labels = view_labels()
    return {
        "town": town,
        "map_config": config,
        "filter": concern_filter,
        "view": view,
        "size": size,
        "views": [
            {"value": v, "label": labels[v], "checked": v == view} for v in VIEWS
        ],
        "sizes": [{"value": s, "selected": s == size} for s in SIZES_M],
        "categories": _choices(ConcernCategory, concern_filter.category),
        "sources": _choices(ConcernSource, concern_filter.source),
        "statuses": _choices(ConcernStatus, concern_filter.status),
        "communities": [
            {
                "value": c.slug,
                "label": c.name,
                "checked": c.slug in concern_filter.community,
            }
            for c in communities
        ],
        "total": town_concerns(town, concern_filter).count(),
        "exports": export_links(town, concern_filter, exact=False),
        "exact_exports": (
            export_links(town, concern_filter, exact=True) if can_exact else []
        ),
    }
