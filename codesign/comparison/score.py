"""The overall similarity: a weighted mean of family agreements, in [0, 1]."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from codesign.comparison.objects import ObjectAgreement
from codesign.comparison.paths import PathAgreement

# Zones carry most of a design; their layout counts twice their bare proportions.
WEIGHTS: dict[str, float] = {
    "zones": 0.4,
    "composition": 0.2,
    "paths": 0.2,
    "objects": 0.2,
}


def zone_scores(
    has_a: bool, has_b: bool, *, fuzzy: float, quantity_disagreement: float
) -> tuple[float | None, float | None]:
    """Zone layout (fuzzy agreement) and composition (1 - Q) scores."""
    if not has_a and not has_b:
        return None, None
    if not (has_a and has_b):
        return 0.0, 0.0
    return fuzzy, 1.0 - quantity_disagreement


def path_score(paths: Iterable[PathAgreement]) -> float | None:
    """Mean over path kinds drawn by either concept of the mean within-distance share."""
    values = [
        p.within if p.within is not None else 0.0
        for p in paths
        if p.length_a_m > 0 or p.length_b_m > 0
    ]
    return sum(values) / len(values) if values else None


def object_score(objects: Iterable[ObjectAgreement]) -> float | None:
    """Mean over object kinds placed by either concept of their agreement."""
    values = [o.agreement for o in objects if o.agreement is not None]
    return sum(values) / len(values) if values else None


def overall(scores: Mapping[str, float | None]) -> float:
    """The weighted mean of the family scores that apply; 1 when nothing is drawn."""
    used = {name: value for name, value in scores.items() if value is not None}
    if not used:
        return 1.0
    total = sum(WEIGHTS[name] for name in used)
    value = sum(WEIGHTS[name] * score for name, score in used.items()) / total
    return min(max(value, 0.0), 1.0)
