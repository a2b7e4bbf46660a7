"""Hotspots: Getis-Ord Gi* on the hexagon counts of a town (esda + libpysal).

The study area is every hexagon of the grid that touches the town's boundary,
empty ones included (a cold spot is a run of empty hexagons). Neighbours are the
six hexagons around one (a distance band of √3 · size between centres, binary
weights) and, since this is Gi*, the hexagon itself. Pseudo p-values come from
999 conditional permutations with a fixed seed, so the same data give the same
map. A hexagon is hot (cold) at 90, 95 or 99 % when its z-score is positive
(negative) and its two-sided permutation p-value (ties counted on both sides)
is at most 0.10, 0.05 or 0.01.
"""

from __future__ import annotations

import json
import math
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from mapping.models import Town
from mapping.selectors import COORDINATE_DECIMALS

from ..models import Concern
from . import concerns_sql, fetch_all, fetch_one
from .hexagons import counted_grid_sql

PERMUTATIONS = 999
SEED = 20250115
MIN_HEXAGONS = 30  # in the study area
MIN_OCCUPIED = 5  # hexagons holding at least one concern
CONFIDENCE_LEVELS = ((99, 0.01), (95, 0.05), (90, 0.10))


@dataclass(frozen=True)
class GiStar:
    """Gi* of each hexagon: z-score, p-values and class."""

    z: np.ndarray
    p_norm: np.ndarray  # two-sided, from the normal approximation
    p_sim: np.ndarray  # two-sided, from the seeded permutations
    kind: list[str]  # "hot", "cold" or "none"
    confidence: list[int]  # 99, 95, 90 or 0


def gi_star(
    counts: np.ndarray, centres: np.ndarray, size: float, *, seed: int = SEED
) -> GiStar:
    """Gi* of hexagon counts; ``centres`` in metres, ``size`` the hexagon edge."""
    from esda.getisord import G_Local
    from libpysal.weights import DistanceBand

    # Centres of adjacent hexagons are √3·size apart; the next ring is 3·size.
    threshold = math.sqrt(3) * size * 1.01
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        weights = DistanceBand(
            centres, threshold=threshold, binary=True, silence_warnings=True
        )
        result = G_Local(
            counts.astype(float),
            weights,
            transform="B",
            permutations=PERMUTATIONS,
            star=True,
            keep_simulations=True,
            n_jobs=1,
            seed=seed,
        )
    z = np.nan_to_num(np.asarray(result.Zs, dtype=float))
    p_norm = np.minimum(1.0, 2 * np.asarray(result.p_norm, dtype=float))
    p_sim = _two_sided(np.asarray(result.Gs), np.asarray(result.rGs))
    kinds, levels = [], []
    for zi, pi in zip(z, p_sim, strict=True):
        level = next((c for c, alpha in CONFIDENCE_LEVELS if pi <= alpha), 0)
        if level and zi > 0:
            kinds.append("hot")
        elif level and zi < 0:
            kinds.append("cold")
        else:
            kinds.append("none")
            level = 0
        levels.append(level)
    return GiStar(z, np.nan_to_num(p_norm, nan=1.0), p_sim, kinds, levels)


def _two_sided(observed: np.ndarray, simulated: np.ndarray) -> np.ndarray:
    """Two-sided pseudo p-values that count ties on both sides.

    esda folds its one-sided p by counting only simulations at least as large
    as the observed value; a hexagon with nothing around it ties with every
    simulation at zero and came out "cold at 99 %". Counting ties as at least
    as extreme on either side avoids that.
    """
    at_least = (simulated >= observed[:, None] - 1e-12).sum(axis=1)
    at_most = (simulated <= observed[:, None] + 1e-12).sum(axis=1)
    permutations = simulated.shape[1]
    one_sided = (np.minimum(at_least, at_most) + 1) / (permutations + 1)
    return np.minimum(1.0, 2 * one_sided)


