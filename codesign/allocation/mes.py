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
over voters. Money is exact, since float error could flip a decision between two
nearly equal prices: every amount is an int numerator over one common denominator
per run (plain int arithmetic; with ``Fraction`` the runs took five times longer).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from math import gcd, lcm

from codesign.allocation.election import Project

# A stale price this much above the best is above it exactly, float error included.
_MARGIN = 1 + 1e-9


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
    cost: int = 0
    # Money left at the end: numerator per voter -> bitmask of the voters having it.
    classes: dict[int, int] = field(default_factory=dict)
    denominator: int = 1


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
        # Sorting supporters by money per point needs value / points; multiplying by
        # lcm // points keeps that an int.
        self.per_point = {
            pid: {points: lcm(*masks) // points for points in masks}
            for pid, masks in self.masks.items()
            if masks
        }

    def run(self, voter_budget: Fraction) -> Run:
        """Run Equal Shares once with ``voter_budget`` for every voter."""
        result = Run(voter_budget, denominator=voter_budget.denominator)
        # Free projects are funded up front, as pabutools puts them in the initial
        # allocation: nobody pays, so they cannot change anything else.
        for pid in sorted(p for p, proj in self.projects.items() if proj.cost == 0):
            result.funded.append(pid)
            result.payments[pid] = Payment(Fraction(0), 0, 0, Fraction(0))
        if voter_budget > 0 and self.voters:
            result.classes[voter_budget.numerator] = (1 << self.voters) - 1
        live = {pid for pid, p in self.projects.items() if p.cost > 0}
        # Last known price per project, as a float. Money only decreases, so prices
        # only rise: a stale price is a lower bound and the scan below can stop once
        # stale prices exceed the best one found (by a margin far above float error;
        # the decisions themselves are taken on exact ints).
        known = dict.fromkeys(live, 0.0)
        while True:
            best: tuple[int, int, str, int, int, float] | None = None
            for pid in sorted(live, key=lambda p: (known[p], p)):
                if best is not None and known[pid] > best[5] * _MARGIN:
                    break
                price = self._price(pid, result)
                if price is None:
                    live.discard(pid)
                    continue
                left, points, money = price
                # Price per unit of utility: left / (points * weight * denominator);
                # the denominator is common to this round, so compare without it.
                scale = points * self.weight[pid]
                known[pid] = left / (scale * result.denominator)
                if best is None or self._better(left, scale, pid, best):
                    best = (left, scale, pid, points, money, known[pid])
            if best is None:
                return result
            left, _, pid, points, money, _ = best
            live.discard(pid)
            self._pay(pid, (left, points, money), result)

    def _better(
        self,
        left: int,
        scale: int,
        pid: str,
        best: tuple[int, int, str, int, int, float],
    ) -> bool:
        """Is pid cheaper per unit of utility than best (ties: cost, then id)?"""
        mine, theirs = left * best[1], best[0] * scale
        if mine != theirs:
            return mine < theirs
        other = best[2]
        return (self.projects[pid].cost, pid) < (self.projects[other].cost, other)

    def money_left(self, run: Run, pid: str) -> Fraction:
        """Money the project's supporters had left at the end of the run."""
        return Fraction(self._money(pid, run.classes), run.denominator)

    def _money(self, pid: str, classes: Mapping[int, int]) -> int:
        masks = self.masks[pid].values()
        return sum(
            value * sum((mask & members).bit_count() for mask in masks)
            for value, members in classes.items()
        )

    def _price(self, pid: str, run: Run) -> tuple[int, int, int] | None:
        """The share per point as (numerator, points) over ``run.denominator``.

        Third, the supporters' money (numerator); None if it cannot cover the cost.
        """
        cost = self.projects[pid].cost * run.denominator
        groups: list[tuple[int, int, int, int]] = []
        money = points_left = 0
        # Classes in the inner loop: approval ballots have a single mask per project.
        for points, mask in self.masks[pid].items():
            factor = self.per_point[pid][points]
            for value, members in run.classes.items():
                count = (mask & members).bit_count()
                if count:
                    groups.append((value * factor, value, points, count))
                    money += count * value
                    points_left += count * points
        if money < cost:
            return None
        # Poorest (per point) first: whoever cannot pay the equal share pays all
        # they have, and the rest is split again among the others.
        groups.sort()
        paid = 0
        for _, value, points, count in groups:
            # The share is (cost - paid) / points_left; can this group pay it?
            if (cost - paid) * points <= value * points_left:
                return cost - paid, points_left, money
            paid += count * value
            points_left -= count * points
        raise AssertionError("supporters have enough money, so a share exists")

    def _pay(self, pid: str, share: tuple[int, int, int], run: Run) -> None:
        """Charge the supporters of ``pid``; amounts move to a finer denominator."""
        numerator, scale, money = share  # a share per point: numerator / (scale * D)
        supporters_money = Fraction(money, run.denominator)
        denominator = run.denominator * scale
        updated: dict[int, int] = {}
        full = partial = 0
        for old, members in run.classes.items():
            value = old * scale
            rest = members
            for points, mask in self.masks[pid].items():
                part = mask & members
                if not part:
                    continue
                rest &= ~part
                due = numerator * points
                if value > due:
                    left = value - due
                    updated[left] = updated.get(left, 0) | part
                    full += part.bit_count()
                elif value == due:
                    full += part.bit_count()
                else:
                    partial += part.bit_count()
                # Voters left with nothing are dropped: they can pay for nothing.
            if rest:
                updated[value] = updated.get(value, 0) | rest
        # Keep the numbers small: divide out what all amounts have in common.
        common = gcd(denominator, *updated)
        run.classes = {value // common: mask for value, mask in updated.items()}
        run.denominator = denominator // common
        run.funded.append(pid)
        run.cost += self.projects[pid].cost
        run.payments[pid] = Payment(
            share=Fraction(numerator, denominator),
            full_share_payers=full,
            partial_payers=partial,
            supporters_money=supporters_money,
        )
