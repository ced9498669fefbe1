"""Strict reading of CSV tables: every row located by file and line, every column accounted for.

A renamed column fails (mandatory columns are required), an unexpected column fails, a row
with the wrong number of cells fails, a cell holding a control character fails, and a file of a
table folder that is not read (a subfolder, ``x.CSV``, ``notes.txt``) is reported, each as a
:class:`~computechain.errors.Problem`.

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
import difflib
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from computechain.errors import Problem

CSV_SUFFIX = ".csv"
# Characters no cell may hold: the C0 controls XML 1.0 cannot carry (all but tab, line feed and
# carriage return), DEL, the C1 controls (ESC sequences retitle terminals) and the non-characters
# U+FFFE / U+FFFF. They break GraphML, GEXF and SVG exports and terminal output.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


class Row(NamedTuple):
    """One data row: its file, its line (1-based, the header is line 1) and non-empty cells.

    A NamedTuple: a million are made per large load, and a frozen dataclass costs 3x more.
    """

    file: str
    line: int
    cells: dict[str, str]


CANNOT_READ, NOT_READ, MALFORMED = "cannot read", "not read", "malformed CSV"
DUPLICATE_COLUMN = "a column name appears twice"


def loses_rows(problem: Problem) -> bool:
    """Whether rows of the problem's file may be missing: it could not be read or was not read,
    its CSV breaks off (the rows after the break are not read), or its header names a column twice."""
    return problem.message.startswith((CANNOT_READ, NOT_READ, MALFORMED)) or problem.message == DUPLICATE_COLUMN


# Line breaks other than \n that str.splitlines also cuts at (csv counts lines as it does).
OTHER_LINE_BREAKS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` as ``text.splitlines(keepends=True)`` cuts them, one at a time
    when it has only ``\n`` line breaks (a million lines are never all held)."""
    if OTHER_LINE_BREAKS.search(text):
        yield from text.splitlines(keepends=True)
        return
    start = 0
    while end := text.find("\n", start) + 1:
        yield text[start:end]
        start = end
    if start < len(text):
        yield text[start:]


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) of every record up to the first malformed one."""
    reader = csv.reader(_lines(text), strict=True)
    try:
        for cells in reader:
            yield reader.line_num, cells
    except csv.Error:
        return


def _unknown_column(column: str, columns: Sequence[str]) -> str:
    same_but_case = [c for c in columns if c.lower() == column.lower()]
    close = same_but_case or difflib.get_close_matches(column, columns, n=1, cutoff=0.8)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"unknown column; {hint}expected columns: {', '.join(columns)}"


def _decoded(name: str, data: bytes) -> tuple[str, list[Problem]]:
    """The file's text, and a problem at the line of its first byte that is not UTF-8 (the rest
    is decoded with replacement characters, so that its rows still say which ids it defines)."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start:exc.end]
        message = f"byte {bad[0]:#04x} is not UTF-8; save the file as UTF-8"
        return data.decode("utf-8-sig", errors="replace"), [
            Problem(name, line, "(file)", f"{CANNOT_READ}: {message}" if line == 1 else message)]


def _header_problems(name: str, header: list[str], columns: Sequence[str], required: Iterable[str]) -> list[Problem]:
    problems = [Problem(name, 1, column or "(empty)", _unknown_column(column, columns))
                for column in header if column not in columns]
    problems += [Problem(name, 1, column, "missing mandatory column") for column in required if column not in header]
    return problems


