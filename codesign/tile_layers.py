"""Residents' proposals, and what they have built, as public map layers.

Drafts stay with their author and hidden proposals are out (moderation): only
the other statuses are on tiles and in the OGC API. Below zoom 15 both layers are counts (the cells kept by migration 0005).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mapping.selectors import name_sql
from mapping.tiles.registry import TileLayer, register

from .models import ProposalStatus
from .models.proposals import PUBLIC

CLUSTER_BELOW = 15  # must match migrations/0005_tiles and 0006_moderation


def _source(statuses: str) -> str:
    return f"""
    SELECT p.id, p.geometry AS geom, p.tile_geom, p.status,
           p.campaign_id AS campaign, p.category_id AS category,
           p.number, p.title, p.cost, c.slug AS campaign_slug,
           town.slug AS town, {name_sql("cat")} AS category_name,
           {name_sql("d")} AS district
    FROM codesign_proposal p
    LEFT JOIN codesign_campaign c ON c.id = p.campaign_id
    LEFT JOIN mapping_town town ON town.id = c.town_id
    LEFT JOIN codesign_category cat ON cat.id = p.category_id
    LEFT JOIN mapping_district d ON d.id = p.district_id
    WHERE p.geometry IS NOT NULL AND NOT p.is_hidden AND {statuses}"""


def _statuses(codes: tuple[str, ...]) -> Mapping[str, str]:
    return {code: str(label) for code, label in ProposalStatus.choices if code in codes}


def _link(row: Mapping[str, Any]) -> str:
    return reverse(
        "codesign:proposal",
        kwargs={
            "town": row["town"],
            "slug": row["campaign_slug"],
            "number": row["number"],
        },
    )


ATTRIBUTES = {"status": "string", "campaign": "integer", "category": "integer"}
PROPERTIES = {
    "number": "integer",
    "title": "string",
    "cost": "integer",
    "town": "string",
    "campaign_slug": "string",
    "category_name": "string",
    "district": "string",
}


def _layer(name: str, statuses: tuple[str, ...], **texts: Any) -> TileLayer:
    """A layer of proposals in these statuses (the only codes its key lists)."""
    codes = ", ".join(f"'{code}'" for code in statuses)
    return TileLayer(
        name=name,
        geometry="mixed",
        source=lambda: _source(f"p.status IN ({codes})"),
        attributes=ATTRIBUTES,
        properties=PROPERTIES,
        labels={"status": lambda: _statuses(statuses)},
        link=_link,
        tables=("codesign_proposal", "codesign_campaign", "codesign_category"),
        depends_on=("districts", "towns"),
        cluster_below=CLUSTER_BELOW,
        **texts,
    )


def register_layers() -> None:
    register(
        _layer(
            "proposals",
            tuple(PUBLIC),
            title=_("Residents' proposals"),
            description=_(
                "Proposals of participatory budgeting: a point, a line or an area "
                "each; drafts are not shown."
            ),
            order=60,
        )
    )
    register(
        _layer(
            "built",
            (ProposalStatus.IN_PROGRESS, ProposalStatus.BUILT),
            title=_("Built objects"),
            description=_("Winning proposals being built or already built."),
            order=50,
        )
    )
