"""Composition: each zone kind's share of the site, and quantity disagreement."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from codesign.comparison.prepared import Prepared


def shares(concept: Prepared) -> NDArray[np.float64]:
    """Shares of the site per class: unassigned first, then each zone kind."""
    unassigned = max(concept.site_area - concept.zoned_area, 0.0)
    return np.concatenate(([unassigned], concept.zone_areas)) / concept.site_area


def quantity_disagreement(a: Prepared, b: Prepared) -> float:
    """Pontius & Millones' Q: half the sum of absolute share differences."""
    return float(np.abs(shares(a) - shares(b)).sum() / 2)
