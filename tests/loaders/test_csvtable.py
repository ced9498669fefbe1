"""The streaming CSV reader: lines cut as str.splitlines cuts them, rows and problems as read."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from computechain.loaders.csvtable import _lines, _plain_table, iter_blocks, iter_csv, read_csv

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


# tables as people and programs write them: blanks, quotes, commas in cells, CRLF, blank lines, rows
# of the wrong width, a header naming an unknown column
CELL_TEXT = st.text(alphabet=st.sampled_from(list("ab1 \t,\"\ré\x01\x7f\x85\u2028")), max_size=4)
TABLE = st.tuples(st.sampled_from(["id,name", "id,name,colour", "id,nom"]),
                  st.lists(st.lists(CELL_TEXT, min_size=0, max_size=4), max_size=8),
                  st.sampled_from(["\n", "\r\n"]))


def _blocks_as_rows(path: Path, size: int) -> tuple[list, list]:
    problems: list = []
    rows = [block.row(i) for block in iter_blocks(path, ("id", "name", "colour"), ("id",), problems, size)
            for i in range(len(block.lines))]
    return rows, problems


@given(TABLE, st.integers(min_value=1, max_value=5))
def test_blocks_hold_the_rows_and_problems_iter_csv_finds(tmp_path_factory, table, size: int) -> None:
    """Whether a file takes pandas' fast path or the row-by-row one, its blocks hold exactly the
    rows (file, line, stripped non-empty cells) and problems, in order, that iter_csv yields."""
    header, records, newline = table
    path = tmp_path_factory.mktemp("blocks") / "t.csv"
    path.write_bytes(newline.join([header, *(",".join(r) for r in records)]).encode() + newline.encode())
    problems: list = []
    expected = list(iter_csv(path, ("id", "name", "colour"), ("id",), problems))
    assert _blocks_as_rows(path, size) == (expected, problems)


def test_plain_tables_take_the_fast_path_and_keep_their_lines(tmp_path: Path) -> None:
    """A plain table (no quotes, blanks at cell edges or ragged rows) is parsed by pandas: rows of
    empty cells only are skipped, and every row keeps its line."""
    path = tmp_path / "t.csv"
    path.write_bytes(b"id,name\r\na,A\r\n,\r\nb,\r\nc,C C\r\n")
    assert _plain_table(path.read_bytes(), path.read_bytes().decode(), 2)
    rows, problems = _blocks_as_rows(path, 2)
    assert [(r.line, r.cells) for r in rows] == [(2, {"id": "a", "name": "A"}), (4, {"id": "b"}),
                                                 (5, {"id": "c", "name": "C C"})]
    assert problems == []
    for text in ("id,name\na, A\n", "id,name\na,A\t\n", 'id,name\n"a",A\n', "id,name\na\n", "id,name\n\na,A\n",
                 "id,name\n\n,,\n"):  # as many commas as two good lines, on a blank and a ragged one
        assert not _plain_table(text.encode(), text, 2), text
