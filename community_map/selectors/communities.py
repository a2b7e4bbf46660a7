"""Reads of communities: the directory, one community's page, the map's GeoJSON.

Everything here is public: no selector returns ``private_contacts`` or members
(the community page asks ``may_see_private`` before showing the contacts). Map
collections are built by PostGIS in one statement (ST_AsGeoJSON + json_agg).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from mapping.languages import LANGUAGE_CODES, active_language
from mapping.models import Town
from mapping.selectors import COORDINATE_DECIMALS, name_sql

from ..models import (
    Community,
    CommunityKind,
    CommunityLink,
    Concern,
    ConcernCategory,
    ConcernStatus,
    LinkKind,
    MeetingPlace,
    PlaceKind,
    Topic,
)
from ..privacy import Viewer

# Colours of the kinds of link, shared by the map, its legend and the lists.
LINK_COLOURS = {
    LinkKind.PARTNERSHIP: "#1f6f8b",
    LinkKind.UMBRELLA: "#8e3b8e",
    LinkKind.JOINT_PROJECT: "#c05a00",
}
KIND_COLOURS = {
    CommunityKind.NGO: "#2e7d32",
    CommunityKind.INITIATIVE: "#0b5d8c",
    CommunityKind.CLUB: "#b5651d",
    CommunityKind.INFORMAL: "#6d6875",
    CommunityKind.BUSINESS: "#9c2f4a",
    CommunityKind.STATE: "#37474f",
}
_SLUG_MARK = "community-slug-mark"


@dataclass(frozen=True)
class DirectoryFilter:
    """What the directory is narrowed to (all empty: every community)."""

    kind: str = ""
    topic: str = ""
    query: str = ""

    def apply(self, queryset: QuerySet[Community]) -> QuerySet[Community]:
        if self.kind:
            queryset = queryset.filter(kind=self.kind)
        if self.topic:
            queryset = queryset.filter(topics__contains=[self.topic])
        words = self.query.strip()
        if words:
            names = Q()
            for code in LANGUAGE_CODES:
                names |= Q(**{f"name_{code}__icontains": words})
            queryset = queryset.filter(names)
        return queryset


def _count(model: type[MeetingPlace] | type[Concern]) -> Coalesce:
    counted = (
        model.objects.filter(community=OuterRef("pk"))  # type: ignore[attr-defined]
        .order_by()
        .values("community")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def directory(town: Town, chosen: DirectoryFilter) -> QuerySet[Community]:
    """The town's communities, filtered, with how many places and concerns each has.

    Communities a moderator hid are not listed.
    """
    queryset = chosen.apply(Community.objects.filter(town=town, is_hidden=False))
    return (
        # Each row links to its page, whose address names the town: one join, no
        # query per row, and not the town's boundary 36 times over.
        queryset.select_related("town")
        .defer("private_contacts", "work_area", "town__boundary", "town__centre")
        .annotate(place_count=_count(MeetingPlace), concern_count=_count(Concern))
        .order_by(f"name_{active_language()}", "slug")
    )


def community_by_slugs(town: str, slug: str) -> Community:
    """One community of a town, or Http404."""
    found = (
        Community.objects.select_related("town")
        .filter(town__slug=town, slug=slug)
        .first()
    )
    if found is None:
        raise Http404(_("There is no such community."))
    return found


def may_see_private(viewer: Viewer, community: Community) -> bool:
    """Private contacts: the community's mappers and staff only."""
    return bool(
        viewer.is_authenticated
        and viewer.has_perm("community_map.change_community", community)  # type: ignore[union-attr,attr-defined]
    )


def translated(obj: object, field: str) -> dict[str, Any]:
    """A translated field in the active language, or in another one that has it.

    ``language`` names the language shown when it is not the page's own.
    """
    active = active_language()
    for code in (active, *[c for c in LANGUAGE_CODES if c != active]):
        value = getattr(obj, f"{field}_{code}", "") or ""
        if value:
            other = "" if code == active else get_language_info(code)["name_translated"]
            return {"text": value, "code": code, "language": other}
    return {"text": "", "code": active, "language": ""}


def meeting_places(
    community: Community, *, with_hidden: bool = False
) -> list[dict[str, Any]]:
    """The places a community meets at, in the active language where it can.

    Places a moderator hid are left out unless ``with_hidden`` (for the
    community's editors and moderators, who see them with the reason).
    """
    places = community.meeting_places.order_by("pk")
    if not with_hidden:
        places = places.filter(is_hidden=False)
    return [
        {
            "place": place,
            "name": translated(place, "name"),
            "activity": translated(place, "activity"),
            "schedule": translated(place, "schedule"),
        }
        for place in places
    ]


