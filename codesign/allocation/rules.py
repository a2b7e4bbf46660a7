"""The rules by their Pabulib names, so a file's ``rule`` can be replayed."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from codesign.allocation.election import Election
from codesign.allocation.equal_shares import equal_shares
from codesign.allocation.greedy import greedy
from codesign.allocation.outcome import Outcome

# Pabulib's equalshares rules were computed on equalshares.net, whose default utility
# is the project's cost; Wieliczka's official outcome needs it.
_RULES: dict[str, Callable[..., Outcome]] = {
    "greedy": greedy,
    "greedy-threshold": greedy,
    "equalshares": partial(equal_shares, completion=None, utility="cost"),
    "equalshares/add1": partial(equal_shares, completion="add1", utility="cost"),
    "equalshares/add1u": partial(equal_shares, completion="add1u", utility="cost"),
    "equalshares/add1-comparison": partial(
        equal_shares, completion="add1-comparison", utility="cost"
    ),
}
RULE_NAMES = tuple(_RULES)


def apply_rule(
    election: Election, rule: str, *, threshold: int = 0, cap: int | None = None
) -> Outcome:
    """Run the rule a Pabulib ``rule`` name stands for (ValueError if unknown).

    ``threshold`` (minimum score) and ``cap`` (maximum cost) apply to every rule.
    """
    try:
        run = _RULES[rule]
    except KeyError:
        raise ValueError(f"unknown rule {rule!r}") from None
    return run(election, threshold=threshold, cap=cap)
