"""The streaming CSV reader: lines cut as str.splitlines cuts them, rows and problems as read."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from computechain.loaders.csvtable import _lines, iter_csv, read_csv

# every line break str.splitlines knows, and ordinary text around them
LINE_TEXT = st.text(alphabet=st.sampled_from(list("ab,\" \n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")), max_size=40)


@given(LINE_TEXT)
def test_lines_are_cut_as_splitlines_cuts_them(text: str) -> None:
    assert list(_lines(text)) == text.splitlines(keepends=True)


def test_header_problems_come_before_the_first_row(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("id,colour\nacme,red\nbeta,blue,extra\n", encoding="utf-8")
    problems: list = []
    rows = iter_csv(path, columns=("id",), required=("id",), problems=problems)
    first = next(rows)
    assert (first.line, first.cells) == (2, {"id": "acme", "colour": "red"})
    assert [(p.line, p.field) for p in problems] == [(1, "colour")]
    assert list(rows) == []  # line 3 has 3 cells for 2 columns
    assert [(p.line, p.message) for p in problems][1:] == [(3, "expected 2 cells, found 3")]


def test_read_csv_keeps_rows_before_a_malformed_record(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text('id,name\na,A\nb,"B\n', encoding="utf-8")  # the quote of line 3 never closes
    rows, problems = read_csv(path, columns=("id", "name"), required=("id",))
    assert [r.cells for r in rows] == [{"id": "a", "name": "A"}]
    assert [(p.line, p.field, p.message.split(":")[0]) for p in problems] == [(3, "(row)", "malformed CSV")]
