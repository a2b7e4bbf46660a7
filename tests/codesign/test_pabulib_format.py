"""The Pabulib .pb reader and writer: real files, round trips, and broken files."""

from __future__ import annotations

import pytest

from codesign.allocation import PabulibError, parse, to_election, write
from tests.codesign.data import PABULIB_FILES, pabulib_text

# A small valid file; the comments give each line's number.
APPROVAL = [
    "META",  # 1
    "key;value",  # 2
    "description;Test",  # 3
    "num_projects;3",  # 4
    "num_votes;3",  # 5
    "budget;1000.0",  # 6
    "vote_type;approval",  # 7
    "rule;greedy",  # 8
    "PROJECTS",  # 9
    "project_id;cost;name",  # 10
    '1;400;"Park ""Green"""',  # 11
    "2;300;Benches",  # 12
    "3;500;Lights",  # 13
    "VOTES",  # 14
    "voter_id;vote",  # 15
    "v1;1,2",  # 16
    "v2;3",  # 17
    "v3;2,3",  # 18
]
CUMULATIVE = [
    "META",  # 1
    "key;value",  # 2
    "num_projects;2",  # 3
    "num_votes;2",  # 4
    "budget;100",  # 5
    "vote_type;cumulative",  # 6
    "PROJECTS",  # 7
    "project_id;cost",  # 8
    "a;50",  # 9
    "b;60",  # 10
    "VOTES",  # 11
    "voter_id;vote;points",  # 12
    "1;a,b;2,1",  # 13
    "2;b;3",  # 14
]


def text(lines: list[str], changes: dict[int, str | None] | None = None) -> str:
    """The file with line N replaced (``{12: "..."}``) or removed (``{12: None}``)."""
    edited: list[str | None] = list(lines)
    for number, value in (changes or {}).items():
        edited[number - 1] = value
    return "\n".join(line for line in edited if line is not None) + "\n"


# ---- real files --------------------------------------------------------------------


@pytest.mark.parametrize("name", PABULIB_FILES)
def test_every_shipped_file_parses_and_round_trips(name: str) -> None:
    data = parse(pabulib_text(name))
    assert len(data.projects) == int(data.meta["num_projects"])
    assert len(data.votes) == int(data.meta["num_votes"])
    assert list(data.projects[0])[:2] == ["project_id", "cost"]
    again = parse(write(data.meta, data.projects, data.votes))
    assert again == data
    election = to_election(data)
    assert election.budget == int(float(data.meta["budget"]))
    assert [p.id for p in election.projects] == [p["project_id"] for p in data.projects]
    assert len(election.ballots) == len(data.votes)


def test_quoted_cells_keep_their_quotes_and_semicolons() -> None:
    data = parse(pabulib_text("France_Toulouse_2022_17_Mirail.pb"))
    names = {p["project_id"]: p["name"] for p in data.projects}
    assert (
        names["182"]
        == 'Aménagement de cours "OASIS" à l\'école élémentaire Victor Hugo'
    )


def test_cumulative_points_and_float_costs_reach_the_election() -> None:
    katowice = to_election(parse(pabulib_text("Poland_Katowice_2020_Dab.pb")))
    assert katowice.kind == "cumulative"
    assert katowice.scores["L10/09/VII"] == 691
    assert katowice.votes["L10/09/VII"] == 263
    toulouse = to_election(parse(pabulib_text("France_Toulouse_2022_17_Mirail.pb")))
    assert toulouse.budget == 400_000
    assert toulouse.project("180").cost == 75_000


def test_section_lines_may_carry_empty_cells() -> None:
    padded = text(APPROVAL, {9: "PROJECTS;;", 14: "VOTES;"})
    assert parse(padded) == parse(text(APPROVAL))


def test_bom_and_crlf_are_accepted_and_lines_still_count() -> None:
    plain = text(APPROVAL)
    windows = "\ufeff" + plain.replace("\n", "\r\n")
    assert parse(windows) == parse(plain)
    with pytest.raises(PabulibError) as caught:
        parse("\ufeff" + text(APPROVAL, {17: "v2;9"}).replace("\n", "\r\n"))
    assert (caught.value.code, caught.value.line) == ("unknown_project", 17)


def test_writer_quotes_what_needs_quoting() -> None:
    data = parse(text(APPROVAL))
    data.projects[0]["name"] = 'A; "B"\nC\rD'
    written = write(data.meta, data.projects, data.votes)
    assert parse(written) == data


def test_writer_fills_in_the_counts() -> None:
    meta = {"budget": "10", "vote_type": "approval"}
    written = write(
        meta, [{"project_id": "a", "cost": 5}], [{"voter_id": "1", "vote": "a"}]
    )
    data = parse(written)
    assert (data.meta["num_projects"], data.meta["num_votes"]) == ("1", "1")
    assert data.projects == [{"project_id": "a", "cost": "5"}]
    with pytest.raises(ValueError, match="budget"):
        write({"vote_type": "approval"}, [], [])


def test_blank_lines_are_skipped_but_counted() -> None:
    lines = [*APPROVAL[:13], "", "   ", *APPROVAL[13:]]
    lines[17] = "v2;9"  # line 18 of this file
    with pytest.raises(PabulibError) as caught:
        parse(text(lines))
    assert (caught.value.code, caught.value.line) == ("unknown_project", 18)


def test_a_cell_spanning_lines_moves_the_line_numbers_down() -> None:
    lines = list(APPROVAL)
    lines[10] = '1;400;"Park\nGreen"'  # lines 11 and 12
    lines[15] = "v1;1,2;extra"  # now line 17
    with pytest.raises(PabulibError) as caught:
        parse(text(lines))
    assert (caught.value.code, caught.value.line) == ("wrong_column_count", 17)


