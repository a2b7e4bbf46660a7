"""Limits on outside geometry, from settings prefixed BIRGE_INTAKE_ (fail fast)."""

from __future__ import annotations

from dataclasses import dataclass, fields

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# The database refuses any stored geometry with more points than this (a CHECK
# constraint, see mapping/db.py). The intake's own limit must stay below it.
STORED_MAX_POINTS = 50_000


@dataclass(frozen=True)
class IntakeLimits:
    """How much geometry one request may carry."""

    max_bytes: int = 1_000_000
    max_vertices: int = 10_000
    max_rings: int = 200
    max_parts: int = 500
    max_depth: int = 8
    # Shapes may stick out of the town boundary by this much (sketch tolerance).
    boundary_tolerance_m: float = 50.0

    def __post_init__(self) -> None:
        for f in fields(self):
            if getattr(self, f.name) <= 0:
                raise ImproperlyConfigured(f"BIRGE_INTAKE_{f.name.upper()} must be > 0")
        if self.max_vertices > STORED_MAX_POINTS:
            raise ImproperlyConfigured(
                f"BIRGE_INTAKE_MAX_VERTICES must be at most {STORED_MAX_POINTS}, "
                "the limit the database enforces"
            )


def configured_limits() -> IntakeLimits:
    """The limits in force, read from settings on each call (tests override them)."""
    overrides = {
        f.name: getattr(settings, f"BIRGE_INTAKE_{f.name.upper()}")
        for f in fields(IntakeLimits)
        if hasattr(settings, f"BIRGE_INTAKE_{f.name.upper()}")
    }
    return IntakeLimits(**overrides)
