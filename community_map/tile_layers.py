"""Concerns, communities and their meeting places as public map layers.

Concerns are shown at ``public_point`` only (see ``privacy.py``): the centre of
its 100 m cell for a private person's concern. A private person's own words stay
out, as in the public exports. Below zoom 15 concerns are counts (migration 0005).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mapping.selectors import name_sql
from mapping.tiles.registry import TileLayer, register

from .models import (
    CommunityKind,
    ConcernCategory,
    ConcernSource,
    ConcernStatus,
    PlaceKind,
)

CLUSTER_BELOW = 15  # must match migrations/0005_tiles


def _concerns() -> str:
    return f"""
    SELECT c.id, c.public_point AS geom, c.tile_geom, c.category, c.status,
           c.source, c.community_id AS community,
           (extract(year FROM c.reported_on) * 10000
            + extract(month FROM c.reported_on) * 100
            + extract(day FROM c.reported_on))::integer AS reported,
           c.reported_on::text AS date,
           CASE WHEN c.private THEN '' ELSE c.text END AS text,
           town.slug AS town, m.slug AS community_slug,
           {name_sql("m")} AS community_name
    FROM community_map_concern c
    LEFT JOIN mapping_town town ON town.id = c.town_id
    LEFT JOIN community_map_community m
           ON m.id = c.community_id AND NOT m.is_hidden"""


def _communities() -> str:
    return f"""
    SELECT m.id, m.work_area AS geom, ST_Transform(m.work_area, 3857) AS tile_geom,
           m.kind, town.slug AS town, m.slug, {name_sql("m")} AS name,
           array_to_string(m.topics, ',') AS topics
    FROM community_map_community m JOIN mapping_town town ON town.id = m.town_id
    WHERE m.work_area IS NOT NULL AND NOT m.is_hidden"""


def _places() -> str:
    return f"""
    SELECT p.id, p.location AS geom, ST_Transform(p.location, 3857) AS tile_geom,
           p.kind, p.community_id AS community, {name_sql("p")} AS name,
           {name_sql("p", "schedule")} AS schedule, town.slug AS town,
           m.slug AS community_slug,
           {name_sql("m")} AS community_name
    FROM community_map_meetingplace p
    JOIN community_map_community m ON m.id = p.community_id
    JOIN mapping_town town ON town.id = m.town_id
    WHERE NOT p.is_hidden AND NOT m.is_hidden"""


def _choices(choices: Any) -> Any:
    return lambda: {code: str(label) for code, label in choices.choices}


def _community_link(row: Mapping[str, Any]) -> str:
    return reverse(
        "community_map:community",
        kwargs={"town": row["town"], "slug": row.get("community_slug") or row["slug"]},
    )


def register_layers() -> None:
    register(
        TileLayer(
            name="concerns",
            title=_("Residents' concerns"),
            description=_(
                "Concerns raised through hotlines, surveys and receptions. A private "
                "person's concern is shown at the centre of its 100 m cell."
            ),
            geometry="point",
            source=_concerns,
            attributes={
                "category": "string",
                "status": "string",
                "source": "string",
                "community": "integer",
                "reported": "integer",
            },
            properties={
                "date": "string",
                "text": "string",
                "town": "string",
                "community_slug": "string",
                "community_name": "string",
            },
            labels={
                "category": _choices(ConcernCategory),
                "status": _choices(ConcernStatus),
                "source": _choices(ConcernSource),
            },
            tables=("community_map_concern", "community_map_community"),
            depends_on=("towns",),
            cluster_below=CLUSTER_BELOW,
            order=70,
        )
    )
    register(
        TileLayer(
            name="communities",
            title=_("Civic communities"),
            description=_("The areas where civic communities work."),
            geometry="polygon",
            source=_communities,
            attributes={"kind": "string", "town": "string", "slug": "string"},
            properties={"name": "string", "topics": "string"},
            labels={"kind": _choices(CommunityKind)},
            link=_community_link,
            tables=("community_map_community",),
            depends_on=("towns",),
            order=40,
        )
    )
    register(
        TileLayer(
            name="places",
            title=_("Meeting places"),
            description=_("Where civic communities meet."),
            geometry="point",
            source=_places,
            attributes={"kind": "string", "community": "integer"},
            properties={
                "name": "string",
                "schedule": "string",
                "town": "string",
                "community_slug": "string",
                "community_name": "string",
            },
            labels={"kind": _choices(PlaceKind)},
            link=_community_link,
            tables=("community_map_meetingplace", "community_map_community"),
            depends_on=("towns",),
            order=80,
        )
    )