def links_of(community: Community) -> list[dict[str, Any]]:
    """The community's ties, each with the other community and how they relate."""
    links = (
        CommunityLink.objects.filter(Q(source=community) | Q(target=community))
        .select_related("source__town", "target__town")
        .defer(
            "source__work_area",
            "target__work_area",
            "source__town__boundary",
            "target__town__boundary",
        )
    )
    rows = []
    for link in links:
        outgoing = link.source_id == community.pk
        other = link.target if outgoing else link.source
        if other.is_hidden:
            continue  # a community a moderator hid is nobody's visible partner
        if link.kind == LinkKind.UMBRELLA:
            relation = (
                _("Umbrella organisation of")
                if outgoing
                else _("Under the umbrella of")
            )
        elif link.kind == LinkKind.JOINT_PROJECT:
            relation = _("Joint project with")
        else:
            relation = _("Partner of")
        rows.append(
            {
                "link": link,
                "other": other,
                "other_name": translated(other, "name")["text"],
                "relation": relation,
                "colour": LINK_COLOURS[LinkKind(link.kind)],
            }
        )
    rows.sort(key=lambda row: (row["link"].kind, row["other_name"]))
    return rows


def concern_counts(community: Community) -> dict[str, Any]:
    """How many concerns the community carries, by category and status (public)."""
    counts = (
        Concern.objects.filter(community=community)
        .order_by()
        .values_list("category", "status")
        .annotate(n=Count("pk"))
    )
    table: dict[str, dict[str, int]] = {}
    for category, status, n in counts:
        table.setdefault(category, {})[status] = n
    statuses = list(ConcernStatus)
    rows: list[dict[str, Any]] = [
        {
            "label": category.label,
            "counts": [table.get(category.value, {}).get(s.value, 0) for s in statuses],
            "total": sum(table.get(category.value, {}).values()),
        }
        for category in ConcernCategory
        if category.value in table
    ]
    return {
        "statuses": [s.label for s in statuses],
        "rows": rows,
        "totals": [sum(row["counts"][i] for row in rows) for i in range(len(statuses))],
        "total": sum(sum(row["counts"]) for row in rows),
    }


def topic_labels(topics: list[str]) -> list[str]:
    """The topics' names, skipping any the code no longer knows."""
    labels = dict(Topic.choices)
    return [str(labels[t]) for t in topics if t in labels]


# --- The map -----------------------------------------------------------------------


def _labels_json() -> str:
    return json.dumps(
        {
            "community": {k.value: str(k.label) for k in CommunityKind},
            "link": {k.value: str(k.label) for k in LinkKind},
            "place": {k.value: str(k.label) for k in PlaceKind},
        }
    )


def _url_pattern(town: Town) -> str:
    return reverse(
        "community_map:community", kwargs={"town": town.slug, "slug": _SLUG_MARK}
    )


