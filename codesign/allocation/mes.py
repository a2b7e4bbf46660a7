"""One run of the Method of Equal Shares with a fixed amount of money per voter.

Each voter starts with ``voter_budget``. In every round, each still-affordable project
is priced: its cost is split among its supporters in proportion to their points, capped
by what each has left; ``share`` is the smallest payment per point that covers the cost.
The project whose price per unit of utility (``share / weight``; weight 1 for
"approval" utility, the project's cost for "cost" utility) is lowest wins the round;
exact ties go to the cheaper project, then to the smaller id. The run ends when no
project's supporters can pay for it. This is pabutools' ``mes_inner_algo``.

Why it is fast: voters with equal money left form a class, kept as a bitmask over
voters (a Python int), and each project's supporters are bitmasks too (one per points
value), so pricing a project is a few ANDs and popcounts per class instead of a loop
over voters. Money is exact (``fractions.Fraction``): float error could flip a
decision between two nearly equal prices.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from codesign.allocation.election import Project


@dataclass(frozen=True)
class Payment:
    """How a funded project was paid for in a run."""

    share: Fraction
    full_share_payers: int
    partial_payers: int
    supporters_money: Fraction


@dataclass
class Run:
    """The result of one fixed-budget run, in the order projects were funded."""

    voter_budget: Fraction
    funded: list[str] = field(default_factory=list)
    payments: dict[str, Payment] = field(default_factory=dict)
    leftover_money: dict[str, Fraction] = field(default_factory=dict)
    cost: int = 0


class Supporters:
    """Candidates with their supporters as voter bitmasks, ready for repeated runs."""

    def __init__(
        self,
        candidates: Sequence[Project],
        ballots: Sequence[Mapping[str, int]],
        utility: str,
    ) -> None:
        self.voters = len(ballots)
        self.projects = {p.id: p for p in candidates}
        # masks[pid][points] = bitmask of voters giving pid exactly that many points.
        self.masks: dict[str, dict[int, int]] = {p.id: {} for p in candidates}
        for index, ballot in enumerate(ballots):
            bit = 1 << index
            for pid, points in ballot.items():
                by_points = self.masks.get(pid)
                if by_points is not None and points > 0:
                    by_points[points] = by_points.get(points, 0) | bit
        self.weight = {p.id: (p.cost if utility == "cost" else 1) for p in candidates}

    def run(self, voter_budget: Fraction) -> Run:
        """Run Equal Shares once with ``voter_budget`` for every voter."""
        result = Run(voter_budget)
        # Free projects are funded up front, as pabutools puts them in the initial
        # allocation: nobody pays, so they cannot change anything else.
        for pid in sorted(p for p, proj in self.projects.items() if proj.cost == 0):
            result.funded.append(pid)
            result.payments[pid] = Payment(Fraction(0), 0, 0, Fraction(0))
        classes: dict[Fraction, int] = {}
        if voter_budget > 0 and self.voters:
            classes[voter_budget] = (1 << self.voters) - 1
        live = {pid for pid, p in self.projects.items() if p.cost > 0}
        # Last known price per project. Money only decreases, so prices only rise:
        # a stale price is a lower bound and the scan below can stop early.
        known = dict.fromkeys(live, Fraction(0))
        while True:
            best: tuple[Fraction, int, str] | None = None
            best_share = Fraction(0)
            best_money = Fraction(0)
            order = sorted(live, key=lambda p: (known[p], self.projects[p].cost, p))
            for pid in order:
                if best is not None and known[pid] > best[0]:
                    break
                share, money = self._price(pid, classes)
                if share is None:
                    live.discard(pid)
                    continue
                key = (share / self.weight[pid], self.projects[pid].cost, pid)
                known[pid] = key[0]
                if best is None or key < best:
                    best, best_share, best_money = key, share, money
            if best is None:
                break
            pid = best[2]
            live.discard(pid)
            classes, payment = self._pay(pid, best_share, best_money, classes)
            result.funded.append(pid)
            result.payments[pid] = payment
            result.cost += self.projects[pid].cost
        for pid in self.projects:
            if pid not in result.payments:
                result.leftover_money[pid] = self._money(pid, classes)
        return result

    def _money(self, pid: str, classes: Mapping[Fraction, int]) -> Fraction:
        total = Fraction(0)
        for value, members in classes.items():
            for mask in self.masks[pid].values():
                total += (mask & members).bit_count() * value
        return total

    def _price(
        self, pid: str, classes: Mapping[Fraction, int]
    ) -> tuple[Fraction | None, Fraction]:
        """Smallest payment per point that covers the cost, and the money behind it."""
        cost = self.projects[pid].cost
        groups: list[tuple[Fraction, Fraction, int, int]] = []
        money = Fraction(0)
        points_left = 0
        for value, members in classes.items():
            for points, mask in self.masks[pid].items():
                count = (mask & members).bit_count()
                if count:
                    groups.append((value / points, value, points, count))
                    money += count * value
                    points_left += count * points
        if money < cost:
            return None, money
        # Poorest (per point) first: whoever cannot pay the equal share pays all
        # they have, and the rest is split again among the others.
        groups.sort()
        paid = Fraction(0)
        for _, value, points, count in groups:
            share = (cost - paid) / points_left
            if share * points <= value:
                return share, money
            paid += count * value
            points_left -= count * points
        raise AssertionError("supporters have enough money, so a share exists")

    def _pay(
        self,
        pid: str,
        share: Fraction,
        money: Fraction,
        classes: Mapping[Fraction, int],
    ) -> tuple[dict[Fraction, int], Payment]:
        updated: dict[Fraction, int] = {}
        full = partial = 0
        for value, members in classes.items():
            rest = members
            for points, mask in self.masks[pid].items():
                part = mask & members
                if not part:
                    continue
                rest &= ~part
                due = share * points
                if value > due:
                    left = value - due
                    updated[left] = updated.get(left, 0) | part
                    full += part.bit_count()
                elif value == due:
                    full += part.bit_count()
                else:
                    partial += part.bit_count()
            if rest:
                updated[value] = updated.get(value, 0) | rest
        # Voters left with nothing are dropped: they can no longer pay for anything.
        return updated, Payment(share, full, partial, money)
