"""Compare concepts: composition, overlap, fuzzy agreement, paths, objects, score."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import shapely
from numpy.typing import NDArray

from codesign.comparison.composition import quantity_disagreement, shares
from codesign.comparison.concept import Concept
from codesign.comparison.fuzzy import Grid, fuzzy_agreement
from codesign.comparison.objects import ObjectAgreement, object_agreement
from codesign.comparison.overlap import overlap
from codesign.comparison.paths import PathAgreement, path_agreement
from codesign.comparison.prepared import Prepared, prepare
from codesign.comparison.score import object_score, overall, path_score, zone_scores
from codesign.comparison.vocabulary import OBJECT_KINDS, PATH_KINDS, ZONE_KINDS


@dataclass(frozen=True)
class ZoneAgreement:
    """One zone kind: shares of the site, common area, IoU, Dice and fuzzy agreement."""

    share_a: float
    share_b: float
    common_m2: float
    iou: float | None
    dice: float | None
    fuzzy: float | None


@dataclass(frozen=True)
class Comparison:
    """Every metric between concepts a and b, per kind, and the overall score."""

    zones: dict[str, ZoneAgreement]
    unassigned_a: float
    unassigned_b: float
    quantity_disagreement: float
    allocation_disagreement: float
    total_disagreement: float
    fuzzy_agreement: float
    paths: dict[str, PathAgreement]
    objects: dict[str, ObjectAgreement]
    scores: dict[str, float | None]
    overall: float

    def to_dict(self) -> dict[str, Any]:
        """Plain dicts, lists, floats and None, ready for JSON."""
        return asdict(self)


@dataclass(frozen=True)
class Settings:
    """How finely to compare: tolerances in metres and the raster."""

    tolerance_m: float = 5.0
    path_distance_m: float = 10.0
    cell_m: float = 1.0
    max_cells: int = 250_000


def compare(
    a: Concept,
    b: Concept,
    *,
    tolerance_m: float = 5.0,
    path_distance_m: float = 10.0,
    cell_m: float = 1.0,
    max_cells: int = 250_000,
) -> Comparison:
    """Compare two concepts of the same site."""
    settings = Settings(tolerance_m, path_distance_m, cell_m, max_cells)
    grid = _grid(a, settings)
    return _compare(
        _prepare(a, a, grid, settings), _prepare(b, a, grid, settings), settings
    )


def compare_many(
    official: Concept, concepts: Sequence[Concept], **options: Any
) -> list[Comparison]:
    """Compare each concept with the official plan (prepared once)."""
    settings = Settings(**options)
    grid = _grid(official, settings)
    plan = _prepare(official, official, grid, settings)
    return [
        _compare(plan, _prepare(concept, official, grid, settings), settings)
        for concept in concepts
    ]


def distance_matrix(concepts: Sequence[Concept], **options: Any) -> NDArray[np.float64]:
    """1 - overall for every pair of concepts of one site (symmetric, zero diagonal)."""
    settings = Settings(**options)
    count = len(concepts)
    matrix = np.zeros((count, count))
    if count == 0:
        return matrix
    grid = _grid(concepts[0], settings)
    prepared = [_prepare(c, concepts[0], grid, settings) for c in concepts]
    for i in range(count):
        for j in range(i + 1, count):
            distance = 1.0 - _compare(prepared[i], prepared[j], settings).overall
            matrix[i, j] = matrix[j, i] = distance
    return matrix


def _grid(reference: Concept, settings: Settings) -> Grid:
    return Grid.over(
        reference.site, cell_m=settings.cell_m, max_cells=settings.max_cells
    )


def _prepare(
    concept: Concept, reference: Concept, grid: Grid, settings: Settings
) -> Prepared:
    # Every metric is a share of one site; concepts of different sites do not compare.
    if concept.site is not reference.site and not shapely.equals(
        concept.site, reference.site
    ):
        raise ValueError(
            f"concept {concept.name!r} is drawn on another site than {reference.name!r}"
        )
    return prepare(concept, grid, tolerance_m=settings.tolerance_m)


def _compare(a: Prepared, b: Prepared, settings: Settings) -> Comparison:
    shares_a, shares_b = shares(a), shares(b)
    q = quantity_disagreement(a, b)
    common = overlap(a, b)
    fuzzy = fuzzy_agreement(a.labels, a.fields, b.labels, b.fields)
    zones = {
        kind: ZoneAgreement(
            float(shares_a[i + 1]),
            float(shares_b[i + 1]),
            float(common.common_m2[i]),
            common.iou[i],
            common.dice[i],
            fuzzy.per_class[i + 1],
        )
        for i, kind in enumerate(ZONE_KINDS)
    }
    paths = {
        kind: path_agreement(
            a.paths[i], b.paths[i], distance_m=settings.path_distance_m
        )
        for i, kind in enumerate(PATH_KINDS)
    }
    objects = {
        kind: object_agreement(a.objects[i], b.objects[i])
        for i, kind in enumerate(OBJECT_KINDS)
    }
    zone_score, composition_score = zone_scores(
        a.has("zone"), b.has("zone"), fuzzy=fuzzy.overall, quantity_disagreement=q
    )
    scores = {
        "zones": zone_score,
        "composition": composition_score,
        "paths": path_score(paths.values()),
        "objects": object_score(objects.values()),
    }
    return Comparison(
        zones=zones,
        unassigned_a=float(shares_a[0]),
        unassigned_b=float(shares_b[0]),
        quantity_disagreement=q,
        allocation_disagreement=max(common.total_disagreement - q, 0.0),
        total_disagreement=common.total_disagreement,
        fuzzy_agreement=fuzzy.overall,
        paths=paths,
        objects=objects,
        scores=scores,
        overall=overall(scores),
    )
