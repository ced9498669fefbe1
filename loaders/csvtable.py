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
from dataclasses import dataclass
from pathlib import Path

from computechain.errors import Problem


@dataclass(frozen=True)
class Row:
    """One data row: its file, its line (1-based, the header is line 1) and non-empty cells."""

    file: str
    line: int
    cells: dict[str, str]


def read_csv(
    path: Path, columns: Sequence[str], required: Iterable[str]
) -> tuple[list[Row], list[Problem]]:
    """Read ``path``; return its rows (empty cells dropped) and the problems found.

    Rows are returned even when the header has problems (line 1), so that a caller can still
    learn which ids the file meant to define instead of reporting every reference to them.
    """
    name = str(path)
    problems: list[Problem] = []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [Problem(name, 0, "(file)", f"cannot read: {exc}")]
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        return [], [Problem(name, 1, "(header)", "empty file; expected a header line")]
    except csv.Error as exc:
        return [], [Problem(name, 1, "(header)", f"malformed CSV: {exc}")]
    expected = ", ".join(columns)
    for column in header:
        if column not in columns:
            problems.append(Problem(name, 1, column or "(empty)", f"unknown column; expected columns: {expected}"))
    for column in required:
        if column not in header:
            problems.append(Problem(name, 1, column, "missing mandatory column"))
    if len(set(header)) != len(header):
        problems.append(Problem(name, 1, "(header)", "a column name appears twice"))
        return [], problems
    rows: list[Row] = []
    line = 1
    try:
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                problems.append(Problem(name, line, "(row)", f"expected {len(header)} cells, found {len(cells)}"))
                continue
            kept = {col: val.strip() for col, val in zip(header, cells, strict=True) if val.strip()}
            rows.append(Row(name, line, kept))
    except csv.Error as exc:
        problems.append(Problem(name, reader.line_num, "(row)", f"malformed CSV: {exc}"))
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
