"""Participatory-budgeting outcomes and Pabulib files, in plain Python (no Django).

- ``Election``/``Project``: the budget, the projects and the ballots.
- ``greedy`` (most support first) and ``equal_shares`` (the Method of Equal Shares,
  with the add1 completion by default): each returns an ``Outcome`` with the funded
  projects in the order chosen and an ``Explanation`` for every project, a
  ``reason`` code and the numbers behind it (the Django layer words them in
  kk/ru/en). Both take a per-project ``cap`` and a minimum score ``threshold``.
- ``apply_rule``: a rule by its Pabulib name ("greedy", "equalshares/add1", ...).
- ``parse``/``write``/``to_election``: the Pabulib ``.pb`` format, with
  ``PabulibError`` naming the line of a malformed file.

Both rules are checked against pabutools, the reference implementation, in
tests/codesign/test_allocation.py; Wieliczka's 2023 official outcome is reproduced.
"""

from codesign.allocation.election import Election, Project
from codesign.allocation.equal_shares import COMPLETIONS, UTILITIES, equal_shares
from codesign.allocation.greedy import greedy
from codesign.allocation.outcome import REASONS, Explanation, Outcome
from codesign.allocation.pabulib import (
    PabulibData,
    PabulibError,
    parse,
    to_election,
    write,
)
from codesign.allocation.rules import RULE_NAMES, apply_rule

__all__ = [
    "COMPLETIONS",
    "REASONS",
    "RULE_NAMES",
    "UTILITIES",
    "Election",
    "Explanation",
    "Outcome",
    "PabulibData",
    "PabulibError",
    "Project",
    "apply_rule",
    "equal_shares",
    "greedy",
    "parse",
    "to_election",
    "write",
]
