"""Faults under a write load: the app server SIGKILLed, PostgreSQL restarted mid-write.

Four residents send proposals through the production server (config.server, two
workers) on a throwaway PostGIS cluster. After a few seconds of steady writing
its main process and workers are SIGKILLed and a new server started; once writes are acknowledged again,
PostgreSQL restarts (fast: sessions cut), then crashes (immediate) and recovers.
Afterwards every acknowledged proposal is there exactly once, and nothing is
there that was not sent.
"""

from __future__ import annotations

from .scenario import KINDS, run, table


def test_no_acknowledged_write_is_lost_or_doubled_through_faults():
    figures = run(clients=4, faults=KINDS, settle=5, log=print)
    print(table(figures))

    assert figures["errors"] == []
    assert figures["acknowledged"] >= 20
    assert figures["lost"] == []
    assert figures["duplicates"] == {}
    assert figures["not_sent"] == []
    assert figures["locations_shared"] == 0  # two keys never share one proposal
    # Every proposal sent was valid: each was acknowledged in the end, so the rows
    # found are exactly the acknowledged ones.
    assert figures["refused"] == []
    assert figures["abandoned"] == []
    assert figures["rows_found"] == figures["acknowledged"] == figures["requests"]
    assert figures["rows_total"] == figures["rows_found"]  # no proposal without marker
    # The faults really cut requests off, and the service came back after each.
    assert figures["retried"] > 0
    for kind in KINDS:
        injected = [(d, hit) for k, d, hit in figures["faults"] if k == kind]
        assert any(hit for _d, hit in injected), f"{kind} never cut a request off"
        assert all(d is not None for d, _hit in injected), f"no write after {kind}"
