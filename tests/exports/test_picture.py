from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from computechain.errors import ExportError
from computechain.exports.picture import MAX_NODES, picture_bytes, write_picture
from computechain.exports.views import focus_view, trace_view
from tests.exports.test_views import stand_in_trace


def test_png_and_svg_of_a_focused_view(mini_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    H = focus_view(mini_graph, name="Widget Labs", depth=1)
    write_picture(H, tmp_path / "g.png", title="Widget Labs")
    write_picture(H, tmp_path / "g.svg", title="Widget Labs")
    assert (tmp_path / "g.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    root = ET.fromstring((tmp_path / "g.svg").read_bytes())
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.png", "g.svg"]


def test_the_same_graph_gives_the_same_svg(mini_graph: nx.MultiDiGraph) -> None:
    H = trace_view(mini_graph, source="Widget Labs", tracer=stand_in_trace)  # drawn in tiers
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
