"""Which state each layer is in: a counter every write to its tables moves.

Statement-level triggers (``mapping_layer_touch``, migration 0002 and the apps'
own migrations) add one to a layer's row in ``mapping_layer_version`` whenever a
statement inserts, updates, deletes or truncates rows of its tables, in the same
transaction. ETags, cache keys and TileJSON tile URLs are built from the counter,
so a write changes them the moment it commits and no one is served a stale map.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from . import prepared


@dataclass(frozen=True)
class LayerState:
    """The versions of some layers, and when the last of them changed."""

    versions: tuple[tuple[str, int, datetime | None], ...]

    @property
    def changed(self) -> datetime | None:
        stamps = [changed for _name, _version, changed in self.versions if changed]
        return max(stamps) if stamps else None

    @property
    def tag(self) -> str:
        """A short token naming exactly these versions (for ETags and URLs).

        The time of the change is part of it: a counter alone could come back to
        an old value (a transaction rolled back, a database restored) and name
        other contents than a copy cached under it.
        """
        parts = [
            f"{name}={version}@{changed.timestamp() if changed else 0}"
            for name, version, changed in self.versions
        ]
        return hashlib.blake2s(";".join(parts).encode(), digest_size=6).hexdigest()


def current(names: Iterable[str]) -> LayerState:
    """The state of these layers now (version 0 for a layer never written)."""
    wanted = sorted(set(names))
    found = prepared.fetchall(
        "SELECT layer, version, changed FROM mapping_layer_version "
        "WHERE layer = ANY(%(layers)s)",
        {"layers": wanted},
    )
    rows = {layer: (version, changed) for layer, version, changed in found}
    return LayerState(
        versions=tuple((name, *rows.get(name, (0, None))) for name in wanted)
    )
