"""How long the geometry intake takes, against plain parsing of the same GeoJSON.

Run: `make bench` (or `.venv/bin/python -m bench.intake`). Prints a table and the
ratio of the intake's time to the baseline measured in the same run: GEOS reading
the GeoJSON text with no checks at all. Writes bench/results/intake.md.
"""

from __future__ import annotations

import json
import math
import os
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
django.setup()

from django.contrib.gis.geos import GEOSGeometry  # noqa: E402

from mapping.intake import accept_geometry  # noqa: E402

RESULTS = Path(__file__).parent / "results" / "intake.md"


@dataclass
class Aksu:
    """A town-shaped place (no database needed): a 6 km circle around Aksu."""

    pk: int = 1
    name: str = "Aksu"
    utm_srid: int = 32643

    def __post_init__(self) -> None:
        ring = _ring(76.93, 52.04, 0.045, 720)
        self.boundary = GEOSGeometry(
            json.dumps({"type": "MultiPolygon", "coordinates": [[ring]]}), srid=4326
        )


def _ring(lon: float, lat: float, radius: float, n: int) -> list[list[float]]:
    ring = [
        [
            lon + radius * math.cos(2 * math.pi * i / n),
            lat + radius * math.sin(2 * math.pi * i / n) * 0.62,
        ]
        for i in range(n)
    ]
    return [*ring, ring[0]]


def _time(fn, repeat: int) -> float:
    """Median seconds of one call, over `repeat` calls after a warm-up."""
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    place = Aksu()
    rows = []
    for vertices in (5, 100, 1_000, 10_000):
        text = json.dumps(
            {
                "type": "Polygon",
                "coordinates": [_ring(76.93, 52.04, 0.01, vertices - 1)],
            }
        )
        repeat = max(20, 20_000 // vertices)
        base = _time(lambda text=text: GEOSGeometry(text, srid=4326), repeat)
        checked = _time(lambda text=text: accept_geometry(text), repeat)
        placed = _time(lambda text=text: accept_geometry(text, place=place), repeat)
        rows.append((vertices, len(text), base, checked, placed))

    header = (
        "| vertices | bytes | GEOS parse only (baseline) | intake, no town | "
        "intake + inside town | intake/baseline |\n|---:|---:|---:|---:|---:|---:|"
    )
    lines = [header]
    for vertices, size, base, checked, placed in rows:
        lines.append(
            f"| {vertices:,} | {size:,} | {base * 1e3:.3f} ms | {checked * 1e3:.3f} ms "
            f"| {placed * 1e3:.3f} ms | {placed / base:.1f}x |"
        )
    table = "\n".join(lines)
    print(table)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        "# Geometry intake benchmark\n\n"
        f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores; median of "
        "repeated calls in one process.\n\n" + table + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
