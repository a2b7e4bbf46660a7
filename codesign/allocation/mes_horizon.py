"""How far every voter's money can grow before an Equal Shares run decides otherwise.

add1 raises every voter's money by 1 unit and reruns, and with tenge-sized budgets
that means a lot of runs (100 M among 1000 voters: 125 000 raises, almost all of
them changing nothing). Here one run is replayed at money ``t0`` with each voter's
money kept as a function of the starting money ``t``: ``(a*t + c) / D`` with ints,
``a >= 0``. The run's decisions at ``t0`` stay the same for larger ``t`` until one of
these first happens, and the smallest such ``t`` is the horizon:

- a project its supporters could not afford becomes affordable;
- a supporter of a funded project who paid everything it had (less than the
  share) could pay the full share instead (then it would keep some money);
- another project's price per unit of utility drops to the winner's. Its price is
  convex in ``t`` (more money only lets more supporters pay the full share), so
  the tangent at ``t0`` bounds it from below and is what is compared.

A supporter who paid the full share keeps doing so (its money grows at least as fast
as the share shrinks), and a project affordable at ``t0`` stays affordable. Below the
horizon every run funds the same projects in the same order, so add1 may jump to it.
Ties at ``t0`` that a larger ``t`` would break differently put the horizon at ``t0``.
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd
from typing import NamedTuple

from codesign.allocation.mes import Supporters

# Voters by their money: (a, c) for (a*t + c) / D -> bitmask of the voters.
Classes = dict[tuple[int, int], int]


class _Price(NamedTuple):
    """A project's share per point, (cost*D - capped_a*t - capped_c) / (rich * D)."""

    cost: int  # times D
    capped_a: int  # sums over supporters who pay all they have
    capped_c: int
    rich: int  # points of the supporters who pay the full share
    gamma: int  # rich * D * weight: price per utility = (cost - capped_c - capped_a*t) / gamma


class _Replay:
    def __init__(self, supporters: Supporters, t0: Fraction) -> None:
        self.s = supporters
        self.n0, self.q0 = t0.numerator, t0.denominator  # t0 = n0 / q0
        self.limit: tuple[int, int] | None = None  # as (numerator, denominator > 0)

    def cut(self, numerator: int, denominator: int) -> None:
        """A decision may change at t = numerator / denominator (>= t0)."""
        limit = self.limit
        if limit is None or numerator * limit[1] < limit[0] * denominator:
            self.limit = (numerator, denominator)

    def at_t0(self, a: int, c: int) -> int:
        """(a*t0 + c) / D, times D * q0."""
        return a * self.n0 + c * self.q0

    def run(self) -> tuple[list[str], Fraction | None]:
        s = self.s
        funded = sorted(p for p, proj in s.projects.items() if proj.cost == 0)
        classes: Classes = {(1, 0): (1 << s.voters) - 1} if s.voters else {}
        denominator = 1
        live = sorted(p for p, proj in s.projects.items() if proj.cost > 0)
        while True:
            prices = {}
            for pid in list(live):
                price = self._price(pid, classes, denominator)
                if price is None:
                    live.remove(pid)
                else:
                    prices[pid] = price
            if not prices:
                break
            best = min(prices, key=lambda p: self._key(prices[p], p))
            won = prices[best]
            for pid, other in prices.items():
                # other's tangent must stay above the winner's price:
                # (o.cost - o.capped_c - o.capped_a t) / o.gamma >= the same for won.
                slope = other.capped_a * won.gamma - won.capped_a * other.gamma
                if pid != best and slope > 0:
                    gap = (other.cost - other.capped_c) * won.gamma
                    self.cut(gap - (won.cost - won.capped_c) * other.gamma, slope)
            live.remove(best)
            funded.append(best)
            classes = self._pay(best, won, classes)
            denominator *= won.rich
            common = gcd(denominator, *(x for key in classes for x in key))
            classes = {(a // common, c // common): m for (a, c), m in classes.items()}
            denominator //= common
        if self.limit is None:
            return funded, None
        # Every cut is at or after t0; max() only guards that.
        return funded, max(Fraction(*self.limit), Fraction(self.n0, self.q0))

    def _key(self, price: _Price, pid: str) -> tuple[Fraction, int, str]:
        """The run's order at t0: price per utility, then cost, then id."""
        top = self.at_t0(-price.capped_a, price.cost - price.capped_c)
        rho = Fraction(top, price.gamma * self.q0)
        return rho, self.s.projects[pid].cost, pid

    def _price(self, pid: str, classes: Classes, denominator: int) -> _Price | None:
        s = self.s
        cost = s.projects[pid].cost * denominator
        groups = []
        for points, mask in s.masks[pid].items():
            for (a, c), members in classes.items():
                count = (mask & members).bit_count()
                if count:
                    value = self.at_t0(a, c)
                    key = value * s.per_point[pid][points]
                    groups.append((key, value, a, c, points, count))
        slope = sum(g[2] * g[5] for g in groups)
        intercept = sum(g[3] * g[5] for g in groups)
        if self.at_t0(slope, intercept) < cost * self.q0:
            if slope:  # affordable once slope * t + intercept reaches the cost
                self.cut(cost - intercept, slope)
            return None
        # As in Supporters._price: the poorest per point pay all they have.
        groups.sort()
        paid = capped_a = capped_c = 0
        rich = sum(g[4] * g[5] for g in groups)
        for _, value, a, c, points, count in groups:
            if (cost * self.q0 - paid) * points <= value * rich:
                break
            paid += count * value
            capped_a += count * a
            capped_c += count * c
            rich -= count * points
        gamma = rich * denominator * s.weight[pid]
        return _Price(cost, capped_a, capped_c, rich, gamma)

    def _pay(self, pid: str, price: _Price, classes: Classes) -> Classes:
        """Charge the winner's supporters; amounts move to denominator D * rich."""
        cost, capped_a, capped_c, rich, _ = price
        share = self.at_t0(-capped_a, cost - capped_c)  # share(t0) * rich * D * q0
        updated: Classes = {}

        def add(key: tuple[int, int], members: int) -> None:
            if key != (0, 0):  # no money for any t: gone for good
                updated[key] = updated.get(key, 0) | members

        for (a, c), members in classes.items():
            rest = members
            for points, mask in self.s.masks[pid].items():
                part = mask & members
                if not part:
                    continue
                rest &= ~part
                if share * points <= self.at_t0(a, c) * rich:  # pays the full share
                    left_a = rich * a + points * capped_a
                    add((left_a, rich * c - points * (cost - capped_c)), part)
                else:
                    # Pays all it has while that is below share * points; the gap
                    # closes at this t.
                    fall = points * capped_a + rich * a
                    if fall:
                        self.cut(points * (cost - capped_c) - rich * c, fall)
            if rest:
                add((a * rich, c * rich), rest)
        return updated


def horizon(supporters: Supporters, t0: Fraction) -> tuple[list[str], Fraction | None]:
    """Projects a run at ``t0`` funds, and the money at which that may first change."""
    return _Replay(supporters, t0).run()
