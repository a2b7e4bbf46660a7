"""Reads of the public concerns map: filtered concerns and their analyses.

Every read starts from ``town_concerns(town, concern_filter)`` — the same
``ConcernFilter`` the page's URL carries — and the analyses read only
``public_point`` (see ``community_map/privacy.py``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from mapping.models import Town

from ..analysis import districts, hexagons, hotspots, points, timeline
from ..filters import ConcernFilter
from ..models import Community, Concern


def town_concerns(
    town: Town, concern_filter: ConcernFilter, *, exact: Q | None = None
) -> QuerySet[Concern]:
    """The town's concerns the filter keeps.

    A community a moderator hid is not offered in the filter panel, and asked
    for by its slug it matches nothing, as an unknown slug does: its count and
    its concerns' places would show what hiding it took away. ``exact`` (the
    viewer's ``privacy.exact_scope``) lets its editors and the town's staff,
    who see it hidden, still filter by it.
    """
    concerns = concern_filter.apply(Concern.objects.filter(town=town))
    if concern_filter.community:
        shown = Q(community__is_hidden=False)
        concerns = concerns.filter(shown if exact is None else shown | exact)
    return concerns


def concern_count(town: Town, concern_filter: ConcernFilter) -> int:
    return town_concerns(town, concern_filter).count()


def district_counts_geojson(town: Town, concern_filter: ConcernFilter) -> str:
    """Districts with their counts: the choropleth and the district chart."""
    return districts.districts_geojson(town, town_concerns(town, concern_filter))


def hexagons_geojson(town: Town, concern_filter: ConcernFilter, size: int) -> str:
    """Non-empty hexagons of ``size`` metres with their counts."""
    return hexagons.hexagons_geojson(town, town_concerns(town, concern_filter), size)


def hotspots_geojson(town: Town, concern_filter: ConcernFilter, size: int) -> str:
    """Gi* hot and cold spots on the hexagons of ``size`` metres."""
    return hotspots.hotspots_geojson(town, town_concerns(town, concern_filter), size)


def points_geojson(town: Town, concern_filter: ConcernFilter) -> str:
    """Public points with their counts (the point and heat maps)."""
    return points.points_geojson(town_concerns(town, concern_filter))


def monthly_counts(town: Town, concern_filter: ConcernFilter) -> dict[str, Any]:
    return timeline.timeline(town_concerns(town, concern_filter))


def season_counts(town: Town, concern_filter: ConcernFilter) -> dict[str, Any]:
    return timeline.seasons(town_concerns(town, concern_filter))


def filter_communities(town: Town) -> QuerySet[Community]:
    """Communities of the town that carry concerns, for the filter panel.

    A community a moderator hid is not offered (its name is hidden).
    """
    return (
        Community.objects.filter(town=town, concerns__isnull=False, is_hidden=False)
        .distinct()
        .order_by("slug")
    )
