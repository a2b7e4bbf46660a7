"""Concerns per district, counted by where their public point lies.

The district is found from ``public_point`` (not the ``district`` column, which the
trigger derives from the exact place): near a border the exact district would say
more than the public grid does. A point on a border counts once, for the district
with the lowest id, as in the trigger.
"""

from __future__ import annotations

from django.db.models import QuerySet

from mapping.models import Town
from mapping.selectors import COORDINATE_DECIMALS, name_sql

from ..models import Concern
from . import concerns_sql, fetch_one


def districts_geojson(town: Town, concerns: QuerySet[Concern]) -> str:
    """The town's districts with how many of the concerns lie in each (choropleth)."""
    rows, params = concerns_sql(concerns)
    return fetch_one(
        f"""
        WITH placed AS (
            SELECT DISTINCT ON (c.id) c.id, d.id AS district_id
            FROM ({rows}) c
            JOIN mapping_district d
              ON d.town_id = %s AND ST_Intersects(d.boundary, c.public_point)
            ORDER BY c.id, d.id
        ),
        counted AS (
            SELECT district_id, count(*) AS n FROM placed GROUP BY district_id
        )
        SELECT json_build_object(
            'type', 'FeatureCollection',
            'total', (SELECT count(*) FROM ({rows}) c),
            'in_districts', (SELECT COALESCE(sum(n), 0) FROM counted),
            'features', COALESCE(json_agg(json_build_object(
                'type', 'Feature',
                'id', d.slug,
                'geometry', ST_AsGeoJSON(d.boundary, {COORDINATE_DECIMALS})::json,
                'properties', json_build_object(
                    'slug', d.slug,
                    'name', {name_sql("d")},
                    'count', COALESCE(k.n, 0),
                    'per_km2', round((COALESCE(k.n, 0)
                        / NULLIF(ST_Area(ST_Transform(d.boundary, %s)) / 1e6, 0)
                        )::numeric, 1)
                )
            ) ORDER BY d.slug), '[]'::json)
        )::text
        FROM mapping_district d
        LEFT JOIN counted k ON k.district_id = d.id
        WHERE d.town_id = %s
        """,
        [*params, town.pk, *params, town.utm_srid, town.pk],
    )