def iter_csv(path: Path, columns: Sequence[str], required: Iterable[str], problems: list[Problem]) -> Iterator[Row]:
    """The rows of ``path`` (empty cells dropped) one at a time, appending the problems found to
    ``problems`` as they are met: those of its header before its first row is yielded.

    Rows are yielded even when the header has problems (line 1), so that a caller can still
    learn which ids the file meant to define instead of reporting every reference to them.
    """
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(name, 0, "(file)", f"{CANNOT_READ}: {exc.strerror or exc}"))
        return
    text, undecodable = _decoded(name, data)
    del data  # the text is all that is read from here on
    if undecodable and undecodable[0].line == 1:  # not even the header (UTF-16, a spreadsheet ...)
        problems += undecodable
        return
    reader = csv.reader(_lines(text), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        problems.append(Problem(name, 1, "(header)", "empty file; expected a header line"))
        return
    except csv.Error as exc:
        problems.append(Problem(name, reader.line_num, "(header)", f"{MALFORMED}: {exc}"))
        return
    problems += _header_problems(name, header, columns, required) + undecodable
    if len(set(header)) != len(header):
        problems.append(Problem(name, 1, "(header)", DUPLICATE_COLUMN))
        return
    if CONTROL_CHARACTERS.search(text):  # rare: locate them only then
        problems += _control_problems(name, header, _records(text))
    width = len(header)
    try:
        for cells in reader:
            kept = {col: val.strip() for col, val in zip(header, cells, strict=False) if val and not val.isspace()}
            if not kept:
                continue  # a blank line, or one of empty cells only
            if len(cells) != width:
                problems.append(Problem(name, reader.line_num, "(row)", f"expected {width} cells, found {len(cells)}"))
                continue
            yield Row(name, reader.line_num, kept)
    except csv.Error as exc:
        problems.append(Problem(name, reader.line_num, "(row)", f"{MALFORMED}: {exc}"))


class Block(NamedTuple):
    """Consecutive data rows of one file as columns: their lines and a frame of their cells
    (one column per header name, NaN where a cell is empty). A million relation rows are
    validated column-wise (:mod:`computechain.loaders.relation_columns`) without a dict per row.
    """

    file: str
    lines: np.ndarray
    cells: pd.DataFrame

    def row(self, position: int) -> Row:
        """The row at ``position`` as :func:`iter_csv` yields it (empty cells dropped)."""
        cells = self.cells.iloc[position]
        return Row(self.file, int(self.lines[position]), {str(k): v for k, v in cells.items() if isinstance(v, str)})


# What a plain table may not hold: control characters and the line breaks but \r (of \r\n) and \n.
_NOT_PLAIN = re.compile(f"[{CONTROL_CHARACTERS.pattern[1:-1]}{OTHER_LINE_BREAKS.pattern[1:-1].replace(chr(13), '')}]")
# every byte but those a plain table may not hold (ASCII controls bar \t \n \r, DEL, the quote)
_PLAIN_BYTES = bytes(c for c in range(256) if c >= 128 or not (_NOT_PLAIN.match(chr(c)) or c == ord('"')))
_EDGES_BEFORE, _EDGES_AFTER = np.array([44, 10]), np.array([44, 10, 13])


def _cells_per_line(raw: np.ndarray) -> np.ndarray:
    """The number of commas on each line of the bytes ``raw`` (UTF-8 or ASCII: neither byte
    occurs inside a multi-byte character), counted with numpy, not line by line.

    >>> _cells_per_line(np.frombuffer(b"a,b\\n,,\\n\\nc", dtype=np.uint8)).tolist()
    [1, 2, 0, 0]
    """
    ends = np.flatnonzero(raw == ord("\n"))
    if len(raw) and raw[-1] != ord("\n"):
        ends = np.append(ends, len(raw))
    return np.diff(np.searchsorted(np.flatnonzero(raw == ord(",")), ends), prepend=0)


def _padded(raw: np.ndarray) -> bool:
    """Whether a blank (space or tab) of ``raw`` starts or ends a cell (which iter_csv strips)."""
    blanks = np.flatnonzero((raw == ord(" ")) | (raw == ord("\t")))
    before = raw[np.maximum(blanks - 1, 0)]
    after = raw[np.minimum(blanks + 1, len(raw) - 1)]
    return bool(len(blanks) and (blanks[0] == 0 or blanks[-1] == len(raw) - 1 or np.isin(before, _EDGES_BEFORE).any()
                                 or np.isin(after, _EDGES_AFTER).any()))


def _plain_table(data: bytes, text: str, width: int) -> bool:
    """Whether the file (its bytes and their text) is a table pandas' C parser reads exactly as
    :func:`iter_csv` does: no quotes, control characters, line breaks other than \\n and
    \\r\\n, or padded cells, and ``width`` cells on every line (so none is blank or ragged, and
    line numbers follow row numbers). Checked with numpy over the bytes, the text searched only
    when it is not ASCII."""
    raw = np.frombuffer(data, dtype=np.uint8)
    return (not data.translate(None, _PLAIN_BYTES) and (data.isascii() or not _NOT_PLAIN.search(text))
            and data.count(b"\r") == data.count(b"\r\n") and not _padded(raw)
            and bool((_cells_per_line(raw) == width - 1).all()))


def iter_blocks(path: Path, columns: Sequence[str], required: Iterable[str], problems: list[Problem],
                size: int) -> Iterator[Block]:
    """The rows of ``path`` as :func:`iter_csv` yields them (the same rows, problems and
    order), in blocks of at most ``size`` rows. A plain table (:func:`_plain_table`) is parsed by
    pandas' C reader in a fraction of the time; any other file is read row by row and grouped.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = path.write_text("id,name\\na,A\\n,\\nb,\\n", encoding="utf-8")
    >>> [(b.lines.tolist(), b.cells.to_dict("list")) for b in iter_blocks(path, ("id", "name"), (), [], 10)]
    [([2, 4], {'id': ['a', 'b'], 'name': ['A', nan]})]
    """
    try:
        data = path.read_bytes()
    except OSError:
        data = b""
    text, undecodable = _decoded(str(path), data)
    first_line = text.partition("\n")[0]
    header = [h.strip() for h in first_line.split(",")]
    if undecodable or not first_line or len(set(header)) != len(header) or not _plain_table(data, text, len(header)):
        rows = iter_csv(path, columns, required, problems)  # it reports what is wrong with the file
        for group in iter(lambda: list(islice(rows, size)), []):
            yield Block(group[0].file, np.array([r.line for r in group]), pd.DataFrame([r.cells for r in group]))
        return
    problems += _header_problems(str(path), header, columns, required)
    reader = pd.read_csv(io.StringIO(text), names=header, skiprows=1, dtype=object, keep_default_na=False,
                         na_values=[""], skip_blank_lines=False, chunksize=size, engine="c")
    first = 2  # the line of the first data row
    for chunk in reader:
        lines = np.arange(first, first + len(chunk))
        first += len(chunk)
        kept = np.flatnonzero(chunk.notna().to_numpy().any(axis=1))  # a row of empty cells only is no row
        if len(kept) == len(chunk):
            yield Block(str(path), lines, chunk.reset_index(drop=True))
        elif len(kept):
            yield Block(str(path), lines[kept], chunk.iloc[kept].reset_index(drop=True))


def read_csv(
    path: Path, columns: Sequence[str], required: Iterable[str]
) -> tuple[list[Row], list[Problem]]:
    """Read ``path``; return its rows (empty cells dropped) and the problems found (see :func:`iter_csv`)."""
    problems: list[Problem] = []
    rows = list(iter_csv(path, columns, required, problems))
    return rows, problems


def _control_problems(name: str, header: list[str], records: Iterable[tuple[int, list[str]]]) -> list[Problem]:
    """One problem per cell holding a control character (the header is line 1)."""
    problems = []
    for line, cells in records:
        for position, cell in enumerate(cells):
            found = CONTROL_CHARACTERS.search(cell)
            if found:
                column = "(header)" if line == 1 else header[position] if position < len(header) else "(row)"
                char = found[0]
                problems.append(Problem(name, line, column or "(empty)",
                                        f"control character {char!r} (U+{ord(char):04X}) is not allowed; remove it"))
    return problems


def is_hidden(path: Path) -> bool:
    """Hidden entries (``.gitkeep``, ``.DS_Store``, an editor's swap file) are neither read nor reported."""
    return path.name.startswith(".")


def unread_problem(path: Path) -> Problem | None:
    """Why ``path``, an entry of a table folder, is not read as one of its CSV files, or None
    when it is.

    >>> str(unread_problem(Path("seed/relations/supply.CSV")))
    'seed/relations/supply.CSV:0: (file): not read: the extension must be lower-case .csv (rename it to supply.csv)'
    """
    if path.is_dir():
        return Problem(str(path), 0, "(folder)", f"{NOT_READ}: a table folder holds no subfolders; move its "
                                                 f"files into {path.parent.name}/")
    if path.suffix == CSV_SUFFIX:
        return None
    if path.suffix.lower() == CSV_SUFFIX:
        return Problem(str(path), 0, "(file)", f"{NOT_READ}: the extension must be lower-case {CSV_SUFFIX} "
                                               f"(rename it to {path.stem}{CSV_SUFFIX})")
    return Problem(str(path), 0, "(file)", f"{NOT_READ}: only *{CSV_SUFFIX} files are read from "
                                           f"{path.parent.name}/; move it out of the folder")


def folder_files(folder: Path, problems: list[Problem]) -> list[Path]:
    """The ``*.csv`` files of ``folder`` in name order (a missing folder has none); every other
    entry but hidden ones is reported (:func:`unread_problem`)."""
    files = []
    for path in sorted(folder.iterdir()) if folder.is_dir() else ():
        if is_hidden(path):
            continue
        unread = unread_problem(path)
        if unread:
            problems.append(unread)
        else:
            files.append(path)
    return files


def iter_folder(folder: Path, columns: Sequence[str], required: Iterable[str],
                problems: list[Problem]) -> Iterator[Row]:
    """The rows of every ``*.csv`` of ``folder`` (:func:`folder_files`), as :func:`iter_csv`
    yields them."""
    for path in folder_files(folder, problems):
        yield from iter_csv(path, columns, required, problems)


def read_folder(
    folder: Path, columns: Sequence[str], required: Iterable[str]
) -> tuple[list[Row], list[Problem]]:
    """Read every ``*.csv`` of ``folder``: its rows and problems (see :func:`iter_folder`)."""
    problems: list[Problem] = []
    rows = list(iter_folder(folder, columns, required, problems))
    return rows, problems
