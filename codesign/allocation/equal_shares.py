"""The Method of Equal Shares (Peters, Pierczyński, Skowron) with its completions.

The budget is split equally among the voters; a project is funded when its
supporters can pay for it, the cheapest per unit of utility first (see ``mes.py``).
That usually leaves money unspent, so a completion may follow:

- ``None``: a single run ("equalshares" in Pabulib).
- ``"add1"``: pabutools' ``method_of_equal_shares(..., voter_budget_increment=1)``.
  Give every voter 1 more currency unit and run again, until a run's outcome is
  exhaustive (no unfunded supported project fits the money left; that outcome is
  kept) or overspends the real budget (the previous outcome is kept). pabutools does
  not fill what is left greedily, and neither does "add1".
- ``"add1u"``: "add1", then the greedy order (score, cost, id) funds what still fits
  ("funded_in_completion"); equalshares.net calls this Add1U.
- ``"add1-comparison"``: what Wieliczka's Green Budget 2023 used (Pabulib
  ``equalshares/add1-comparison``, decided on equalshares.net with cost utility):
  raise the money 1 unit at a time for as long as the outcome stays within budget,
  without stopping at the first exhaustive outcome, then compare the result with the
  greedy outcome: if strictly more voters are better off with greedy (counting the
  funded projects they support, weighted by points), greedy's outcome is used.
  Stopping at the first exhaustive outcome instead would fund projects 66 and 67 in
  place of 46 and miss the official result.

Utility: "approval" — a project is worth its points to a supporter (1 on approval
ballots; pabutools ``Cardinality_Sat`` / ``Additive_Cardinal_Sat``); "cost" — worth
points x cost (pabutools ``Cost_Sat`` on approval ballots; equalshares.net's default).
Projects over ``cap`` or without votes take no part. A free project with votes is
funded up front under both utilities (pabutools drops it under ``Cost_Sat``, where
it is worth 0).

Speed: Wieliczka 2023 (64 projects, 6586 ballots; 166 runs for "add1-comparison",
151 for "add1") takes about 0.8 s here; pabutools takes about 11 s for "add1".
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from codesign.allocation.election import Election, Project
from codesign.allocation.greedy import excluded, explain, fill, greedy
from codesign.allocation.mes import Run, Supporters
from codesign.allocation.outcome import (
    FUNDED,
    FUNDED_IN_COMPLETION,
    TOO_EXPENSIVE_FOR_SUPPORTERS,
    Explanation,
    Outcome,
)

COMPLETIONS = (None, "add1", "add1u", "add1-comparison")
UTILITIES = ("approval", "cost")


def equal_shares(
    election: Election,
    *,
    completion: str | None = "add1",
    utility: str = "approval",
    cap: int | None = None,
) -> Outcome:
    """Fund projects by the Method of Equal Shares, then complete as asked."""
    if completion not in COMPLETIONS:
        raise ValueError(f"unknown completion {completion!r}")
    if utility not in UTILITIES:
        raise ValueError(f"unknown utility {utility!r}")
    explanations = excluded(election, cap=cap)
    candidates = [p for p in election.projects if p.id not in explanations]
    supporters = Supporters(candidates, election.ballots, utility)
    voters = len(election.ballots)
    start = Fraction(election.budget, voters) if voters else Fraction(0)
    if completion is None:
        run, steps = supporters.run(start), 0
    else:
        stop = completion != "add1-comparison"
        run, steps = _add1(supporters, candidates, election.budget, start, stop)
    explanations.update(_explain_run(election, candidates, run))
    funded = list(run.funded)
    if completion == "add1u":
        unfunded = [p for p in candidates if p.id not in run.payments]
        _, filled = fill(
            election, unfunded, election.budget - run.cost, funded, FUNDED_IN_COMPLETION
        )
        for pid, item in filled.items():
            # Keep what the supporters had left: it is why Equal Shares skipped it.
            explanations[pid] = explain(
                election,
                election.project(pid),
                item.reason,
                round=item.round,
                remaining_budget=item.remaining_budget,
                funded_before=item.funded_before,
                supporters_money=run.leftover_money[pid],
                voter_budget=run.voter_budget,
            )
    outcome = Outcome(
        rule="equal_shares" + (f"/{completion}" if completion else ""),
        budget=election.budget,
        selected=tuple(funded),
        explanations={p.id: explanations[p.id] for p in election.projects},
        voter_budget=run.voter_budget,
        add1_steps=steps if completion else None,
    )
    if completion == "add1-comparison":
        return _compare_with_greedy(election, outcome, cap)
    return outcome


def _add1(
    supporters: Supporters,
    candidates: Sequence[Project],
    budget: int,
    start: Fraction,
    stop_when_exhaustive: bool,
) -> tuple[Run, int]:
    """Raise every voter's money by 1 until the outcome overspends (or is exhaustive)."""
    steps = 0
    previous = run = supporters.run(start)
    while run.cost <= budget:
        unfunded = [p for p in candidates if p.id not in run.payments]
        if not unfunded:
            return run, steps  # more money cannot change anything
        if stop_when_exhaustive and all(budget - run.cost < p.cost for p in unfunded):
            return run, steps
        previous = run
        steps += 1
        run = supporters.run(start + steps)
    return previous, steps - 1


def _explain_run(
    election: Election, candidates: Sequence[Project], run: Run
) -> dict[str, Explanation]:
    out: dict[str, Explanation] = {}
    rounds = {pid: number for number, pid in enumerate(run.funded, start=1)}
    for project in candidates:
        payment = run.payments.get(project.id)
        if payment is None:
            out[project.id] = explain(
                election,
                project,
                TOO_EXPENSIVE_FOR_SUPPORTERS,
                supporters_money=run.leftover_money[project.id],
                voter_budget=run.voter_budget,
            )
        else:
            out[project.id] = explain(
                election,
                project,
                FUNDED,
                round=rounds[project.id],
                share=payment.share,
                full_share_payers=payment.full_share_payers,
                partial_payers=payment.partial_payers,
                supporters_money=payment.supporters_money,
                voter_budget=run.voter_budget,
            )
    return out


def _compare_with_greedy(
    election: Election, outcome: Outcome, cap: int | None
) -> Outcome:
    """The comparison step: switch to greedy if more voters prefer its outcome."""
    alternative = greedy(election, cap=cap)
    ours, theirs = set(outcome.selected), set(alternative.selected)
    prefer_ours = prefer_theirs = 0
    for ballot in election.ballots:
        mine = sum(points for pid, points in ballot.items() if pid in ours)
        other = sum(points for pid, points in ballot.items() if pid in theirs)
        prefer_ours += mine > other
        prefer_theirs += other > mine
    chosen = alternative if prefer_theirs > prefer_ours else outcome
    return Outcome(
        rule=outcome.rule,
        budget=outcome.budget,
        selected=chosen.selected,
        explanations=chosen.explanations,
        voter_budget=outcome.voter_budget,
        add1_steps=outcome.add1_steps,
        prefer_equal_shares=prefer_ours,
        prefer_greedy=prefer_theirs,
        used_greedy=chosen is alternative,
    )
