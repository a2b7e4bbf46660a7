"""Spending allowances: one SQL statement per check, shared by every worker.

Each key (a bucket's rate for one account or one address) is a row of
``limits_ratecounter`` (see ``RateCounter``). The statement inserts or moves every
key's row at once with ``INSERT … ON CONFLICT DO UPDATE … WHERE``: the row lock
PostgreSQL takes for the update makes concurrent checks of one key queue, so no
two workers ever spend the same allowance. The database's clock is the only
clock, so app servers with drifting clocks still agree.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection

from .conf import Rate

# About one check in this many also deletes the rows whose allowance is whole
# again; they mean nothing, and the table stays the size of the last day's users.
PURGE_ONE_IN = 1000

_SPEND = """
WITH clock AS (SELECT extract(epoch FROM clock_timestamp()) AS now),
wanted (key, step, span) AS (VALUES {values}),
spent AS (
    INSERT INTO limits_ratecounter AS c (key, recovered_at, step, span)
    SELECT w.key, clock.now + w.step, w.step, w.span
    FROM wanted w CROSS JOIN clock
    ORDER BY w.key
    ON CONFLICT (key) DO UPDATE
    SET recovered_at = GREATEST(c.recovered_at, excluded.recovered_at - excluded.step)
            + excluded.step,
        step = excluded.step,
        span = excluded.span
    WHERE GREATEST(c.recovered_at, excluded.recovered_at - excluded.step)
            + excluded.step - (excluded.recovered_at - excluded.step)
        <= excluded.span
    RETURNING c.key
)
SELECT w.key, w.key IN (SELECT key FROM spent), old.recovered_at - clock.now
FROM wanted w CROSS JOIN clock
LEFT JOIN limits_ratecounter old ON old.key = w.key
"""

# A refused request spends nothing: the keys that allowed it get their step back.
_REFUND = """
UPDATE limits_ratecounter SET recovered_at = recovered_at - step
WHERE key = ANY(%s)
"""

_PURGE = """
DELETE FROM limits_ratecounter
WHERE recovered_at < extract(epoch FROM clock_timestamp())
"""


@dataclass(frozen=True)
class Verdict:
    """Which keys refused, and the seconds until all of them would allow again."""

    refused: tuple[str, ...] = ()
    retry_after: int = 0

    @property
    def allowed(self) -> bool:
        return not self.refused


def key(bucket: str, rate: Rate, subject: str) -> str:
    """The row that counts one bucket's rate for one account or address."""
    return f"{bucket}:{rate.label}:{subject}"


def spend(wanted: Iterable[tuple[str, Rate]]) -> Verdict:
    """Spend one request from each (key, rate), or from none if any refuses.

    A refused request gives back what the other keys spent on it, so being
    refused for one's address costs nothing of one's account's allowance.
    """
    rates = dict(wanted)
    if not rates:
        return Verdict()
    params: list[str | float] = []
    for name in sorted(rates):  # one order everywhere: no deadlocks between checks
        rate = rates[name]
        params += [name, rate.seconds / rate.count, float(rate.seconds)]
    values = ", ".join(["(%s, %s::float8, %s::float8)"] * len(rates))
    with connection.cursor() as cursor:
        cursor.execute(_SPEND.format(values=values), params)
        rows = cursor.fetchall()
        spent = [name for name, allowed, _ahead in rows if allowed]
        if len(spent) < len(rows) and spent:
            cursor.execute(_REFUND, [sorted(spent)])
        if random.random() * PURGE_ONE_IN < 1:
            cursor.execute(_PURGE)
    refused = tuple(sorted(name for name, allowed, _ahead in rows if not allowed))
    if not refused:
        return Verdict()
    waits = []
    for name, allowed, ahead in rows:
        if allowed:
            continue
        rate = rates[name]
        step = rate.seconds / rate.count
        # Allowed again once recovered_at + step - span is past; a row another
        # check created after this statement's snapshot began shows no value.
        waits.append(step if ahead is None else ahead + step - rate.seconds)
    return Verdict(refused, max(1, math.ceil(max(waits))))


def purge() -> int:
    """Delete every counter whose allowance is whole again; return how many."""
    with connection.cursor() as cursor:
        cursor.execute(_PURGE)
        return cursor.rowcount
