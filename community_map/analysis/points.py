"""Concerns as points for the point and heat map: one feature per public point.

Concerns sharing a public point (the private ones of one 100 m cell) become one
feature with their count, so the map never loads more features than there are
distinct public places, and a count says "how many here", not "who".
"""

from __future__ import annotations

import json

from django.db.models import QuerySet

from mapping.selectors import COORDINATE_DECIMALS

from ..models import Concern, ConcernCategory
from . import concerns_sql, fetch_one


def points_geojson(concerns: QuerySet[Concern]) -> str:
    """Distinct public points with how many concerns, by category, lie there."""
    rows, params = concerns_sql(concerns, ("id", "public_point", "category"))
    labels = json.dumps({c.value: str(c.label) for c in ConcernCategory})
    return fetch_one(
        f"""
        WITH per_category AS (
            SELECT ST_AsGeoJSON(c.public_point, {COORDINATE_DECIMALS}) AS place,
                   c.category, count(*)::int AS n
            FROM ({rows}) c
            GROUP BY 1, 2
        ),
        per_place AS (
            SELECT place, sum(n)::int AS n,
                   jsonb_object_agg(category, n) AS categories,
                   (array_agg(category ORDER BY n DESC, category))[1] AS top
            FROM per_category GROUP BY place
        )
        SELECT json_build_object(
            'type', 'FeatureCollection',
            'total', COALESCE(sum(p.n), 0),
            'features', COALESCE(json_agg(json_build_object(
                'type', 'Feature',
                'geometry', p.place::json,
                'properties', json_build_object(
                    'count', p.n,
                    'category', p.top,
                    'category_label', %s::jsonb ->> p.top,
                    'categories', p.categories
                )
            ) ORDER BY p.n DESC, p.place), '[]'::json)
        )::text
        FROM per_place p
        """,
        [*params, labels],
    )
