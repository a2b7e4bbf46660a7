"""How fast Birge counts a participatory budget, against pabutools in the same run.

Run: `make bench` (or `.venv/bin/python -m bench.allocation`). Prints a table and
writes bench/results/allocation.md. The baseline is pabutools, the reference
implementation, fed the same election through the adapters the tests use
(tests/codesign/test_allocation.py); every row also checks both give the same
projects, so neither side wins by deciding differently.

Elections:
- Wieliczka 2023 Green Budget: 64 projects, 6,586 approval ballots, 1,000,000 PLN.
- An Aksu-sized one in tenge (seeded): 20 projects of 1.5-9 M, ballots of 1-5
  projects, a budget of 100 M. Tenge amounts mean many "add1" raises of one unit:
  this is where skipping raises (codesign/allocation/mes_horizon.py) matters.
  pabutools is not run on it: with one-tenge raises it did not finish within
  7 minutes even at 200 voters (and was killed), so these rows have no baseline.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from codesign.allocation import (
    Election,
    Project,
    equal_shares,
    greedy,
    parse,
    to_election,
)
from tests.codesign.data import pabulib_dir
from tests.codesign.test_allocation import pabutools_greedy, pabutools_mes

RESULTS = Path(__file__).parent / "results" / "allocation.md"


def _time(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    """Median seconds of ``repeat`` calls, and the last result."""
    samples, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), result


def aksu_election(voters: int, seed: int = 2022) -> Election:
    rng = random.Random(seed)
    projects = tuple(
        Project(str(i), rng.randrange(1_500_000, 9_000_001, 50_000)) for i in range(20)
    )
    popular = [p.id for p in projects]
    weights = [rng.random() ** 2 for _ in popular]
    ballots = tuple(
        dict.fromkeys(rng.choices(popular, weights=weights, k=rng.randint(1, 5)), 1)
        for _ in range(voters)
    )
    return Election(100_000_000, projects, ballots, "approval")


def main() -> None:
    wieliczka = to_election(
        parse(
            (pabulib_dir() / "Poland_Wieliczka_2023_Green_Budget.pb").read_text(
                encoding="utf-8"
            )
        )
    )
    cases: list[tuple[str, Election, str, Callable, Callable, int]] = [
        (
            "Wieliczka, greedy",
            wieliczka,
            "greedy",
            lambda e: greedy(e).selected,
            lambda e: pabutools_greedy(e),
            5,
        ),
        (
            "Wieliczka, Equal Shares + add1 (cost utility)",
            wieliczka,
            "mes",
            lambda e: equal_shares(e, completion="add1", utility="cost").selected,
            lambda e: pabutools_mes(e, "cost"),
            1,
        ),
        (
            "Wieliczka, Equal Shares + add1 (approval utility)",
            wieliczka,
            "mes",
            lambda e: equal_shares(e, completion="add1", utility="approval").selected,
            lambda e: pabutools_mes(e, "approval"),
            1,
        ),
    ]
    rows: list[tuple[str, int, float, float | None, bool | None]] = []
    for name, election, _kind, ours, reference, repeat in cases:
        ours_s, ours_result = _time(partial(ours, election), repeat)
        ref_s, ref_result = _time(partial(reference, election), repeat)
        same = set(ours_result) == set(ref_result)  # type: ignore[call-overload]
        rows.append((name, len(election.ballots), ours_s, ref_s, same))
    for voters in (200, 2000):
        election = aksu_election(voters)
        seconds, outcome = _time(
            partial(equal_shares, election, completion="add1", utility="cost"), 1
        )
        rows.append(
            (
                f"Aksu-sized, 100 M ₸, Equal Shares + add1 "
                f"({outcome.add1_steps:,} raises of 1 ₸)",  # type: ignore[attr-defined]
                voters,
                seconds,
                None,
                None,
            )
        )

    lines = [
        "| election and rule | ballots | Birge | pabutools (baseline) | Birge is | same projects |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name, ballots, ours_s, reference_s, same in rows:
        ref = (
            f"{reference_s * 1e3:,.1f} ms"
            if reference_s is not None
            else "not run (minutes)"
        )
        ratio = f"{reference_s / ours_s:.1f}x faster" if reference_s is not None else ""
        verdict = "" if same is None else ("yes" if same else "NO")
        lines.append(
            f"| {name} | {ballots:,} | {ours_s * 1e3:,.1f} ms | {ref} | {ratio} | {verdict} |"
        )
    table = "\n".join(lines)
    print(table)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        "# Allocation rules benchmark\n\n"
        f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores, one process; "
        "median of repeated runs where repeated.\n\n" + table + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
