"""Overlap per zone kind (IoU, Dice) and total/allocation disagreement."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from numpy.typing import NDArray

from codesign.comparison.prepared import Prepared


@dataclass(frozen=True)
class Overlap:
    """Per zone kind: common area, IoU and Dice (None where both are empty)."""

    common_m2: NDArray[np.float64]
    iou: list[float | None]
    dice: list[float | None]
    total_disagreement: float


def overlap(a: Prepared, b: Prepared) -> Overlap:
    """IoU and Dice per zone kind, and D = 1 - Σ common area / site (unassigned too)."""
    common = shapely.area(shapely.intersection(a.zones, b.zones))
    union = a.zone_areas + b.zone_areas - common
    total = a.zone_areas + b.zone_areas
    iou = [float(c / u) if u > 0 else None for c, u in zip(common, union, strict=True)]
    dice = [
        float(2 * c / t) if t > 0 else None for c, t in zip(common, total, strict=True)
    ]
    # The unassigned class agrees where neither concept has any zone.
    zoned_common = float(shapely.area(shapely.intersection(a.zoned, b.zoned)))
    unassigned_common = a.site_area - (a.zoned_area + b.zoned_area - zoned_common)
    agreed = float(common.sum()) + max(unassigned_common, 0.0)
    return Overlap(common, iou, dice, max(1.0 - agreed / a.site_area, 0.0))
