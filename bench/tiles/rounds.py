"""Sides measured in turns, so that the machine's drift falls on all of them alike.

On a shared 2-core machine the same load measures 20-30 % apart a few minutes
later. Measured one after the other, the floor, tipg and Birge would each meet a
different machine, and their ratios would carry that drift. So each case runs in
rounds: every side once per round, the order rotating from round to round, and a
side's figure is its rounds together (all requests over all seconds).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from .common import Load


def order(sides: Sequence[str], round_number: int) -> list[str]:
    """``sides`` rotated by the round's number: each side leads one round in turn."""
    shift = round_number % len(sides)
    return [*sides[shift:], *sides[:shift]]


def rotated(items: list, round_number: int, rounds: int) -> list:
    """``items`` starting a ``round_number``-th of the way in, wrapping round."""
    start = len(items) * round_number // rounds
    return items[start:] + items[:start]


def combine(loads: list[Load]) -> Load:
    """One side's rounds as one load: requests and seconds summed; latencies the
    median of the rounds' percentiles (wrk's histograms cannot be merged)."""
    first = loads[0]
    combined = Load(
        side=first.side,
        case=first.case,
        connections=first.connections,
        requests=sum(load.requests for load in loads),
        seconds=sum(load.seconds for load in loads),
        p50_ms=statistics.median(load.p50_ms for load in loads),
        p99_ms=statistics.median(load.p99_ms for load in loads),
        errors=sum(load.errors for load in loads),
        bytes=sum(load.bytes for load in loads),
    )
    if len(loads) > 1:
        each = ", ".join(f"{load.rps:,.0f}" for load in loads)
        combined.notes.append(f"{len(loads)} rounds: {each} req/s")
    for load in loads:
        combined.notes.extend(note for note in load.notes if note not in combined.notes)
    return combined
