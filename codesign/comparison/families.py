"""Families of similar concepts: average-linkage clustering of the distance matrix.

Two groups merge while the mean distance between their members (1 - overall
similarity) is at most ``cut``; what is left are the families. Average linkage
(UPGMA) keeps a family from chaining through one middling concept, which single
linkage would do. docs/comparison.md gives the default cut.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

# Concepts whose mean similarity is at least 0.6 belong to one family.
CUT = 0.4


@dataclass(frozen=True)
class Family:
    """Members (indices into the matrix), its most typical member, its cohesion."""

    members: tuple[int, ...]
    medoid: int
    cohesion: float  # mean similarity between members; 1.0 for a family of one


def families(distances: NDArray[np.float64], *, cut: float = CUT) -> list[Family]:
    """Cluster a symmetric distance matrix; largest families first."""
    count = distances.shape[0]
    groups: list[list[int]] = [[i] for i in range(count)]
    # Mean distance between groups, kept as a matrix updated on every merge.
    between = distances.astype(float).copy()
    np.fill_diagonal(between, np.inf)
    alive = np.ones(count, dtype=bool)
    while alive.sum() > 1:
        masked = np.where(alive[:, None] & alive[None, :], between, np.inf)
        a, b = np.unravel_index(np.argmin(masked), masked.shape)
        if masked[a, b] > cut:
            break
        a, b = min(a, b), max(a, b)
        size_a, size_b = len(groups[a]), len(groups[b])
        merged = (between[a] * size_a + between[b] * size_b) / (size_a + size_b)
        between[a, :] = between[:, a] = merged
        between[a, a] = np.inf
        groups[a] = groups[a] + groups[b]
        groups[b] = []
        alive[b] = False
    found = [_family(sorted(g), distances) for g in groups if g]
    return sorted(found, key=lambda f: (-len(f.members), f.members[0]))


def _family(members: list[int], distances: NDArray[np.float64]) -> Family:
    inner = distances[np.ix_(members, members)]
    medoid = members[int(np.argmin(inner.sum(axis=1)))]
    if len(members) == 1:
        return Family(tuple(members), medoid, 1.0)
    pairs = len(members) * (len(members) - 1)
    return Family(tuple(members), medoid, float(1.0 - inner.sum() / pairs))
