"""Paths per kind: Hausdorff distance and the share of length near the other's."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry.base import BaseGeometry

# Paths are measured at points this far apart along them: Hausdorff distances are
# then exact to half a step and within-distance shares to one step per crossing.
STEP_M = 1.0
# Point-to-segment distances are computed in blocks of at most this many pairs.
BLOCK = 1 << 20


@dataclass(frozen=True)
class PathSample:
    """One path kind of one concept: its drawn segments and points along it."""

    length_m: float
    segments: NDArray[np.float64]  # (m, 2, 2): start and end of each drawn segment
    points: NDArray[np.float64]  # (n, 2): midpoints of STEP_M pieces, then vertices
    weights: NDArray[np.float64]  # the length each point stands for (0: a vertex)

    @classmethod
    def of(cls, paths: BaseGeometry, drawn: NDArray[np.object_]) -> PathSample:
        """Sample the union of a path kind every STEP_M; keep the drawn segments."""
        fine = shapely.segmentize(shapely.get_parts(paths), STEP_M)
        pieces = _pieces(fine)
        return cls(
            float(shapely.length(paths)),
            # The drawn lines, not the union: noding at every crossing adds segments.
            _pieces(shapely.get_parts(drawn)),
            np.concatenate([pieces.mean(axis=1), shapely.get_coordinates(fine)]),
            np.concatenate(
                [
                    np.hypot(*(pieces[:, 1] - pieces[:, 0]).T),
                    np.zeros(len(shapely.get_coordinates(fine))),
                ]
            ),
        )


def _pieces(lines: NDArray[np.object_]) -> NDArray[np.float64]:
    """Every segment of the lines as an (n, 2, 2) array of start and end."""
    coords, line = shapely.get_coordinates(lines, return_index=True)
    same = line[1:] == line[:-1]
    return np.stack([coords[:-1][same], coords[1:][same]], axis=1)


def nearest_distance(
    points: NDArray[np.float64], segments: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Distance from each point to the nearest of the segments (numpy, in blocks)."""
    sx, sy = segments[:, 0, 0], segments[:, 0, 1]
    dx, dy = segments[:, 1, 0] - sx, segments[:, 1, 1] - sy
    squared = dx * dx + dy * dy
    squared[squared == 0] = 1.0  # a zero-length segment: t is 0, its start counts
    result = np.empty(len(points))
    step = max(BLOCK // max(len(segments), 1), 1)
    for first in range(0, len(points), step):
        px = points[first : first + step, 0, None] - sx
        py = points[first : first + step, 1, None] - sy
        t = np.clip((px * dx + py * dy) / squared, 0.0, 1.0)
        px -= t * dx
        py -= t * dy
        result[first : first + step] = np.sqrt((px * px + py * py).min(axis=1))
    return result


@dataclass(frozen=True)
class PathAgreement:
    """One path kind: lengths, Hausdorff and shares within the distance (or None)."""

    length_a_m: float
    length_b_m: float
    hausdorff_m: float | None
    within_a: float | None  # share of a's length near b's paths
    within_b: float | None
    within: float | None  # the mean of the two


def path_agreement(a: PathSample, b: PathSample, *, distance_m: float) -> PathAgreement:
    """Compare one path kind in two concepts."""
    if a.length_m == 0 or b.length_m == 0:
        return PathAgreement(a.length_m, b.length_m, None, None, None, None)
    a_to_b = nearest_distance(a.points, b.segments)
    b_to_a = nearest_distance(b.points, a.segments)
    hausdorff = float(max(a_to_b.max(), b_to_a.max()))
    within_a = float(a.weights[a_to_b <= distance_m].sum() / a.weights.sum())
    within_b = float(b.weights[b_to_a <= distance_m].sum() / b.weights.sum())
    return PathAgreement(
        a.length_m, b.length_m, hausdorff, within_a, within_b, (within_a + within_b) / 2
    )
