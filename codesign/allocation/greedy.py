"""Greedy (utilitarian) allocation: the most-supported projects first, while money lasts.

Order: score (sum of points; for approval ballots the number of votes) descending;
ties go to the cheaper project, then to the smaller project id as a string ("10" < "9").
Each project is funded if it fits the money left, else skipped. A project scoring
below ``threshold`` (Pabulib ``min_project_score_threshold``) or costing more than
``cap`` is never funded.

This is pabutools' ``greedy_utilitarian_welfare`` with the tie-breaking rule
``(cost, name)`` and a satisfaction of points x cost (``Cost_Sat`` on approval
ballots): pabutools orders by total satisfaction per unit of cost, which is then the
score. Its default ``lexico_tie_breaking`` would order ties by id alone. Unlike
pabutools, a project nobody voted for is never funded, even if money is left
(pabutools funds it last when it fits); that never changes the other projects.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import TypedDict, Unpack

from codesign.allocation.election import Election, Project
from codesign.allocation.outcome import (
    BELOW_THRESHOLD,
    BUDGET_EXHAUSTED,
    FUNDED,
    NO_VOTES,
    OVER_CAP,
    Explanation,
    Outcome,
)


def priority(election: Election, project: Project) -> tuple[int, int, str]:
    """Sort key of the greedy order: higher score, then lower cost, then id."""
    return (-election.scores[project.id], project.cost, project.id)


class Numbers(TypedDict, total=False):
    """The optional numbers of an ``Explanation``."""

    round: int
    remaining_budget: int
    funded_before: int
    share: Fraction
    full_share_payers: int
    partial_payers: int
    supporters_money: Fraction
    voter_budget: Fraction
    threshold: int
    cap: int


def explain(
    election: Election, project: Project, reason: str, **numbers: Unpack[Numbers]
) -> Explanation:
    """An explanation carrying the project's cost, votes and score."""
    return Explanation(
        project_id=project.id,
        reason=reason,
        cost=project.cost,
        votes=election.votes[project.id],
        score=election.scores[project.id],
        **numbers,
    )


def excluded(
    election: Election, *, threshold: int = 0, cap: int | None = None
) -> dict[str, Explanation]:
    """Projects no rule may fund: over the cap, then no votes, then below threshold."""
    out: dict[str, Explanation] = {}
    for project in election.projects:
        if cap is not None and project.cost > cap:
            out[project.id] = explain(election, project, OVER_CAP, cap=cap)
        elif election.votes[project.id] == 0:
            out[project.id] = explain(election, project, NO_VOTES)
        elif election.scores[project.id] < threshold:
            out[project.id] = explain(
                election, project, BELOW_THRESHOLD, threshold=threshold
            )
    return out


def fill(
    election: Election,
    candidates: Iterable[Project],
    remaining: int,
    funded: list[str],
    reason: str = FUNDED,
) -> tuple[int, dict[str, Explanation]]:
    """Fund candidates in greedy order while they fit; appends to ``funded``.

    Returns the money left and an explanation for every candidate.
    """
    out: dict[str, Explanation] = {}
    for project in sorted(candidates, key=lambda p: priority(election, p)):
        if project.cost <= remaining:
            funded.append(project.id)
            out[project.id] = explain(
                election,
                project,
                reason,
                round=len(funded),
                remaining_budget=remaining,
                funded_before=len(funded) - 1,
            )
            remaining -= project.cost
        else:
            out[project.id] = explain(
                election,
                project,
                BUDGET_EXHAUSTED,
                remaining_budget=remaining,
                funded_before=len(funded),
            )
    return remaining, out


def greedy(
    election: Election, *, threshold: int = 0, cap: int | None = None
) -> Outcome:
    """Fund projects by descending score while they fit the remaining budget."""
    explanations = excluded(election, threshold=threshold, cap=cap)
    candidates = [p for p in election.projects if p.id not in explanations]
    funded: list[str] = []
    _, decided = fill(election, candidates, election.budget, funded)
    explanations.update(decided)
    return Outcome(
        rule="greedy",
        budget=election.budget,
        selected=tuple(funded),
        explanations={p.id: explanations[p.id] for p in election.projects},
    )
