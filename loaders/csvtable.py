"""Strict reading of CSV tables: every row located by file and line, every column accounted for.

A renamed column fails (mandatory columns are required), an unexpected column fails, and a
row with the wrong number of cells fails, each as a :class:`~computechain.errors.Problem`.

Examples
--------
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
>>> _ = path.write_text("id,name,colour\\nacme,Acme,red\\n", encoding="utf-8")
>>> rows, problems = read_csv(path, columns=("id", "name"), required=("id",))
>>> [str(p).split("/")[-1] for p in problems]
['t.csv:1: colour: unknown column; expected columns: id, name']
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from computechain.errors import Problem


class Row(NamedTuple):
    """One data row: its file, its line (1-based, the header is line 1) and non-empty cells.

    A NamedTuple: a million are made per large load, and a frozen dataclass costs 3x more.
    """

    file: str
    line: int
    cells: dict[str, str]


def _csv_records(text: str) -> tuple[list[tuple[int, list[str]]], Problem | None]:
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    records: list[tuple[int, list[str]]] = []
    try:
        for cells in reader:
            records.append((reader.line_num, cells))
    except csv.Error as exc:
        return records, Problem("", reader.line_num, "(row)" if records else "(header)", f"malformed CSV: {exc}")
    return records, None


def _header_problems(name: str, header: list[str], columns: Sequence[str], required: Iterable[str]) -> list[Problem]:
    expected = ", ".join(columns)
    problems = [Problem(name, 1, column or "(empty)", f"unknown column; expected columns: {expected}")
                for column in header if column not in columns]
    problems += [Problem(name, 1, column, "missing mandatory column") for column in required if column not in header]
    return problems


def read_csv(
    path: Path, columns: Sequence[str], required: Iterable[str]
) -> tuple[list[Row], list[Problem]]:
    """Read ``path``; return its rows (empty cells dropped) and the problems found.

    Rows are returned even when the header has problems (line 1), so that a caller can still
    learn which ids the file meant to define instead of reporting every reference to them.
    """
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [Problem(name, 0, "(file)", f"cannot read: {exc}")]
    records, malformed = _csv_records(text)
    if not records:
        problem = malformed or Problem(name, 1, "(header)", "empty file; expected a header line")
        return [], [Problem(name, problem.line, problem.field, problem.message)]
    header = [h.strip() for h in records[0][1]]
    problems = _header_problems(name, header, columns, required)
    if len(set(header)) != len(header):
        return [], [*problems, Problem(name, 1, "(header)", "a column name appears twice")]
    rows: list[Row] = []
    width = len(header)
    for line, cells in records[1:]:
        kept = {col: val.strip() for col, val in zip(header, cells, strict=False) if val and not val.isspace()}
        if not kept:
            continue  # a blank line, or one of empty cells only
        if len(cells) != width:
            problems.append(Problem(name, line, "(row)", f"expected {width} cells, found {len(cells)}"))
            continue
        rows.append(Row(name, line, kept))
    if malformed:
        problems.append(Problem(name, malformed.line, malformed.field, malformed.message))
    return rows, problems


def read_folder(
    folder: Path, columns: Sequence[str], required: Iterable[str]
) -> tuple[list[Row], list[Problem]]:
    """Read every ``*.csv`` of ``folder`` in name order (a missing folder has no rows)."""
    rows: list[Row] = []
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.csv")):
        file_rows, file_problems = read_csv(path, columns, required)
        rows += file_rows
        problems += file_problems
    return rows, problems
