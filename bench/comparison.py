"""How fast Birge compares site concepts, against plain shapely in the same run.

Run: `make bench` (or `.venv/bin/python -m bench.comparison`). Prints a table and
writes bench/results/comparison.md. A seeded 4-ha site (200 × 200 m) has an
official plan of 50 elements (12 zones, 8 paths, 30 objects) and 100 concepts
made from it with varied similarity: zones moved up to 4 m and some given another
kind, paths bent by up to 15 m, objects moved up to 20 m and some of another kind.

Baselines, measured in the same run on the same concepts:
- the floor: only the per-kind unions of every concept (no metric at all);
- naive shapely: the zone overlaps, path Hausdorff distances and within-10 m
  shares (buffer + intersection) and object nearest distances, element by
  element in Python, with no raster and so no fuzzy agreement.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import shapely
from shapely.geometry import LineString, Point, box

from codesign.comparison import (
    OBJECT_KINDS,
    PATH_KINDS,
    ZONE_KINDS,
    Concept,
    Element,
    compare_many,
    distance_matrix,
)
from codesign.comparison.agreement import agreement
from codesign.comparison.families import families
from codesign.comparison.prepared import site_zones

RESULTS = Path(__file__).parent / "results" / "comparison.md"
SITE = box(0, 0, 200, 200)


def _time(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    """Median seconds of ``repeat`` calls, and the last result."""
    samples, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), result


def official_plan(rng: random.Random) -> Concept:
    """12 zones in a 4 × 3 layout with 10 m between them, 8 paths, 30 objects."""
    elements = []
    for i in range(4):
        for j in range(3):
            x, y = i * 50 + 5.0, j * 200 / 3 + 5
            zone = box(x, y, x + 40, y + 200 / 3 - 10)
            elements.append(Element(ZONE_KINDS[(i * 3 + j) % 8], zone))
    for k in range(8):
        x, y = rng.uniform(20, 180), rng.uniform(20, 180)
        points = [(x, y)]
        for _ in range(rng.randint(2, 4)):
            x = min(max(x + rng.uniform(-40, 40), 0), 200)
            y = min(max(y + rng.uniform(-40, 40), 0), 200)
            points.append((x, y))
        elements.append(Element(PATH_KINDS[k % 2], LineString(points)))
    for k in range(30):
        point = Point(rng.uniform(0, 200), rng.uniform(0, 200))
        elements.append(Element(OBJECT_KINDS[k % 5], point))
    return Concept(SITE, elements, name="akimat", official=True)


def resident_concept(plan: Concept, rng: random.Random, change: float) -> Concept:
    """The plan redrawn by residents: ``change`` in [0, 1] says how freely."""
    elements = []
    for element in plan.elements:
        geometry, kind = element.geometry, element.kind
        if kind in ZONE_KINDS:
            # Up to 4 m each way: zones 10 m apart stay apart, as the intake wants.
            x0, y0, x1, y1 = geometry.bounds
            jitter = [rng.uniform(-4, 4) * change for _ in range(4)]
            geometry = box(
                x0 + jitter[0], y0 + jitter[1], x1 + jitter[2], y1 + jitter[3]
            )
            if rng.random() < change / 2:
                kind = rng.choice(ZONE_KINDS)
        elif kind in PATH_KINDS:
            geometry = LineString(
                [
                    (
                        x + rng.uniform(-15, 15) * change,
                        y + rng.uniform(-15, 15) * change,
                    )
                    for x, y in geometry.coords
                ]
            )
        else:
            geometry = Point(
                geometry.x + rng.uniform(-20, 20) * change,
                geometry.y + rng.uniform(-20, 20) * change,
            )
            if rng.random() < change / 4:
                kind = rng.choice(OBJECT_KINDS)
        elements.append(Element(kind, geometry))
    return Concept(SITE, elements, name=f"concept {change:.2f}")


def unions_only(concepts: list[Concept]) -> int:
    """The floor: union every concept's elements per kind, nothing more."""
    total = 0
    for concept in concepts:
        for kind in (*ZONE_KINDS, *PATH_KINDS):
            shapely.union_all([e.geometry for e in concept.elements if e.kind == kind])
            total += 1
    return total


