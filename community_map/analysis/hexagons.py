"""Concerns counted in a hexagon grid built by PostGIS in the town's UTM zone.

``ST_HexagonGrid(size, …)`` covers the town's boundary in its UTM metres, so a
hexagon's ``size`` (its edge, which is also its circumradius) is true metres.
Concerns are matched by their ``public_point`` with the GiST index (the hexagons
are brought to EPSG:4326 for that); a point on an edge counts once, for the
hexagon with the lowest (i, j). Only hexagons holding a concern are returned.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from mapping.models import Town
from mapping.refusals import ActionRefused
from mapping.selectors import COORDINATE_DECIMALS

from ..models import Concern
from . import concerns_sql, fetch_one

SIZES_M = (250, 500, 1000, 2000)
DEFAULT_SIZE_M = 500


def hexagon_size(text: str | None) -> int:
    """The ``size`` parameter in metres (one of SIZES_M), or a 400 refusal."""
    if not text:
        return DEFAULT_SIZE_M
    try:
        size = int(text)
    except ValueError:
        size = 0
    if size not in SIZES_M:
        raise ActionRefused(
            "hexagon_size_unknown",
            _("The hexagon size must be one of %(sizes)s metres.")
            % {"sizes": ", ".join(str(s) for s in SIZES_M)},
            status=400,
            field="size",
        )
    return size


def counted_grid_sql(rows: str) -> str:
    """CTEs ``grid`` (hexagons over the town) and ``counts`` (concerns per hexagon).

    ``rows`` is ``concerns_sql`` of the filtered concerns. Parameters, in order:
    size, town id, then the rows query's own parameters.
    """
    return f"""
        grid AS MATERIALIZED (
            SELECT h.i, h.j, h.geom AS local, ST_Transform(h.geom, 4326) AS geom
            FROM mapping_town t
            CROSS JOIN LATERAL ST_Transform(t.boundary, t.utm_srid) AS b(local)
            CROSS JOIN LATERAL ST_HexagonGrid(%s, b.local) AS h
            WHERE t.id = %s AND ST_Intersects(h.geom, b.local)
        ),
        placed AS (
            SELECT DISTINCT ON (c.id) c.id, g.i, g.j
            FROM grid g
            JOIN ({rows}) c ON ST_Intersects(c.public_point, g.geom)
            ORDER BY c.id, g.i, g.j
        ),
        counts AS (SELECT i, j, count(*)::int AS n FROM placed GROUP BY i, j)
    """


def hexagons_geojson(town: Town, concerns: QuerySet[Concern], size: int) -> str:
    """The non-empty hexagons of ``size`` metres, each with its count."""
    rows, params = concerns_sql(concerns)
    query_params: list[Any] = [size, town.pk, *params, size]
    return fetch_one(
        f"""
        WITH {counted_grid_sql(rows)}
        SELECT json_build_object(
            'type', 'FeatureCollection',
            'size', %s,
            'hexagons', count(*),
            'total', COALESCE(sum(k.n), 0),
            'max', COALESCE(max(k.n), 0),
            'features', COALESCE(json_agg(json_build_object(
                'type', 'Feature',
                'id', k.i || ':' || k.j,
                'geometry', ST_AsGeoJSON(g.geom, {COORDINATE_DECIMALS})::json,
                'properties', json_build_object('i', k.i, 'j', k.j, 'count', k.n)
            ) ORDER BY k.i, k.j), '[]'::json)
        )::text
        FROM counts k JOIN grid g USING (i, j)
        """,
        query_params,
    )
