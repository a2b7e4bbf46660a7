"""The long fault run: more residents, several app server kills and PostgreSQL restarts.

Run: `.venv/bin/python -m bench.faults [--clients 8] [--minutes 5] [--cycles 3]
[--settle 15]`. The same harness as tests/faults (a throwaway PostGIS cluster,
the app server with two workers, proposals sent with idempotency keys and retried
through every fault), longer: each cycle SIGKILLs the server, restarts PostgreSQL
(fast) and crashes it (immediate), with `--settle` seconds of steady writing
before each fault. Prints a table and writes bench/results/faults.md; exits 1 if
a write was lost, doubled or made up.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tests.faults.scenario import KINDS, run, table

RESULTS = Path(__file__).parent / "results" / "faults.md"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--cycles", type=int, default=3)
    parser.add_argument("--settle", type=float, default=15)
    options = parser.parse_args()
    figures = run(
        clients=options.clients,
        faults=list(KINDS) * options.cycles,
        settle=options.settle,
        duration=options.minutes * 60,
        log=lambda text: print(text, flush=True),
    )
    report = table(figures)
    print(report)
    for marker, statuses, answer in figures["refused"]:
        print(f"refused {marker}: {statuses}: {answer}")
    RESULTS.write_text(
        "# Faults under a write load (`python -m bench.faults`)\n\n" + report + "\n"
    )
    failed = (
        figures["lost"]
        or figures["duplicates"]
        or figures["not_sent"]
        or figures["errors"]
        or figures["locations_shared"]
        or figures["rows_total"] != figures["rows_found"]
    )
    if failed:
        print(
            f"FAILED: lost {figures['lost']}, duplicates {figures['duplicates']}, "
            f"never sent {figures['not_sent']}, errors {figures['errors']}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