def map_geojson(town: Town, ids: list[int], *, partners: bool = False) -> str:
    """Areas, meeting places and links of these communities as one collection.

    Links join the communities' representative points (their first meeting
    place, or a point on their area of work). The directory shows the links
    among the communities listed; a community's page (``partners``) shows its
    own links and the partners at their other ends.
    """
    link_scope = (
        "(l.source_id = ANY(%(ids)s) OR l.target_id = ANY(%(ids)s))"
        if partners
        else "(l.source_id = ANY(%(ids)s) AND l.target_id = ANY(%(ids)s))"
    )
    digits = COORDINATE_DECIMALS
    sql = f"""
        WITH rep AS (
            SELECT c.id, COALESCE(
                (SELECT mp.location FROM community_map_meetingplace mp
                 WHERE mp.community_id = c.id AND NOT mp.is_hidden
                 ORDER BY mp.id LIMIT 1),
                ST_PointOnSurface(c.work_area)) AS point
            FROM community_map_community c WHERE c.town_id = %(town)s
        ),
        area AS (
            SELECT json_build_object(
                'type', 'Feature',
                'geometry', ST_AsGeoJSON(c.work_area, {digits})::json,
                'properties', json_build_object(
                    'layer', 'area', 'slug', c.slug, 'name', {name_sql("c")},
                    'kind', c.kind, 'kind_label', %(labels)s::jsonb->'community'->>c.kind,
                    'url', replace(%(url)s, %(mark)s, c.slug))
            ) AS feature, 1 AS layer, c.slug AS sort
            FROM community_map_community c
            WHERE c.id = ANY(%(ids)s) AND c.work_area IS NOT NULL
        ),
        place AS (
            SELECT json_build_object(
                'type', 'Feature',
                'geometry', ST_AsGeoJSON(mp.location, {digits})::json,
                'properties', json_build_object(
                    'layer', 'place', 'id', mp.id, 'name', {name_sql("mp")},
                    'place_kind', %(labels)s::jsonb->'place'->>mp.kind,
                    'activity', {name_sql("mp", "activity")},
                    'schedule', {name_sql("mp", "schedule")},
                    'open', mp.is_open_space,
                    'community', {name_sql("c")}, 'kind', c.kind,
                    'url', replace(%(url)s, %(mark)s, c.slug))
            ) AS feature, 2 AS layer, c.slug || '/' || mp.id AS sort
            FROM community_map_meetingplace mp
            JOIN community_map_community c ON c.id = mp.community_id
            WHERE c.id = ANY(%(ids)s) AND NOT mp.is_hidden
        ),
        link AS (
            SELECT json_build_object(
                'type', 'Feature',
                'geometry', ST_AsGeoJSON(ST_MakeLine(a.point, b.point), {digits})::json,
                'properties', json_build_object(
                    'layer', 'link', 'id', l.id, 'link_kind', l.kind,
                    'link_label', %(labels)s::jsonb->'link'->>l.kind,
                    'source', {name_sql("s")}, 'target', {name_sql("t")},
                    'source_url', replace(%(url)s, %(mark)s, s.slug),
                    'target_url', replace(%(url)s, %(mark)s, t.slug))
            ) AS feature, 3 AS layer, l.id::text AS sort
            FROM community_map_communitylink l
            JOIN community_map_community s ON s.id = l.source_id
            JOIN community_map_community t ON t.id = l.target_id
            JOIN rep a ON a.id = l.source_id
            JOIN rep b ON b.id = l.target_id
            WHERE {link_scope} AND a.point IS NOT NULL AND b.point IS NOT NULL
                AND NOT ST_Equals(a.point, b.point)
                AND (NOT s.is_hidden OR s.id = ANY(%(ids)s))
                AND (NOT t.is_hidden OR t.id = ANY(%(ids)s))
        ),
        ends AS (
            -- On a community's page: where its partners are, as dots.
            SELECT json_build_object(
                'type', 'Feature',
                'geometry', ST_AsGeoJSON(r.point, {digits})::json,
                'properties', json_build_object(
                    'layer', 'partner', 'name', {name_sql("c")}, 'kind', c.kind,
                    'kind_label', %(labels)s::jsonb->'community'->>c.kind,
                    'url', replace(%(url)s, %(mark)s, c.slug))
            ) AS feature, 4 AS layer, c.slug AS sort
            FROM community_map_community c JOIN rep r ON r.id = c.id
            WHERE %(partners)s AND NOT c.id = ANY(%(ids)s) AND r.point IS NOT NULL
                AND NOT c.is_hidden
                AND c.id IN (
                    SELECT l.source_id FROM community_map_communitylink l
                    WHERE l.target_id = ANY(%(ids)s)
                    UNION SELECT l.target_id FROM community_map_communitylink l
                    WHERE l.source_id = ANY(%(ids)s))
        ),
        everything AS (
            SELECT * FROM area UNION ALL SELECT * FROM place
            UNION ALL SELECT * FROM link UNION ALL SELECT * FROM ends
        )
        SELECT json_build_object(
            'type', 'FeatureCollection',
            'features', COALESCE(json_agg(feature ORDER BY layer, sort), '[]'::json)
        )::text
        FROM everything
    """
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "town": town.pk,
                "ids": ids,
                "labels": _labels_json(),
                "url": _url_pattern(town),
                "mark": _SLUG_MARK,
                "partners": partners,
            },
        )
        row = cursor.fetchone()
    return row[0] if row else '{"type": "FeatureCollection", "features": []}'


def directory_geojson(town: Town, chosen: DirectoryFilter) -> str:
    """The directory's map: the listed communities and the links among them."""
    ids = list(
        chosen.apply(Community.objects.filter(town=town, is_hidden=False)).values_list(
            "pk", flat=True
        )
    )
    return map_geojson(town, ids)


def community_geojson(community: Community) -> str:
    """One community's map: its area, its places, and lines to its partners."""
    return map_geojson(community.town, [community.pk], partners=True)
