"""Fuzzy agreement of two zone maps on a raster of the site (Hagen 2003)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry.base import BaseGeometry

# The neighbourhood stops at this many tolerances: exp(-3) = 0.05 is "not near".
CUTOFF = 3.0


@dataclass(frozen=True)
class Grid:
    """Square cells over a site's bounds; ``inside`` marks cells centred in the site."""

    x0: float
    y0: float
    cell: float
    rows: int
    cols: int
    inside: NDArray[np.bool_]

    @classmethod
    def over(cls, site: BaseGeometry, *, cell_m: float, max_cells: int) -> Grid:
        """A grid of ``cell_m`` cells, coarsened so the bounds hold at most max_cells."""
        x0, y0, x1, y1 = shapely.bounds(site)
        width, height = max(x1 - x0, cell_m), max(y1 - y0, cell_m)
        cell = max(cell_m, math.sqrt(width * height / max_cells))
        rows, cols = math.ceil(height / cell), math.ceil(width / cell)
        empty = np.zeros((rows, cols), dtype=bool)
        grid = cls(x0, y0, cell, rows, cols, empty)
        return cls(x0, y0, cell, rows, cols, rasterise(site, grid))

    @property
    def cell_area(self) -> float:
        """Area of one cell in square metres."""
        return self.cell * self.cell


def rasterise(geometry: BaseGeometry, grid: Grid) -> NDArray[np.bool_]:
    """Cells whose centre lies inside a (multi)polygon: an even-odd scanline fill."""
    rings = shapely.get_rings(shapely.get_parts(geometry))
    coords, ring = shapely.get_coordinates(rings, return_index=True)
    same = ring[1:] == ring[:-1]
    x1, y1 = coords[:-1][same].T
    x2, y2 = coords[1:][same].T
    # Row r's centre is at f = r in these units; an edge crosses rows fmin <= r < fmax.
    f1 = (y1 - grid.y0) / grid.cell - 0.5
    f2 = (y2 - grid.y0) / grid.cell - 0.5
    lo = np.clip(np.ceil(np.minimum(f1, f2)), 0, grid.rows).astype(np.int64)
    hi = np.clip(np.ceil(np.maximum(f1, f2)), 0, grid.rows).astype(np.int64)
    count = hi - lo
    edge = np.repeat(np.arange(count.size), count)
    row = lo[edge] + np.arange(edge.size) - np.repeat(np.cumsum(count) - count, count)
    t = (row - f1[edge]) / (f2[edge] - f1[edge])
    x = x1[edge] + t * (x2[edge] - x1[edge])
    # A crossing flips every cell whose centre lies to its right.
    col = np.clip(np.floor((x - grid.x0) / grid.cell - 0.5) + 1, 0, grid.cols)
    flat = row * (grid.cols + 1) + col.astype(np.int64)
    flips = np.bincount(flat, minlength=grid.rows * (grid.cols + 1))
    flips = flips.reshape(grid.rows, grid.cols + 1)[:, : grid.cols]
    return (np.cumsum(flips, axis=1) & 1).astype(bool)


def near_squared(mask: NDArray[np.bool_], radius: int) -> NDArray[np.int32]:
    """Exact squared distance (in cells) to the nearest True cell, where <= radius².

    Separable: the nearest True cell in each column (running max/min of row
    numbers), then the best column in each row, looking at most ``radius`` columns
    away. That keeps every distance up to ``radius`` exact; farther ones come out
    larger than radius².
    """
    far = radius + 1
    rows = np.arange(mask.shape[0], dtype=np.int32)[:, None]
    above = np.where(mask, rows, -far)
    np.maximum.accumulate(above, axis=0, out=above)
    below = np.where(mask, rows, mask.shape[0] + far)
    below = np.minimum.accumulate(below[::-1], axis=0)[::-1]
    g = np.minimum(np.minimum(rows - above, below - rows), far)
    g2 = (g * g).astype(np.int32)
    d2 = g2.copy()
    shifted = np.empty_like(g2)
    for k in range(1, min(radius, mask.shape[1] - 1) + 1):
        width = mask.shape[1] - k
        np.add(g2[:, :-k], k * k, out=shifted[:, :width])
        np.minimum(d2[:, k:], shifted[:, :width], out=d2[:, k:])
        np.add(g2[:, k:], k * k, out=shifted[:, :width])
        np.minimum(d2[:, :-k], shifted[:, :width], out=d2[:, :-k])
    return d2


def similarity_fields(
    labels: NDArray[np.int8], classes: int, grid: Grid, tolerance_m: float
) -> NDArray[np.float32]:
    """For each class, exp(-d/tolerance) per site cell, d the distance to that class.

    ``labels`` holds one class per site cell (grid.inside order). Rows of classes
    that do not occur stay 0. Each distance transform runs only over the class's
    bounding box grown by the cut-off, so small zones cost little.
    """
    radius = math.ceil(CUTOFF * tolerance_m / grid.cell)
    # Squared distances in cells are integers: one table gives each its similarity.
    distance = np.sqrt(np.arange(2 * (radius + 1) ** 2 + 1)) * grid.cell
    table = np.where(
        distance <= CUTOFF * tolerance_m, np.exp(-distance / tolerance_m), 0.0
    ).astype(np.float32)
    fields = np.zeros((classes, labels.size), dtype=np.float32)
    full = np.full((grid.rows, grid.cols), -1, dtype=np.int8)
    full[grid.inside] = labels
    field = np.zeros((grid.rows, grid.cols), dtype=np.float32)
    for k in np.unique(labels):
        mask = full == k
        rows = np.flatnonzero(mask.any(axis=1))
        cols = np.flatnonzero(mask.any(axis=0))
        r0, r1 = max(rows[0] - radius, 0), min(rows[-1] + radius + 1, grid.rows)
        c0, c1 = max(cols[0] - radius, 0), min(cols[-1] + radius + 1, grid.cols)
        field.fill(0.0)
        field[r0:r1, c0:c1] = table[near_squared(mask[r0:r1, c0:c1], radius)]
        fields[k] = field[grid.inside]
    return fields


@dataclass(frozen=True)
class FuzzyAgreement:
    """Mean two-way fuzzy similarity over the site, and per class (None if absent)."""

    overall: float
    per_class: list[float | None]


def fuzzy_agreement(
    labels_a: NDArray[np.int8],
    fields_a: NDArray[np.float32],
    labels_b: NDArray[np.int8],
    fields_b: NDArray[np.float32],
) -> FuzzyAgreement:
    """Hagen's two-way fuzzy similarity per cell (the min of both ways), averaged."""
    cells = np.arange(labels_a.size)
    a_in_b = fields_b[labels_a, cells]
    b_in_a = fields_a[labels_b, cells]
    both = np.minimum(a_in_b, b_in_a).astype(np.float64)
    classes = fields_a.shape[0]
    # Per class: the cells either map gives that class, each counted once.
    same = labels_a == labels_b
    sums = (
        np.bincount(labels_a, both, classes)
        + np.bincount(labels_b, both, classes)
        - np.bincount(labels_a[same], both[same], classes)
    )
    counts = (
        np.bincount(labels_a, minlength=classes)
        + np.bincount(labels_b, minlength=classes)
        - np.bincount(labels_a[same], minlength=classes)
    )
    per_class = [float(s / n) if n else None for s, n in zip(sums, counts, strict=True)]
    overall = float(both.mean()) if both.size else 1.0
    return FuzzyAgreement(overall, per_class)