def _not_enough(size: int, hexagons: int, occupied: int, total: int) -> str:
    message = _(
        "Not enough data for hotspots: %(occupied)d of %(hexagons)d hexagons of "
        "%(size)d m hold concerns (at least %(min_occupied)d of %(min_hexagons)d "
        "are needed, with different counts). Choose smaller hexagons or widen "
        "the filters."
    ) % {
        "occupied": occupied,
        "hexagons": hexagons,
        "size": size,
        "min_occupied": MIN_OCCUPIED,
        "min_hexagons": MIN_HEXAGONS,
    }
    return json.dumps(
        {
            "type": "FeatureCollection",
            "enough_data": False,
            "message": message,
            "size": size,
            "hexagons": hexagons,
            "occupied": occupied,
            "total": total,
            "features": [],
        },
        ensure_ascii=False,
    )


def hotspots_geojson(town: Town, concerns: QuerySet[Concern], size: int) -> str:
    """The hexagons with concerns or a significant Gi*, with z, p and class."""
    concern_rows, params = concerns_sql(concerns)
    rows = fetch_all(
        f"""
        WITH {counted_grid_sql(concern_rows)}
        SELECT g.i, g.j, ST_X(ST_Centroid(g.local)), ST_Y(ST_Centroid(g.local)),
               COALESCE(k.n, 0)
        FROM grid g LEFT JOIN counts k USING (i, j)
        ORDER BY g.i, g.j
        """,
        [size, town.pk, *params],
    )
    counts = np.array([r[4] for r in rows], dtype=np.int64)
    occupied, total = int((counts > 0).sum()), int(counts.sum())
    if (
        len(rows) < MIN_HEXAGONS
        or occupied < MIN_OCCUPIED
        or counts.min() == counts.max()
    ):
        return _not_enough(size, len(rows), occupied, total)
    centres = np.array([(r[2], r[3]) for r in rows], dtype=float)
    stats = gi_star(counts, centres, size)
    parameters: dict[str, Any] = {
        "statistic": "Gi*",
        "weights": "distance band, binary, with self",
        "threshold_m": round(math.sqrt(3) * size * 1.01, 1),
        "permutations": PERMUTATIONS,
        "seed": SEED,
    }
    return fetch_one(
        f"""
        SELECT json_build_object(
            'type', 'FeatureCollection',
            'enough_data', true,
            'size', %s,
            'hexagons', %s,
            'occupied', %s,
            'total', %s,
            'parameters', %s::json,
            'features', COALESCE(json_agg(json_build_object(
                'type', 'Feature',
                'id', r.i || ':' || r.j,
                'geometry', ST_AsGeoJSON(ST_Transform(
                    ST_Hexagon(%s, r.i, r.j, ST_SetSRID(ST_MakePoint(0, 0), %s)),
                    4326), {COORDINATE_DECIMALS})::json,
                'properties', json_build_object(
                    'i', r.i, 'j', r.j, 'count', r.n,
                    'z', round(r.z::numeric, 3),
                    'p_norm', round(r.p_norm::numeric, 4),
                    'p_sim', round(r.p_sim::numeric, 4),
                    'class', r.kind,
                    'confidence', r.confidence
                )
            ) ORDER BY r.i, r.j) FILTER (WHERE r.n > 0 OR r.kind <> 'none'),
            '[]'::json)
        )::text
        FROM unnest(%s::int[], %s::int[], %s::int[], %s::float8[], %s::float8[],
                    %s::float8[], %s::text[], %s::int[])
             AS r(i, j, n, z, p_norm, p_sim, kind, confidence)
        """,
        [
            size,
            len(rows),
            occupied,
            total,
            json.dumps(parameters),
            size,
            town.utm_srid,
            [int(r[0]) for r in rows],
            [int(r[1]) for r in rows],
            counts.tolist(),
            stats.z.tolist(),
            stats.p_norm.tolist(),
            stats.p_sim.tolist(),
            stats.kind,
            stats.confidence,
        ],
    )
