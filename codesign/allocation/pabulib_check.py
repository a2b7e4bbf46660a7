"""The checks behind ``pabulib.parse``: one pass over a file's rows, naming lines."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction

SECTIONS = ("meta", "projects", "votes")
REQUIRED_COLUMNS = {"projects": ("project_id", "cost"), "votes": ("voter_id", "vote")}
REQUIRED_META = ("budget", "vote_type", "num_projects", "num_votes")
VOTE_TYPES = ("approval", "choose-1", "cumulative", "scoring", "ordinal")
POINTS_VOTE_TYPES = ("cumulative", "scoring")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


class PabulibError(Exception):
    """A malformed file: ``code`` for machines, ``message`` (English), 1-based ``line``."""

    def __init__(self, code: str, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.code = code
        self.line = line
        self.message = message


@dataclass
class PabulibData:
    """The cells of a file as strings; projects and votes in file order.

    The ``*_lines`` fields remember where each item came from so later checks can
    name a line; they are left out of comparisons (a rewritten file is equal).
    """

    meta: dict[str, str]
    projects: list[dict[str, str]]
    votes: list[dict[str, str]]
    meta_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    project_lines: list[int] = field(default_factory=list, compare=False, repr=False)
    vote_lines: list[int] = field(default_factory=list, compare=False, repr=False)
    section_lines: dict[str, int] = field(
        default_factory=dict, compare=False, repr=False
    )


def number(text: str, line: int, what: str) -> Fraction:
    """A decimal number from a cell, exactly (``400000.0``, ``1e5``)."""
    if not _NUMBER.fullmatch(text):
        raise PabulibError("not_a_number", line, f"{what} is not a number: {text!r}")
    return Fraction(text)


def split_list(text: str) -> list[str]:
    """A comma-separated cell as a list; an empty cell is an empty list."""
    return [item.strip() for item in text.split(",")] if text else []


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """Non-blank rows with the line each starts on; cells stripped."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", strict=True)
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            # The line the broken row starts on: an unclosed quote runs to the end.
            raise PabulibError("bad_csv", line, str(error)) from None
        cells = [cell.strip() for cell in row]
        if cells and any(cells):
            yield line, cells
        line = reader.line_num + 1


