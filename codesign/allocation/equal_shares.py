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
  funded projects they support, weighted by points), greedy's outcome and its
  explanations are used (``Outcome.used_greedy``).
  Stopping at the first exhaustive outcome instead would fund projects 66 and 67 in
  place of 46 and miss the official result.

Utility: "approval" — a project is worth its points to a supporter (1 on approval
ballots; pabutools ``Cardinality_Sat`` / ``Additive_Cardinal_Sat``); "cost" — worth
points x cost (pabutools ``Cost_Sat`` on approval ballots; equalshares.net's default).
Projects over ``cap``, scoring below ``threshold`` or without votes take no part
(as if they were not on the ballot; their supporters keep their money). A free project with votes is
funded up front under both utilities (pabutools drops it under ``Cost_Sat``, where
it is worth 0).

Speed (this machine, 2 cores): Wieliczka 2023 (64 projects, 6586 ballots) takes
0.6 s with "add1-comparison" and cost utility (164 raises), 0.5 s with "add1" (150),
1.2 s with "add1" and approval utility (177): about 4 ms a run. pabutools needs
about 10 s for "add1". Raises that cannot change the outcome are skipped (see
``mes_horizon.py``): 1000 voters sharing 100 M tenge need 125 092 raises, which
take 1 s instead of 2 minutes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from fractions import Fraction
from math import ceil

from codesign.allocation.election import Election, Project
from codesign.allocation.greedy import excluded, explain, fill, greedy
from codesign.allocation.mes import Run, Supporters
from codesign.allocation.mes_horizon import horizon
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
    threshold: int = 0,
) -> Outcome:
    """Fund projects by the Method of Equal Shares, then complete as asked."""
    if completion not in COMPLETIONS:
        raise ValueError(f"unknown completion {completion!r}")
    if utility not in UTILITIES:
        raise ValueError(f"unknown utility {utility!r}")
    explanations = excluded(election, threshold=threshold, cap=cap)
    candidates = [p for p in election.projects if p.id not in explanations]
    supporters = Supporters(candidates, election.ballots, utility)
    voters = len(election.ballots)
    start = Fraction(election.budget, voters) if voters else Fraction(0)
    if completion is None:
        run, steps = supporters.run(start), 0
    else:
        stop = completion != "add1-comparison"
        run, steps = _add1(supporters, candidates, election.budget, start, stop)
    explanations.update(_explain_run(election, supporters, candidates, run))
    funded = list(run.funded)
    if completion == "add1u":
        unfunded = [p for p in candidates if p.id not in run.payments]
        _, filled = fill(
            election, unfunded, election.budget - run.cost, funded, FUNDED_IN_COMPLETION
        )
        for pid, item in filled.items():
            # Keep what the supporters had left: it is why Equal Shares skipped it.
            explanations[pid] = replace(
                item,
                supporters_money=supporters.money_left(run, pid),
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
        return _compare_with_greedy(election, outcome, threshold, cap)
    return outcome


def _add1(
    supporters: Supporters,
    candidates: Sequence[Project],
    budget: int,
    start: Fraction,
    stop_when_exhaustive: bool,
    skip: bool = True,
) -> tuple[Run, int]:
    """Raise every voter's money by 1 until the outcome overspends (or is exhaustive).

    Raises that cannot change the outcome are skipped: ``horizon`` replays a run and
    tells when the next change could come, and the raises before it fund the same
    projects, so they would not stop the loop either. A replay costs a few runs, so
    it is tried once raises stop changing anything, and kept up while it pays off.
    """
    costs = {p.id: p.cost for p in candidates}
    step, good = 0, 0  # the current step; the last one known to stay within budget
    last_run: Run | None = None
    last_funded: list[str] = []
    unchanged, patience, replaying = 0, 2, False
    while True:
        limit: Fraction | None = None
        replayed = False
        if replaying:
            funded, limit = horizon(supporters, start + step)
            replayed = True
        else:
            last_run = supporters.run(start + step)
            funded = last_run.funded
        spent = sum(costs[pid] for pid in funded)
        if spent > budget:
            break
        good = step
        unfunded = [p for p in candidates if p.id not in funded]
        exhausted = all(budget - spent < p.cost for p in unfunded)
        if not unfunded or (stop_when_exhaustive and exhausted):
            break
        unchanged = unchanged + 1 if funded == last_funded else 0
        last_funded = funded
        if skip and not replayed and unchanged >= patience:
            replayed_funded, limit = horizon(supporters, start + step)
            if replayed_funded != funded:
                raise AssertionError("the horizon replay disagrees with the run")
            replayed = True
        next_step = step + 1
        if replayed:
            if limit is None:
                break  # no raise would ever change the outcome
            next_step = max(next_step, ceil(limit - start))
            good = next_step - 1
            replaying = next_step - step > 8
            patience = 2 if replaying else patience * 2
            unchanged = 0
        step = next_step
    if last_run is None or last_run.voter_budget != start + good:
        last_run = supporters.run(start + good)  # same projects, with its own shares
    return last_run, good


def _explain_run(
    election: Election,
    supporters: Supporters,
    candidates: Sequence[Project],
    run: Run,
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
                supporters_money=supporters.money_left(run, project.id),
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
    election: Election, outcome: Outcome, threshold: int, cap: int | None
) -> Outcome:
    """The comparison step: switch to greedy if more voters prefer its outcome."""
    alternative = greedy(election, threshold=threshold, cap=cap)
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
