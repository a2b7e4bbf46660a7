"""Projects, ballots and the election they form; plain data, validated once."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

KINDS = ("approval", "cumulative", "knapsack")


def whole_number(value: object, what: str) -> int:
    """``value`` as an int if it is a whole number (``400000.0`` is), else ValueError."""
    if isinstance(value, bool):
        raise ValueError(f"{what} must be a whole number, not {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise ValueError(f"{what} must be a whole number, not {value!r}")


@dataclass(frozen=True)
class Project:
    """A project on the ballot; ``cost`` is in whole currency units."""

    id: str
    cost: int

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id:
            raise ValueError("a project id must be a non-empty string")
        cost = whole_number(self.cost, f"cost of project {self.id}")
        if cost < 0:
            raise ValueError(f"cost of project {self.id} is negative")
        # Files give costs such as 400000.0; keep the int so sums stay exact.
        object.__setattr__(self, "cost", cost)


@dataclass(frozen=True)
class Election:
    """A budget, the projects and the ballots (project id -> points; 1 for approval).

    ``kind`` is "approval", "cumulative" or "knapsack". Knapsack ballots are approval
    sets whose total cost fits the budget; the rules treat them as approval ballots.
    A voter supports a project when the ballot gives it more than 0 points.
    """

    budget: int
    projects: tuple[Project, ...]
    ballots: tuple[Mapping[str, int], ...]
    kind: str = "approval"
    _by_id: Mapping[str, Project] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        budget = whole_number(self.budget, "budget")
        if budget < 0:
            raise ValueError("the budget is negative")
        if self.kind not in KINDS:
            raise ValueError(f"unknown election kind {self.kind!r}")
        projects = tuple(self.projects)
        by_id = {p.id: p for p in projects}
        if len(by_id) != len(projects):
            raise ValueError("project ids must be unique")
        ballots = tuple(self._checked(b, by_id, budget) for b in self.ballots)
        object.__setattr__(self, "budget", budget)
        object.__setattr__(self, "projects", projects)
        object.__setattr__(self, "ballots", ballots)
        object.__setattr__(self, "_by_id", MappingProxyType(by_id))

    def _checked(
        self, ballot: Mapping[str, int], by_id: Mapping[str, Project], budget: int
    ) -> Mapping[str, int]:
        points: dict[str, int] = {}
        for pid, value in ballot.items():
            if pid not in by_id:
                raise ValueError(f"a ballot names unknown project {pid!r}")
            number = whole_number(value, f"points for project {pid}")
            if number < 0:
                raise ValueError(f"a ballot gives project {pid} negative points")
            if self.kind != "cumulative" and number != 1:
                raise ValueError(f"{self.kind} ballots give each project 1 point")
            points[pid] = number
        if self.kind == "knapsack" and sum(by_id[p].cost for p in points) > budget:
            raise ValueError("a knapsack ballot costs more than the budget")
        # Read-only so an Election cannot change under a rule that cached its sums.
        return MappingProxyType(points)

    def project(self, project_id: str) -> Project:
        """The project with this id (KeyError if there is none)."""
        return self._by_id[project_id]

    @cached_property
    def votes(self) -> Mapping[str, int]:
        """Number of ballots supporting each project (0 for none)."""
        return MappingProxyType(_tally(self.projects, self.ballots, lambda _: 1))

    @cached_property
    def scores(self) -> Mapping[str, int]:
        """Sum of points each project received (equals votes for approval)."""
        return MappingProxyType(_tally(self.projects, self.ballots, lambda p: p))


def _tally(
    projects: Iterable[Project],
    ballots: Iterable[Mapping[str, int]],
    weight: Callable[[int], int],
) -> dict[str, int]:
    total = {p.id: 0 for p in projects}
    for ballot in ballots:
        for pid, points in ballot.items():
            if points > 0:
                total[pid] += weight(points)
    return total
