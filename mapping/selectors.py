"""Reads of towns, districts and sites. Map collections are built by PostGIS.

GeoJSON for the map is assembled in one SQL statement (ST_AsGeoJSON + json_agg)
rather than by serializing model instances; areas are computed in the town's UTM
zone, never in degrees.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib.gis.db.models.functions import Area, Transform
from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils.translation import gettext

from .db import fetch_value
from .languages import LANGUAGE_CODES, active_language
from .models import District, Site, SiteStatus, Town

COORDINATE_DECIMALS = 6  # about 10 cm: finer than any sketch on a map


def name_sql(alias: str, field: str = "name") -> str:
    """SQL for a translated field in the active language, falling back to others."""
    order = [active_language(), *[c for c in LANGUAGE_CODES if c != active_language()]]
    columns = ", ".join(f"NULLIF({alias}.{field}_{code}, '')" for code in order)
    return f"COALESCE({columns}, '')"


def _names_sql(alias: str, field: str = "name") -> str:
    pairs = ", ".join(f"'{code}', {alias}.{field}_{code}" for code in LANGUAGE_CODES)
    return f"json_build_object({pairs})"


def _fetch_json(sql: str, params: list[Any] | dict[str, Any]) -> str:
    return fetch_value(sql, params) or ""


def towns() -> QuerySet[Town]:
    """Towns for listing, with how many districts and sites each has."""
    return Town.objects.annotate(
        district_count=Count("districts", distinct=True),
        site_count=Count("sites", distinct=True),
    ).order_by("slug")


def town_by_slug(slug: str) -> Town:
    """One town, or Http404 naming the slug."""
    try:
        return Town.objects.get(slug=slug)
    except Town.DoesNotExist:
        raise Http404(
            gettext("There is no town “%(slug)s”.") % {"slug": slug}
        ) from None


def _town_feature_sql() -> str:
    return f"""
        json_build_object(
            'type', 'Feature',
            'id', t.slug,
            'geometry', ST_AsGeoJSON(t.boundary, {COORDINATE_DECIMALS})::json,
            'bbox', json_build_array(
                round(ST_XMin(t.boundary)::numeric, 6), round(ST_YMin(t.boundary)::numeric, 6),
                round(ST_XMax(t.boundary)::numeric, 6), round(ST_YMax(t.boundary)::numeric, 6)),
            'properties', json_build_object(
                'slug', t.slug,
                'name', {name_sql("t")},
                'names', {_names_sql("t")},
                'utm_srid', t.utm_srid,
                'centre', ST_AsGeoJSON(t.centre, {COORDINATE_DECIMALS})::json -> 'coordinates',
                'default_zoom', t.default_zoom,
                'area_km2', round((ST_Area(ST_Transform(t.boundary, t.utm_srid)) / 1e6)::numeric, 2),
                'district_count', (SELECT count(*) FROM mapping_district d WHERE d.town_id = t.id),
                'site_count', (SELECT count(*) FROM mapping_site s WHERE s.town_id = t.id)
            )
        )
    """


def towns_geojson() -> str:
    """All towns as a FeatureCollection with their boundaries."""
    return _fetch_json(
        f"""
        SELECT json_build_object(
            'type', 'FeatureCollection',
            'features', COALESCE(json_agg({_town_feature_sql()} ORDER BY t.slug), '[]'::json)
        )::text
        FROM mapping_town t
        """,
        [],
    )


def town_geojson(slug: str) -> str:
    """One town as a Feature with its boundary, or Http404."""
    text = _fetch_json(
        f"SELECT ({_town_feature_sql()})::text FROM mapping_town t WHERE t.slug = %s",
        [slug],
    )
    if not text:
        town_by_slug(slug)  # raises the 404 with its message
    return text


def districts_geojson(town: Town) -> str:
    """A town's districts: boundary, name, area (ha) and a label point."""
    return _fetch_json(
        f"""
        SELECT json_build_object(
            'type', 'FeatureCollection',
            'features', COALESCE(json_agg(json_build_object(
                'type', 'Feature',
                'id', d.slug,
                'geometry', ST_AsGeoJSON(d.boundary, {COORDINATE_DECIMALS})::json,
                'properties', json_build_object(
                    'slug', d.slug,
                    'index', d.rank,
                    'name', {name_sql("d")},
                    'names', {_names_sql("d")},
                    'area_ha', round((ST_Area(ST_Transform(d.boundary, %s)) / 1e4)::numeric, 1),
                    'label_point', ST_AsGeoJSON(
                        ST_PointOnSurface(d.boundary), {COORDINATE_DECIMALS})::json
                        -> 'coordinates'
                )
            ) ORDER BY d.slug), '[]'::json)
        )::text
        FROM (
            SELECT *, (row_number() OVER (ORDER BY slug)) - 1 AS rank
            FROM mapping_district WHERE town_id = %s
        ) d
        """,
        [town.utm_srid, town.pk],
    )


def _site_feature_sql() -> str:
    return f"""
        json_build_object(
            'type', 'Feature',
            'id', s.slug,
            'geometry', ST_AsGeoJSON(s.boundary, {COORDINATE_DECIMALS})::json,
            'properties', json_build_object(
                'slug', s.slug,
                'name', {name_sql("s")},
                'names', {_names_sql("s")},
                'description', {name_sql("s", "description")},
                'status', s.status,
                'status_label', %(labels)s::jsonb ->> s.status,
                'area_ha', round((ST_Area(ST_Transform(s.boundary, t.utm_srid)) / 1e4)::numeric, 2),
                'district', (
                    SELECT {name_sql("d")} FROM mapping_district d
                    WHERE d.town_id = s.town_id
                      AND ST_Intersects(d.boundary, ST_PointOnSurface(s.boundary))
                    ORDER BY d.slug LIMIT 1)
            )
        )
    """


def _status_labels() -> str:
    return json.dumps({s.value: str(s.label) for s in SiteStatus})


def sites_geojson(town: Town) -> str:
    """A town's sites: boundary, name, description, status, area (ha), district."""
    return _fetch_json(
        f"""
        SELECT json_build_object(
            'type', 'FeatureCollection',
            'features', COALESCE(json_agg({_site_feature_sql()} ORDER BY s.slug), '[]'::json)
        )::text
        FROM mapping_site s JOIN mapping_town t ON t.id = s.town_id
        WHERE s.town_id = %(town)s
        """,
        {"labels": _status_labels(), "town": town.pk},
    )


def site_feature(site: Site) -> str:
    """One site as a Feature, as the sites collection shows it."""
    return _fetch_json(
        f"""
        SELECT ({_site_feature_sql()})::text
        FROM mapping_site s JOIN mapping_town t ON t.id = s.town_id
        WHERE s.id = %(site)s
        """,
        {"labels": _status_labels(), "site": site.pk},
    )


def districts_for_listing(town: Town) -> QuerySet[District]:
    """Districts for the list beside the map (the map's text alternative)."""
    return town.districts.annotate(
        area=Area(Transform("boundary", town.utm_srid))
    ).order_by("slug")


def sites_for_listing(town: Town) -> QuerySet[Site]:
    """Sites for the list beside the map, with their area in the town's metres."""
    return town.sites.annotate(
        area=Area(Transform("boundary", town.utm_srid))
    ).order_by("slug")
