"""A session's submitted concepts compared: with the plan, with each other, on a grid.

Being written; the interface below is what pages and exports use.
"""

from __future__ import annotations

from typing import Any

from django.contrib.gis.geos import GEOSGeometry

from .models import DesignSession


def agreement_cells(
    session: DesignSession,
) -> list[tuple[GEOSGeometry, dict[str, Any]]]:
    """The agreement grid: each cell (a lon/lat polygon) with its attributes."""
    return []