def naive(plan: Concept, concepts: list[Concept]) -> list[float]:
    """Overlap, path and object metrics element by element with plain shapely."""
    results = []
    for concept in concepts:
        score = 0.0
        for kind in (*ZONE_KINDS, *PATH_KINDS):
            a = [e.geometry for e in plan.elements if e.kind == kind]
            b = [e.geometry for e in concept.elements if e.kind == kind]
            if kind in ZONE_KINDS:
                common = sum(x.intersection(y).area for x in a for y in b)
                score += common / max(sum(x.area for x in a + b), 1.0)
            elif a and b:
                ua, ub = shapely.union_all(a), shapely.union_all(b)
                score += shapely.hausdorff_distance(ua, ub, densify=0.1)
                score += ua.intersection(ub.buffer(10)).length / ua.length
        for kind in OBJECT_KINDS:
            a = [e.geometry for e in plan.elements if e.kind == kind]
            b = [e.geometry for e in concept.elements if e.kind == kind]
            if a and b:
                score += sum(min(x.distance(y) for y in b) for x in a) / len(a)
        results.append(score)
    return results


def agreement_by_points(plan: Concept, concepts: list[Concept]) -> int:
    """Baseline for the agreement grid: shapely point-in-polygon per cell centre."""
    grid = agreement(plan.site, concepts[:1]).centres()
    chosen = 0
    for concept in concepts:
        for zone in site_zones(concept):
            if not zone.is_empty:
                chosen += int(shapely.contains_xy(zone, grid[:, 0], grid[:, 1]).sum())
    return chosen


def main() -> None:
    rng = random.Random(2023)
    plan = official_plan(rng)
    concepts = [resident_concept(plan, rng, change=i / 99) for i in range(100)]
    elements = sum(len(c.elements) for c in concepts)
    many_s, many = _time(lambda: compare_many(plan, concepts), 3)
    floor_s, _ = _time(lambda: unions_only(concepts), 3)
    naive_s, _ = _time(lambda: naive(plan, concepts), 1)
    matrix_s, _ = _time(lambda: distance_matrix(concepts), 1)
    grid_s, grid = _time(lambda: agreement(plan.site, concepts, official=plan), 3)
    points_s, _ = _time(lambda: agreement_by_points(plan, concepts), 3)
    matrix = distance_matrix(concepts)
    families_s, found = _time(lambda: families(matrix), 3)
    cells = grid.cells  # type: ignore[attr-defined]
    scores = [c.overall for c in many]  # type: ignore[attr-defined]
    pairs = len(concepts) * (len(concepts) - 1) // 2

    lines = [
        "| task | comparisons | Birge | per comparison | baseline | Birge is |",
        "|---|---:|---:|---:|---:|---|",
        f"| 100 concepts × 50 elements vs the plan (`compare_many`) | 100 "
        f"| {many_s * 1e3:,.0f} ms | {many_s * 10:.1f} ms "
        f"| {floor_s * 1e3:,.0f} ms: per-kind unions only | "
        f"{many_s / floor_s:.1f}x the floor |",
        f"| same metrics minus fuzzy agreement, naive shapely loop | 100 "
        f"| | | {naive_s * 1e3:,.0f} ms: per element, no raster | "
        f"the baseline takes {naive_s / many_s:.2f}x Birge's time and skips the raster |",
        f"| every pair of the 100 concepts (`distance_matrix`) | {pairs:,} "
        f"| {matrix_s * 1e3:,.0f} ms | {matrix_s / pairs * 1e3:.1f} ms | | |",
        f"| agreement grid of the 100 concepts and the plan ({cells:,} cells) | 101 "
        f"| {grid_s * 1e3:,.0f} ms | {grid_s / 101 * 1e3:.1f} ms "
        f"| {points_s * 1e3:,.0f} ms: shapely point-in-polygon per cell | "
        f"{points_s / grid_s:.2f}x the baseline's speed |",
        f"| families of the 100 (average linkage on the matrix) | {pairs:,} "
        f"| {families_s * 1e3:,.1f} ms | | | {len(found)} families |",  # type: ignore[arg-type]
    ]
    table = "\n".join(lines)
    summary = (
        f"{elements:,} elements; overall scores from {min(scores):.3f} to "
        f"{max(scores):.3f} (median {statistics.median(scores):.3f}); target for "
        f"`compare_many`: under 2 s — {'met' if many_s < 2 else 'NOT met'}."
    )
    print(table)
    print(summary)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        "# Concept comparison benchmark\n\n"
        f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores, one process; "
        "median of 3 runs for `compare_many` and the floor, 1 run otherwise.\n\n"
        + table
        + "\n\n"
        + summary
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
