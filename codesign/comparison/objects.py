"""Objects per kind: counts and the mean distance to the nearest of the same kind."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

# An object this far from its counterpart counts for exp(-1) = 0.37 of a match.
OBJECT_DECAY_M = 20.0


@dataclass(frozen=True)
class ObjectAgreement:
    """One object kind: counts, symmetric mean nearest distance and agreement."""

    count_a: int
    count_b: int
    mean_nearest_m: float | None
    agreement: float | None  # None when neither concept has the kind


def object_agreement(a: NDArray[np.float64], b: NDArray[np.float64]) -> ObjectAgreement:
    """Compare the points of one object kind in two concepts."""
    count_a, count_b = len(a), len(b)
    if count_a == 0 or count_b == 0:
        agreement = None if count_a == count_b else 0.0
        return ObjectAgreement(count_a, count_b, None, agreement)
    # A few hundred objects at most: the full distance matrix is the fast way.
    distances = np.hypot(a[:, None, 0] - b[None, :, 0], a[:, None, 1] - b[None, :, 1])
    mean = (distances.min(axis=1).mean() + distances.min(axis=0).mean()) / 2
    ratio = min(count_a, count_b) / max(count_a, count_b)
    return ObjectAgreement(
        count_a, count_b, float(mean), math.exp(-mean / OBJECT_DECAY_M) * ratio
    )
