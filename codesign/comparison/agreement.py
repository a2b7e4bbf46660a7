"""Where concepts agree: the share of concepts choosing each use, cell by cell.

Every concept is rasterised on one grid over the site (a cell takes the zone
kind its centre lies in, or "unassigned"). Per cell: the share of concepts
choosing each class, the class most chose and its share, the normalised
Shannon entropy of the choices (0 = everyone chose the same, 1 = as split as
the number of concepts allows), and, when there is an official plan, whether
the concepts agree with each other but the plan puts something else there.
docs/comparison.md explains the thresholds.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from numpy.typing import NDArray

from codesign.comparison.concept import Concept
from codesign.comparison.fuzzy import Grid
from codesign.comparison.prepared import CLASSES, site_zones, zone_labels

# Residents "agree" on a cell when at least this share of concepts chose one use.
CONSENSUS = 2 / 3
# A cell is "split" when its normalised entropy is at least this.
SPLIT = 0.75
# The grid is as fine as this, coarsened so a site has at most MAX_CELLS cells.
CELL_M = 5.0
MAX_CELLS = 5_000


@dataclass(frozen=True)
class AgreementGrid:
    """Per site cell: shares per class, the leading class, entropy, the plan's class."""

    grid: Grid
    concepts: int
    shares: NDArray[np.float64]  # (classes, cells)
    leading: NDArray[np.int8]  # index into CLASSES
    leading_share: NDArray[np.float64]
    entropy: NDArray[np.float64]  # normalised to [0, 1]
    official: NDArray[np.int8] | None  # the plan's class per cell, if there is a plan

    @property
    def cells(self) -> int:
        """How many cells lie in the site."""
        return int(self.leading.size)

    @property
    def agreed(self) -> NDArray[np.bool_]:
        """Cells where at least CONSENSUS of the concepts chose the same use."""
        return self.leading_share >= CONSENSUS - 1e-9

    @property
    def split(self) -> NDArray[np.bool_]:
        """Cells where the concepts are split (entropy at least SPLIT)."""
        return self.entropy >= SPLIT

    @property
    def plan_differs(self) -> NDArray[np.bool_]:
        """Cells where the concepts agree with each other but the plan differs."""
        if self.official is None:
            return np.zeros(self.cells, dtype=bool)
        return self.agreed & (self.leading != self.official)

    def centres(self) -> NDArray[np.float64]:
        """The (x, y) centre of every site cell, in the concepts' metres."""
        rows, cols = np.nonzero(self.grid.inside)
        x = self.grid.x0 + (cols + 0.5) * self.grid.cell
        y = self.grid.y0 + (rows + 0.5) * self.grid.cell
        return np.column_stack([x, y])

    def squares(self) -> NDArray[np.object_]:
        """Every site cell as a square polygon in metres."""
        half = self.grid.cell / 2
        centres = self.centres()
        return shapely.box(
            centres[:, 0] - half,
            centres[:, 1] - half,
            centres[:, 0] + half,
            centres[:, 1] + half,
        )

    def summary(self) -> dict[str, float]:
        """Shares of the site: agreed, split, agreed but the plan differs."""
        cells = max(self.cells, 1)
        return {
            "concepts": float(self.concepts),
            "cell_m": round(self.grid.cell, 2),
            "agreed": float(self.agreed.sum()) / cells,
            "split": float(self.split.sum()) / cells,
            "plan_differs": float(self.plan_differs.sum()) / cells,
            "mean_entropy": float(self.entropy.mean()) if self.cells else 0.0,
        }


def agreement(
    site: object,
    concepts: Sequence[Concept],
    *,
    official: Concept | None = None,
    cell_m: float = CELL_M,
    max_cells: int = MAX_CELLS,
) -> AgreementGrid:
    """The agreement of concepts drawn on one site (a polygon in metres)."""
    grid = Grid.over(site, cell_m=cell_m, max_cells=max_cells)
    count = len(concepts)
    cells = int(grid.inside.sum())
    classes = len(CLASSES)
    tally = np.zeros((classes, cells), dtype=np.int32)
    for concept in concepts:
        labels = zone_labels(site_zones(concept), grid)
        tally[labels, np.arange(cells)] += 1
    shares = tally / count if count else np.zeros((classes, cells))
    leading = np.argmax(tally, axis=0).astype(np.int8)
    leading_share = shares.max(axis=0) if cells else np.zeros(0)
    with np.errstate(divide="ignore", invalid="ignore"):
        bits = -np.where(shares > 0, shares * np.log2(shares), 0.0).sum(axis=0)
    # The most split n concepts can be: each class chosen equally, or one each.
    ceiling = math.log2(min(count, classes)) if count > 1 else 1.0
    entropy = np.clip(bits / ceiling, 0.0, 1.0) if count > 1 else np.zeros(cells)
    plan = None
    if official is not None:
        plan = zone_labels(site_zones(official), grid)
    return AgreementGrid(
        grid=grid,
        concepts=count,
        shares=shares,
        leading=leading,
        leading_share=leading_share,
        entropy=entropy,
        official=plan,
    )