# ---- broken files ------------------------------------------------------------------

A, C = APPROVAL, CUMULATIVE
BROKEN = [
    # (name, file A(pproval) or C(umulative), its changed lines, code, line)
    ("missing VOTES", A, dict.fromkeys(range(14, 19)), "missing_section", 13),
    ("begins with PROJECTS", A, {1: "PROJECTS"}, "section_order", 1),
    ("begins with a row", A, {1: "hello;world"}, "missing_section", 1),
    ("VOTES before PROJECTS", A, {9: "VOTES"}, "section_order", 9),
    ("META twice", A, {14: "META"}, "duplicate_section", 14),
    ("bad META header", A, {2: "key;val"}, "bad_header", 2),
    ("duplicate column", A, {10: "project_id;cost;cost"}, "bad_header", 10),
    ("no cost column", A, {10: "project_id;price;name"}, "missing_column", 10),
    ("no vote column", A, {15: "voter_id;ballot"}, "missing_column", 15),
    ("no points column", C, {12: "voter_id;vote"}, "missing_column", 12),
    ("budget missing", A, {6: None}, "budget_missing", 1),
    ("vote_type missing", A, {7: None}, "missing_meta_key", 1),
    ("budget not a number", A, {6: "budget;lots"}, "not_a_number", 6),
    ("negative budget", A, {6: "budget;-5"}, "negative_budget", 6),
    ("unknown vote type", A, {7: "vote_type;ranked"}, "unknown_vote_type", 7),
    ("num_votes not a number", A, {5: "num_votes;three"}, "not_a_number", 5),
    ("duplicate meta key", A, {8: "budget;5"}, "duplicate_meta_key", 8),
    ("wrong num_votes", A, {5: "num_votes;4"}, "count_mismatch", 5),
    ("wrong num_projects", A, {4: "num_projects;2"}, "count_mismatch", 4),
    ("cost not a number", A, {12: "2;abc;Benches"}, "not_a_number", 12),
    ("cost as a fraction", A, {12: "2;1/2;Benches"}, "not_a_number", 12),
    ("negative cost", A, {12: "2;-300;Benches"}, "negative_cost", 12),
    ("duplicate project id", A, {13: "2;500;Lights"}, "duplicate_project", 13),
    ("empty project id", A, {13: ";500;Lights"}, "missing_value", 13),
    ("wrong column count", A, {16: "v1;1,2;extra"}, "wrong_column_count", 16),
    ("meta row without value", A, {3: "description"}, "wrong_column_count", 3),
    ("unknown project in a vote", A, {17: "v2;9"}, "unknown_project", 17),
    ("empty entry in a vote", A, {18: "v3;2,,3"}, "unknown_project", 18),
    ("project twice in a vote", A, {18: "v3;2,2"}, "duplicate_in_vote", 18),
    ("duplicate voter id", A, {18: "v1;2,3"}, "duplicate_voter", 18),
    ("points count mismatch", C, {13: "1;a,b;2"}, "points_mismatch", 13),
    ("points not numbers", C, {14: "2;b;many"}, "not_a_number", 14),
    ("unclosed quote", A, {13: '3;500;"Lights'}, "bad_csv", 13),
    ("text after a quote", A, {13: '3;500;"Li"ghts'}, "bad_csv", 13),
    ("header missing at the end", A, dict.fromkeys(range(15, 19)), "bad_header", 14),
]


@pytest.mark.parametrize(
    ("lines", "changes", "code", "line"),
    [case[1:] for case in BROKEN],
    ids=[case[0] for case in BROKEN],
)
def test_broken_files_name_the_line(
    lines: list[str], changes: dict[int, str | None], code: str, line: int
) -> None:
    with pytest.raises(PabulibError) as caught:
        parse(text(lines, changes))
    assert (caught.value.code, caught.value.line) == (code, line)
    assert caught.value.message
    assert str(caught.value).startswith(f"line {line}: ")


@pytest.mark.parametrize("file_text", ["", "\n \n\n", "\ufeff"])
def test_an_empty_file_is_an_error_on_line_1(file_text: str) -> None:
    with pytest.raises(PabulibError) as caught:
        parse(file_text)
    assert (caught.value.code, caught.value.line) == ("empty_file", 1)


def test_the_valid_examples_are_valid() -> None:
    assert len(to_election(parse(text(APPROVAL))).projects) == 3
    assert to_election(parse(text(CUMULATIVE))).ballots[0] == {"a": 2, "b": 1}


@pytest.mark.parametrize(
    ("lines", "changes", "code", "line"),
    [
        (APPROVAL, {12: "2;300.5;Benches"}, "not_a_whole_number", 12),
        (CUMULATIVE, {14: "2;b;1.5"}, "not_a_whole_number", 14),
        (CUMULATIVE, {14: "2;b;-1"}, "negative_points", 14),
        (APPROVAL, {7: "vote_type;ordinal"}, "unsupported_vote_type", 7),
    ],
)
def test_files_that_parse_but_are_not_elections(
    lines: list[str], changes: dict[int, str | None], code: str, line: int
) -> None:
    data = parse(text(lines, changes))
    with pytest.raises(PabulibError) as caught:
        to_election(data)
    assert (caught.value.code, caught.value.line) == (code, line)


def test_knapsack_ballots_must_fit_the_budget() -> None:
    data = parse(text(APPROVAL, {18: "v3;1,2,3"}))
    assert to_election(data).kind == "approval"
    with pytest.raises(PabulibError) as caught:
        to_election(data, kind="knapsack")
    assert (caught.value.code, caught.value.line) == ("knapsack_over_budget", 18)
