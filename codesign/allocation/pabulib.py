"""Reading and writing Pabulib ``.pb`` files (pabulib.org/format).

A file has three sections, in order: ``META`` (``key;value`` rows), ``PROJECTS``
(``project_id;cost;...``) and ``VOTES`` (``voter_id;vote;...``), each a line with the
section name followed by a header row. Cells are separated by ``;`` and quoted with
double quotes (``""`` inside quotes is one quote). ``vote`` lists project ids
separated by commas; cumulative and scoring ballots add ``points`` aligned with it.
A UTF-8 byte order mark and CRLF line ends are accepted. Errors are raised as
``PabulibError`` with a machine ``code``, an English ``message`` and the 1-based
``line`` of the file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence

from codesign.allocation.election import Election, Project
from codesign.allocation.pabulib_check import (
    POINTS_VOTE_TYPES,
    REQUIRED_COLUMNS,
    PabulibData,
    PabulibError,
    Parser,
    number,
    split_list,
)

__all__ = ["PabulibData", "PabulibError", "parse", "to_election", "write"]


def parse(text: str) -> PabulibData:
    """Parse and check a Pabulib file given as text."""
    return Parser().parse(text.removeprefix("\ufeff"))


KINDS_BY_VOTE_TYPE = {
    "approval": ("approval", "knapsack"),
    "choose-1": ("approval", "knapsack"),
    "cumulative": ("cumulative",),
}


def to_election(data: PabulibData, kind: str | None = None) -> Election:
    """The election in parsed data; ``kind`` may say "knapsack" for approval files."""
    meta = data.meta
    vote_type = meta["vote_type"]
    allowed = KINDS_BY_VOTE_TYPE.get(vote_type, ())
    kind = kind or (allowed[0] if allowed else None)
    if kind not in allowed:
        raise PabulibError(
            "unsupported_vote_type",
            data.meta_lines.get("vote_type", 0),
            f"cannot count {vote_type} ballots as {kind or 'an election'}",
        )
    budget = _whole(meta["budget"], data.meta_lines.get("budget", 0), "budget")
    lines = data.project_lines or [0] * len(data.projects)
    projects = tuple(
        Project(row["project_id"], _whole(row["cost"], line, "cost"))
        for row, line in zip(data.projects, lines, strict=True)
    )
    costs = {p.id: p.cost for p in projects}
    ballots = []
    lines = data.vote_lines or [0] * len(data.votes)
    for row, line in zip(data.votes, lines, strict=True):
        chosen = split_list(row["vote"])
        if vote_type in POINTS_VOTE_TYPES:
            points = [
                _whole(value, line, "points") for value in split_list(row["points"])
            ]
        else:
            points = [1] * len(chosen)
        if any(value < 0 for value in points):
            raise PabulibError("negative_points", line, "points must not be negative")
        if kind == "knapsack" and sum(costs[pid] for pid in chosen) > budget:
            raise PabulibError(
                "knapsack_over_budget", line, "the ballot costs too much"
            )
        ballots.append(dict(zip(chosen, points, strict=True)))
    return Election(budget, projects, tuple(ballots), kind)


def _whole(text: str, line: int, what: str) -> int:
    value = number(text, line, what)
    if value.denominator != 1:
        raise PabulibError("not_a_whole_number", line, f"{what} {text} is not whole")
    return int(value)


def write(
    meta: Mapping[str, object],
    projects: Sequence[Mapping[str, object]],
    votes: Sequence[Mapping[str, object]],
) -> str:
    """A Pabulib file; num_projects and num_votes are set to the actual counts."""
    for key in ("budget", "vote_type"):
        if key not in meta:
            raise ValueError(f"meta needs {key}")
    counts = {"num_projects": len(projects), "num_votes": len(votes)}
    meta_rows = [[k, str(counts.get(k, v))] for k, v in meta.items()]
    meta_rows += [[k, str(v)] for k, v in counts.items() if k not in meta]
    out = io.StringIO()
    _section(out, "META", ["key", "value"], meta_rows)
    for name, items, first in (
        ("PROJECTS", projects, REQUIRED_COLUMNS["projects"]),
        ("VOTES", votes, REQUIRED_COLUMNS["votes"]),
    ):
        columns = list(first)
        for item in items:
            columns += [key for key in item if key not in columns]
        rows = [[str(item.get(c, "")) for c in columns] for item in items]
        _section(out, name, columns, rows)
    return out.getvalue()


def _section(
    out: io.StringIO, name: str, header: list[str], rows: list[list[str]]
) -> None:
    plain = csv.writer(out, delimiter=";", lineterminator="\n")
    # With "\n" line ends csv leaves a lone "\r" unquoted; quote such rows whole.
    quoted = csv.writer(out, delimiter=";", lineterminator="\n", quoting=csv.QUOTE_ALL)
    out.write(name + "\n")
    for row in [header, *rows]:
        (quoted if any("\r" in cell for cell in row) else plain).writerow(row)
