"""How much an uploaded plan may hold, from settings prefixed BIRGE_PLAN_ (fail fast)."""

from __future__ import annotations

from dataclasses import dataclass, fields

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class PlanLimits:
    """The largest plan file Birge reads, and how many layers and features it holds."""

    max_bytes: int = 20 * 1024 * 1024
    max_features: int = 2_000
    max_layers: int = 50

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ImproperlyConfigured(
                    f"BIRGE_PLAN_{f.name.upper()} must be a whole number above 0"
                )


def configured_limits() -> PlanLimits:
    """The limits in force, read from settings on each call (tests override them)."""
    overrides = {
        f.name: getattr(settings, f"BIRGE_PLAN_{f.name.upper()}")
        for f in fields(PlanLimits)
        if hasattr(settings, f"BIRGE_PLAN_{f.name.upper()}")
    }
    return PlanLimits(**overrides)
