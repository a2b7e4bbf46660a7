"""Reads of the NGO dashboard, the hotline entry and the resident's report pages.

Everything a mapper reads here passes ``privacy.exact_scope``: a concern of
another NGO's community is not "forbidden" but simply not there (404).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, cast

from django.contrib.gis.geos import GEOSGeometry, Point, Polygon
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from mapping.models import Town

from ..models import (
    Community,
    CommunityMember,
    Concern,
    ConcernCategory,
    ConcernStatus,
    MemberRole,
)
from ..privacy import PUBLIC_GRID_M, Viewer, exact_scope, mapped_communities

RECENT_ENTRIES = 10


def communities_taking_concerns(town: Town) -> QuerySet[Community]:
    """The communities of a town with at least one mapper: who can take a report.

    A community a moderator hid takes no new reports (residents cannot see it).
    """
    mappers = CommunityMember.objects.filter(
        community=OuterRef("pk"), role=MemberRole.MAPPER
    )
    return Community.objects.filter(town=town, is_hidden=False).filter(Exists(mappers))


def communities_mapped_by(viewer: Viewer, town: Town) -> QuerySet[Community]:
    """The communities whose concerns this person records (staff: all of the town)."""
    return Community.objects.filter(pk__in=mapped_communities(viewer, town.pk))


def concerns_handled_by(viewer: Viewer, town: Town) -> QuerySet[Concern]:
    """The town's concerns this person sees exactly: their communities' (or all)."""
    return (
        Concern.objects.filter(town=town)
        .filter(exact_scope(viewer, town.pk))
        .select_related("community", "district")
        .order_by("-reported_on", "-pk")
    )


def concern_handled_by(viewer: Viewer, town: Town, pk: int) -> Concern:
    """One concern this person handles, or 404 (never a hint that it exists)."""
    concern = (
        concerns_handled_by(viewer, town)
        .select_related("recorded_by", "reporter", "imported_by")
        .filter(pk=pk)
        .first()
    )
    if concern is None:
        raise Http404(_("There is no such concern."))
    return concern


def concern_counts(concerns: QuerySet[Concern]) -> dict[str, list[dict[str, Any]]]:
    """How many concerns there are of each status and each category, every choice."""
    result: dict[str, list[dict[str, Any]]] = {}
    for field, choices in (("status", ConcernStatus), ("category", ConcernCategory)):
        counted = dict(
            concerns.order_by()
            .values_list(field)
            .annotate(n=Count("pk"))
            .values_list(field, "n")
        )
        result[field] = [
            {"value": value, "label": label, "count": counted.get(value, 0)}
            for value, label in choices.choices
        ]
    return result


def concerns_recorded(viewer: Viewer, town: Town, pks: Iterable[int]) -> list[Concern]:
    """The entries of this session that the person still sees, newest first."""
    return list(
        concerns_handled_by(viewer, town)
        .filter(pk__in=list(pks))
        .order_by("-pk")[:RECENT_ENTRIES]
    )


def reported_by(viewer: Viewer, town: Town, pk: int) -> Concern:
    """A concern the signed-in resident reported themselves, or 404."""
    concern = (
        Concern.objects.filter(town=town, pk=pk, reporter_id=viewer.pk)
        .select_related("community", "district")
        .first()
    )
    if concern is None or not viewer.is_authenticated:
        raise Http404(_("There is no such concern."))
    return concern


def public_cell(concern: Concern, town: Town) -> Polygon | None:
    """The grid cell a private concern is shown in publicly, in EPSG:4326.

    Built in the town's UTM zone around the public point (the cell's centre), so
    the square is ``PUBLIC_GRID_M`` metres on each side, not in degrees.
    """
    if concern.public_point is None or not concern.private:
        return None
    centre = cast(Point, concern.public_point.transform(town.utm_srid, clone=True))
    half = PUBLIC_GRID_M / 2
    x, y = centre.x, centre.y
    cell = Polygon(
        (
            (x - half, y - half),
            (x + half, y - half),
            (x + half, y + half),
            (x - half, y + half),
            (x - half, y - half),
        ),
        srid=town.utm_srid,
    )
    return cast(Polygon, cell.transform(4326, clone=True))


def geojson(geometry: GEOSGeometry | None) -> dict[str, Any] | None:
    """One geometry as a GeoJSON object for a page's map (a single concern)."""
    if geometry is None:
        return None
    return json.loads(geometry.json)
