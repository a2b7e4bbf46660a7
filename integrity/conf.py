"""Settings of idempotent submissions, prefixed BIRGE_IDEMPOTENCY_ (fail fast).

``BIRGE_IDEMPOTENCY_TTL_SECONDS`` (86 400: a day) is how long a key and its stored
answer are kept; ``…_MAX_STORED_BYTES`` (1 000 000) is the largest answer body kept
for replay (a larger one is replayed without its body); ``…_PURGE_EVERY`` (200)
makes about one claim in that many also delete a batch of expired keys.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "BIRGE_IDEMPOTENCY_"
DEFAULTS = {"ttl_seconds": 86_400, "max_stored_bytes": 1_000_000, "purge_every": 200}


@dataclass(frozen=True)
class IdempotencySettings:
    ttl_seconds: int
    max_stored_bytes: int
    purge_every: int


def idempotency_settings() -> IdempotencySettings:
    """The settings, read on each call so tests can override them."""
    values = {}
    for name, default in DEFAULTS.items():
        value = getattr(settings, f"{PREFIX}{name.upper()}", default)
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise ImproperlyConfigured(
                f"{PREFIX}{name.upper()} must be a whole number above 0"
            )
        values[name] = value
    return IdempotencySettings(**values)
