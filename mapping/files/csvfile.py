"""CSV as spreadsheets write it: any of three delimiters, UTF-8 or Windows-1251.

Row numbers are the spreadsheet's: the header is row 1, the first data row is
row 2 (a cell with line breaks stays in its row, as Excel shows it). A file with
formula cells is refused as a whole: opened again in a spreadsheet they would run
(CSV injection), and a formula is never a resident's concern.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .limits import ReadLimits
from .refusals import refusal
from .sniff import BOM

DELIMITERS = (",", ";", "\t")
# "=" starts a formula whatever follows; "+", "-" and "@" only when a function,
# a reference to another sheet or program (DDE, "cmd|") or a cell follows.
_FORMULA_START = re.compile(r"^[=]")
_FORMULA_CALL = re.compile(
    r"^[+\-@][\s+\-@\d.()*/^&]*[A-Za-z_][\w.]*[(|!]"
    r"|^[+\-@][\s+\-@\d.()*/^&]*[A-Za-z]{1,3}\d+\s*[-+*/:^&]"
)
_DDE = re.compile(r"[\w.]+\|'?[^']*'?!")
_SHOWN_FORMULAS = 5


@dataclass(frozen=True)
class CsvRow:
    """A data row: its number as the spreadsheet shows it and its cells by column."""

    number: int
    cells: dict[str, str]


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with its BOM, else Windows-1251 (Excel)."""
    text = _decoded(data)
    if text is not None and "\x00" in text:
        # UTF-32 read as UTF-16 (or a binary file): PostgreSQL cannot store NUL.
        refusal(
            "csv_encoding",
            _(
                "The table's text holds NUL characters, as UTF-32 or a binary file "
                "would: save it as “CSV UTF-8” and upload it again."
            ),
        )
    if text is not None:
        return text
    refusal(
        "csv_encoding",
        _(
            "The table's text is neither UTF-8 nor Windows-1251: save it as "
            "“CSV UTF-8” and upload it again."
        ),
    )


def _decoded(data: bytes) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    try:
        return data.removeprefix(BOM).decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1251")
    except UnicodeDecodeError:
        return None


def delimiter_of(header: str) -> str:
    """The delimiter the header line uses most: comma, semicolon or tab."""
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def is_formula(cell: str) -> bool:
    """A cell a spreadsheet would run: "=…", "+SUM(…)", "@cmd|…", "-2+3+cmd|'…'!A0"."""
    text = cell.lstrip(" \t\r\n")
    if not text:
        return False
    if _FORMULA_START.match(text):
        return len(text) > 1
    if text[0] in "+-@":
        return bool(_FORMULA_CALL.match(text) or _DDE.search(text))
    return False


def read_csv(data: bytes, limits: ReadLimits) -> tuple[list[str], list[CsvRow]]:
    """The header's column names and every data row, or a refusal."""
    text = decode(data)
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=delimiter_of(first_line)
    )
    records = _records(reader)
    header = next(records, None)
    if header is None or not any(cell.strip() for cell in header[1]):
        refusal(
            "empty_file",
            _("The table has no header row: the first row must name the columns."),
        )
    columns = column_names(header[1], max_columns=limits.max_columns)
    check_header(columns)
    rows: list[CsvRow] = []
    formulas: list[tuple[int, str, str]] = []
    for number, cells in records:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
            refusal(
                "csv_extra_cells",
                _(
                    "Row %(row)d has %(cells)d cells but the header names %(columns)d "
                    "columns: check the delimiter and the quotes on that row."
                )
                % {"row": number, "cells": len(cells), "columns": len(columns)},
            )
        row = {
            name: (cells[i].strip() if i < len(cells) else "")
            for i, name in enumerate(columns)
        }
        formulas.extend(
            (number, name, value) for name, value in row.items() if is_formula(value)
        )
        rows.append(CsvRow(number, row))
        if len(rows) > limits.max_rows:
            too_many_rows(limits)
    if formulas:
        formula_refusal(formulas)
    return columns, rows


def _records(reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    number = 0
    while True:
        number += 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            refusal(
                "csv_unreadable",
                _("Row %(row)d cannot be read: %(reason)s.")
                % {"row": number, "reason": str(error)[:120]},
            )
        yield number, record


def column_names(header: list[str], *, max_columns: int | None = None) -> list[str]:
    """Header cells as unique column names ("column 3" for an empty one).

    Linear in the header's length: a header of thousands of equal names is an
    attack, not a table, and is refused past ``max_columns`` before any naming.
    """
    end = len(header)
    while end and not header[end - 1].strip():
        end -= 1  # trailing empty cells, as spreadsheets save them
    if max_columns is not None and end > max_columns:
        refusal(
            "too_many_columns",
            _(
                "The table has %(count)s columns; at most %(limit)s are read. Keep "
                "the columns of the concerns and delete the others."
            )
            % {"count": end, "limit": max_columns},
        )
    names: list[str] = []
    taken: set[str] = set()
    copies: dict[str, int] = {}  # the next number to try for a repeated name
    for index, cell in enumerate(header[:end], start=1):
        name = " ".join(cell.split())[:120] or _("column %(n)d") % {"n": index}
        unique, copy = name, copies.get(name, 2)
        while unique in taken:
            unique, copy = f"{name} ({copy})", copy + 1
        copies[name] = copy
        taken.add(unique)
        names.append(unique)
    return names


def check_header(columns: list[str]) -> None:
    """Refuse a column name a spreadsheet would run as a formula."""
    for name in columns:
        if is_formula(name):
            refusal(
                "csv_formulas",
                _('The column name "%(column)s" is a spreadsheet formula.')
                % {"column": name[:60]}
                + " "
                + _("Birge does not import formulas: remove them and upload again."),
            )


def check_cells(columns: list[str], rows: list[CsvRow], *, skip: str = "") -> None:
    """Refuse formulas and NUL characters in what GDAL read (XLSX, GIS files).

    A CSV is checked as it is read; other formats the same way once read, so a
    file is refused whole on upload whatever its format.
    """
    check_header(columns)
    formulas: list[tuple[int, str, str]] = []
    for row in rows:
        for name, value in row.cells.items():
            if name == skip:
                continue
            if "\x00" in value:
                refusal(
                    "nul_character",
                    _(
                        'Row %(row)d, column "%(column)s": the cell holds a NUL '
                        "character, which Birge cannot store: remove it."
                    )
                    % {"row": row.number, "column": name[:60]},
                )
            if is_formula(value):
                formulas.append((row.number, name, value))
    if formulas:
        formula_refusal(formulas)


def formula_refusal(found: list[tuple[int, str, str]]) -> None:
    lines = [
        _(
            'Row %(row)d, column "%(column)s": this cell is a spreadsheet formula (%(start)s…).'
        )
        % {"row": row, "column": column[:60], "start": value.strip()[:12]}
        for row, column, value in found[:_SHOWN_FORMULAS]
    ]
    if len(found) > _SHOWN_FORMULAS:
        more = len(found) - _SHOWN_FORMULAS
        lines.append(
            ngettext("And %(n)d more cell.", "And %(n)d more cells.", more)
            % {"n": more}
        )
    lines.append(_("Birge does not import formulas: remove them and upload again."))
    refusal("csv_formulas", " ".join(lines), cells=[[r, c] for r, c, _v in found[:100]])


def too_many_rows(limits: ReadLimits) -> None:
    refusal(
        "too_many_rows",
        _("The file has more than %(limit)s rows; split it into parts.")
        % {"limit": limits.max_rows},
    )
