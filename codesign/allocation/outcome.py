"""What a rule decided, and why, for every project: data only, no sentences."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

FUNDED = "funded"
FUNDED_IN_COMPLETION = "funded_in_completion"
BUDGET_EXHAUSTED = "not_funded_budget_exhausted"
TOO_EXPENSIVE_FOR_SUPPORTERS = "not_funded_too_expensive_for_supporters"
BELOW_THRESHOLD = "not_funded_below_threshold"
NO_VOTES = "not_funded_no_votes"
OVER_CAP = "not_funded_over_cap"

REASONS = (
    FUNDED,
    FUNDED_IN_COMPLETION,
    BUDGET_EXHAUSTED,
    TOO_EXPENSIVE_FOR_SUPPORTERS,
    BELOW_THRESHOLD,
    NO_VOTES,
    OVER_CAP,
)
FUNDED_REASONS = (FUNDED, FUNDED_IN_COMPLETION)


@dataclass(frozen=True)
class Explanation:
    """Why one project was or was not funded, with the numbers behind it.

    Fields that do not apply to a reason are None. Money is exact: ints, or
    Fractions where Equal Shares splits a cost between voters.

    - ``round``: 1-based position in the order projects were funded.
    - ``remaining_budget``: money left when a greedy pass considered the project
      (before paying for it if it was funded).
    - ``funded_before``: projects already funded when it was considered.
    - ``share``: Equal Shares: the most a supporter paid per point (approval
      ballots: per supporter); supporters with less money left paid all of it.
    - ``full_share_payers`` / ``partial_payers``: supporters who paid the full share,
      and those who paid everything they had left (less than the share).
    - ``supporters_money``: Equal Shares: money its supporters had left when it was
      funded, or at the end for a project they could not afford.
    - ``voter_budget``: Equal Shares: each voter's starting money in the deciding run.
    - ``threshold`` / ``cap``: the limit a project failed.
    """

    project_id: str
    reason: str
    cost: int
    votes: int
    score: int
    round: int | None = None
    remaining_budget: int | None = None
    funded_before: int | None = None
    share: Fraction | None = None
    full_share_payers: int | None = None
    partial_payers: int | None = None
    supporters_money: Fraction | None = None
    voter_budget: Fraction | None = None
    threshold: int | None = None
    cap: int | None = None

    @property
    def funded(self) -> bool:
        """True when the project was funded (in the main rule or a completion)."""
        return self.reason in FUNDED_REASONS


@dataclass(frozen=True)
class Outcome:
    """Selected project ids in the order chosen, their cost, and every explanation.

    ``explanations`` has one entry per project of the election, in ballot order.
    Equal Shares also reports the per-voter money of the deciding run
    (``voter_budget``), how many 1-unit raises add1 made (``add1_steps``) and, for
    the comparison step, how many voters preferred each outcome.
    """

    rule: str
    budget: int
    selected: tuple[str, ...]
    explanations: Mapping[str, Explanation] = field(repr=False)
    voter_budget: Fraction | None = None
    add1_steps: int | None = None
    prefer_equal_shares: int | None = None
    prefer_greedy: int | None = None
    used_greedy: bool = False

    @property
    def total_cost(self) -> int:
        """Sum of the costs of the selected projects."""
        return sum(self.explanations[pid].cost for pid in self.selected)

    @property
    def remaining(self) -> int:
        """Budget left unspent."""
        return self.budget - self.total_cost
