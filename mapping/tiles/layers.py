"""mapping's own public layers: towns, districts and sites."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from mapping.models import SiteStatus
from mapping.selectors import name_sql

from .registry import TileLayer, register


def _towns() -> str:
    return f"""
    SELECT t.id, t.boundary AS geom, ST_Transform(t.boundary, 3857) AS tile_geom,
           t.slug, {name_sql("t")} AS name, t.utm_srid
    FROM mapping_town t"""


def _districts() -> str:
    return f"""
    SELECT d.id, d.boundary AS geom, ST_Transform(d.boundary, 3857) AS tile_geom,
           town.slug AS town, d.slug, {name_sql("d")} AS name
    FROM mapping_district d JOIN mapping_town town ON town.id = d.town_id"""


def _sites() -> str:
    return f"""
    SELECT s.id, s.boundary AS geom, ST_Transform(s.boundary, 3857) AS tile_geom,
           town.slug AS town, s.slug, s.status, {name_sql("s")} AS name,
           ST_Area(ST_Transform(s.boundary, town.utm_srid)) / 10000 AS area_ha
    FROM mapping_site s JOIN mapping_town town ON town.id = s.town_id"""


def register_layers() -> None:
    register(
        TileLayer(
            name="towns",
            title=_("Towns"),
            description=_("The boundaries of the towns on Birge."),
            geometry="polygon",
            source=_towns,
            attributes={"slug": "string"},
            properties={"name": "string", "utm_srid": "integer"},
            tables=("mapping_town",),
            order=10,
        )
    )
    register(
        TileLayer(
            name="districts",
            title=_("Districts"),
            description=_("The districts of each town."),
            geometry="polygon",
            source=_districts,
            attributes={"town": "string", "slug": "string"},
            properties={"name": "string"},
            tables=("mapping_district", "mapping_town"),
            order=20,
        )
    )
    register(
        TileLayer(
            name="sites",
            title=_("Sites"),
            description=_("Places residents and planners shape together."),
            geometry="polygon",
            source=_sites,
            attributes={"town": "string", "slug": "string", "status": "string"},
            properties={"name": "string", "area_ha": "number"},
            labels={"status": lambda: {k: str(v) for k, v in SiteStatus.choices}},
            tables=("mapping_site", "mapping_town"),
            order=30,
        )
    )