class Parser:
    """One pass over the rows; remembers ids seen so duplicate checks stay cheap."""

    def __init__(self) -> None:
        self.data = PabulibData({}, [], [])
        self.project_ids: set[str] = set()
        self.voter_ids: set[str] = set()
        self.headers: dict[str, list[str]] = {}

    def parse(self, text: str) -> PabulibData:
        data = self.data
        section = ""
        last_line = 0
        for line, cells in _rows(text):
            last_line = line
            # "VOTES" alone on its line ("VOTES;;" too) starts a section.
            name = "" if any(cells[1:]) else cells[0].lower()
            header = self.headers.get(section)
            if name in SECTIONS:
                self._enter(section, name, line)
                section = name
            elif not section:
                raise PabulibError(
                    "missing_section", line, "the file must begin with META"
                )
            elif header is None:
                self.headers[section] = self._header(section, cells, line)
            elif len(cells) != len(header):
                raise PabulibError(
                    "wrong_column_count",
                    line,
                    f"{len(cells)} cells where the header has {len(header)}",
                )
            elif section == "meta":
                self._meta_row(cells, line)
            elif section == "projects":
                self._project_row(dict(zip(header, cells, strict=True)), line)
            else:
                self._vote_row(dict(zip(header, cells, strict=True)), line)
        if not last_line:
            raise PabulibError("empty_file", 1, "the file is empty")
        for name in SECTIONS:
            if name not in data.section_lines:
                raise PabulibError(
                    "missing_section",
                    last_line,
                    f"the file has no {name.upper()} section",
                )
        self._require_header(section)
        self._check_counts()
        return data

    def _require_header(self, section: str) -> None:
        if section and section not in self.headers:
            raise PabulibError(
                "bad_header",
                self.data.section_lines[section],
                f"{section.upper()} has no header row",
            )

    def _enter(self, current: str, name: str, line: int) -> None:
        seen = self.data.section_lines
        if name in seen:
            raise PabulibError("duplicate_section", line, f"a second {name.upper()}")
        expected = SECTIONS[len(seen)]
        if name != expected:
            raise PabulibError(
                "section_order",
                line,
                f"expected {expected.upper()}, found {name.upper()}",
            )
        self._require_header(current)
        if current == "meta":
            self._check_meta()
        seen[name] = line

    def _header(self, section: str, cells: list[str], line: int) -> list[str]:
        if section == "meta":
            if [cell.lower() for cell in cells] != ["key", "value"]:
                raise PabulibError(
                    "bad_header", line, "the META header must be key;value"
                )
            return cells
        if not all(cells) or len(set(cells)) != len(cells):
            raise PabulibError(
                "bad_header", line, "column names must be unique, non-empty"
            )
        required = list(REQUIRED_COLUMNS[section])
        if section == "votes" and self.data.meta["vote_type"] in POINTS_VOTE_TYPES:
            required.append("points")
        for column in required:
            if column not in cells:
                raise PabulibError(
                    "missing_column", line, f"{section.upper()} needs a {column} column"
                )
        return cells

    def _meta_row(self, cells: list[str], line: int) -> None:
        key, value = cells
        if key in self.data.meta:
            raise PabulibError("duplicate_meta_key", line, f"{key} is given twice")
        self.data.meta[key] = value
        self.data.meta_lines[key] = line

    def _check_meta(self) -> None:
        """Required keys and their values, checked when META ends."""
        meta, lines = self.data.meta, self.data.meta_lines
        start = self.data.section_lines["meta"]
        if "budget" not in meta:
            raise PabulibError("budget_missing", start, "META has no budget")
        for key in REQUIRED_META:
            if key not in meta:
                raise PabulibError("missing_meta_key", start, f"META has no {key}")
        if number(meta["budget"], lines["budget"], "budget") < 0:
            raise PabulibError(
                "negative_budget", lines["budget"], "the budget is negative"
            )
        if meta["vote_type"] not in VOTE_TYPES:
            raise PabulibError(
                "unknown_vote_type",
                lines["vote_type"],
                f"vote_type must be one of {', '.join(VOTE_TYPES)}",
            )
        for key in ("num_projects", "num_votes"):
            if not meta[key].isdigit():
                raise PabulibError(
                    "not_a_number", lines[key], f"{key} is not a whole number"
                )

    def _project_row(self, row: dict[str, str], line: int) -> None:
        pid = row["project_id"]
        if not pid:
            raise PabulibError("missing_value", line, "project_id is empty")
        if pid in self.project_ids:
            raise PabulibError(
                "duplicate_project", line, f"project {pid} is listed twice"
            )
        if number(row["cost"], line, f"cost of project {pid}") < 0:
            raise PabulibError(
                "negative_cost", line, f"project {pid} has a negative cost"
            )
        self.project_ids.add(pid)
        self.data.projects.append(row)
        self.data.project_lines.append(line)

    def _vote_row(self, row: dict[str, str], line: int) -> None:
        voter = row["voter_id"]
        if not voter:
            raise PabulibError("missing_value", line, "voter_id is empty")
        if voter in self.voter_ids:
            raise PabulibError("duplicate_voter", line, f"voter {voter} votes twice")
        chosen = split_list(row["vote"])
        for pid in chosen:
            if pid not in self.project_ids:
                raise PabulibError("unknown_project", line, f"no project {pid!r}")
        if len(set(chosen)) != len(chosen):
            raise PabulibError("duplicate_in_vote", line, "a project is named twice")
        if self.data.meta["vote_type"] in POINTS_VOTE_TYPES:
            points = split_list(row["points"])
            if len(points) != len(chosen):
                raise PabulibError(
                    "points_mismatch",
                    line,
                    f"{len(points)} points for {len(chosen)} projects",
                )
            for value in points:
                number(value, line, "points")
        self.voter_ids.add(voter)
        self.data.votes.append(row)
        self.data.vote_lines.append(line)

    def _check_counts(self) -> None:
        data = self.data
        for key, items in (("num_projects", data.projects), ("num_votes", data.votes)):
            if int(data.meta[key]) != len(items):
                raise PabulibError(
                    "count_mismatch",
                    data.meta_lines[key],
                    f"{key} is {data.meta[key]} but the file has {len(items)}",
                )
