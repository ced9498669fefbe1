from __future__ import annotations

import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from computechain.cli import main
from computechain.errors import ExportError
from computechain.exports import picture
from computechain.exports.picture import CJK_FONTS, MAX_NODES, PICTURE_FORMATS, cjk_font, picture_bytes, write_picture
from computechain.exports.selection import focus_subgraph, trace_subgraph
from tests.conftest import MINI_SEED, missing
from tests.exports.test_selection import stand_in_trace


def test_png_and_svg_of_a_focused_view(mini_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    H = focus_subgraph(mini_graph, name="Widget Labs", depth=1)
    write_picture(H, tmp_path / "g.png", title="Widget Labs")
    write_picture(H, tmp_path / "g.svg", title="Widget Labs")
    assert (tmp_path / "g.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    root = ET.fromstring((tmp_path / "g.svg").read_bytes())
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.png", "g.svg"]


def test_the_same_graph_gives_the_same_svg(mini_graph: nx.MultiDiGraph) -> None:
    H = trace_subgraph(mini_graph, source="Widget Labs", tracer=stand_in_trace)  # drawn in tiers
    assert picture_bytes(H, fmt="svg", title="t") == picture_bytes(H, fmt="svg", title="t")


def test_bad_formats_and_large_views_are_refused(mini_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"picture format 'pdf' of 'g\.pdf': use one of png, svg"):
        write_picture(mini_graph, tmp_path / "g.pdf", title="t")
    with pytest.raises(ExportError, match="unknown picture format 'gif'; use one of png, svg"):
        picture_bytes(mini_graph, fmt="gif", title="t")
    big = nx.MultiDiGraph()
    big.add_nodes_from((f"company:c{i}", {"type": "company", "name": f"C{i}"}) for i in range(MAX_NODES + 1))
    with pytest.raises(ExportError, match="the view has 301 nodes; a picture holds at most 300"):
        picture_bytes(big, fmt="png", title="t")


def test_chinese_names_are_drawn_with_a_cjk_font() -> None:
    # fails in CI (CI=true) when no CJK font is installed: .ci/run installs fonts-noto-cjk
    if cjk_font() is None:
        missing(f"no CJK font installed ({', '.join(CJK_FONTS)}); install fonts-noto-cjk")
    G = nx.MultiDiGraph()
    G.add_node("company:cambricon", type="company", name="寒武纪", name_zh="寒武纪科技")  # a Chinese-only name
    G.add_node("segment:hbm", type="segment", name="HBM")
    _ = G.add_edge("company:cambricon", "segment:hbm", key="r", kind="participates_in", market_share=0.5)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for fmt in PICTURE_FORMATS:
            picture_bytes(G, fmt=fmt, title="海光信息 view")
    assert [str(w.message) for w in caught if "missing from font" in str(w.message)] == []


def test_without_a_cjk_font_the_export_says_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(picture, "cjk_font", lambda: None)  # as on a machine without fonts-noto-cjk
    result = CliRunner().invoke(main, ["export", "svg", "--out", str(tmp_path / "g.svg"), "--seed", str(MINI_SEED)])
    assert result.exit_code == 0
    assert result.stderr == ("Note: no CJK font installed (one of Noto Sans CJK SC, Noto Sans CJK JP, WenQuanYi Zen "
                             "Hei, Source Han Sans SC; Debian: fonts-noto-cjk): labels show English names only, and "
                             "Chinese characters elsewhere are drawn as empty boxes.\n")
    monkeypatch.undo()
    if cjk_font() is not None:
        result = CliRunner().invoke(main, ["export", "svg", "--out", str(tmp_path / "g.svg"), "--seed", str(MINI_SEED)])
        assert (result.exit_code, result.stderr) == (0, "")
