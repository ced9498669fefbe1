"""The HTML builder without a browser: escaping, offline assets, styling, limits, the writer."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from computechain.errors import ExportError
from computechain.exports.html import MAX_NODES, SEGMENT_PALETTE, html_page, write_html
from computechain.exports.selection import trace_subgraph
from tests.exports.conftest import IMG, SCRIPT
from tests.exports.test_selection import stand_in_trace


def page_data(page: str) -> dict[str, Any]:
    block = re.search(r'<script id="graph-data" type="application/json">(.*?)</script>', page, re.S)
    assert block is not None
    return json.loads(block.group(1))


def test_data_strings_never_reach_the_page_as_markup(export_graph: nx.MultiDiGraph) -> None:
    page = html_page(export_graph, title=IMG, subtitle=SCRIPT)
    assert IMG not in page and SCRIPT not in page
    assert "<title>&lt;img src=x onerror=alert(1)&gt;</title>" in page
    assert "<h1>&lt;img src=x onerror=alert(1)&gt;</h1>" in page
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count("</script>") == 3  # the data block, vis-network and our script, nothing else
    evil = next(n for n in page_data(page)["nodes"] if n["id"] == "company:evil-corp")
    assert evil["label"] == IMG + "\n恶意公司"
    assert ["note", SCRIPT] in evil["tip"] and ["source", f"{SCRIPT} ({IMG}, 2024)"] in evil["tip"]


def test_the_page_is_self_contained(mini_graph: nx.MultiDiGraph) -> None:
    page = html_page(mini_graph)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "<link" not in page and "bootstrap" not in page.lower()
    assert "default-src 'none'; script-src 'unsafe-inline'" in page  # the browser refuses any request
    assert "vis.Network" in page and len(page) > 400_000  # vis-network is inlined


def test_nodes_edges_tooltips_and_legend(mini_graph: nx.MultiDiGraph) -> None:
    page = html_page(mini_graph, size_by="market_share")
    data = page_data(page)
    nodes = {n["id"]: n for n in data["nodes"]}
    edges = {e["id"]: e for e in data["edges"]}
    assert (len(nodes), len(edges)) == (13, 13)
    acme = nodes["company:acme-foundry"]
    assert (acme["label"], acme["shape"], acme["color"], acme["size"]) == ("Acme Foundry\n艾克晶圆", "dot", "#4e79a7", 40)
    assert nodes["company:beta-memory"]["size"] == 10 and nodes["segment:hbm"]["shape"] == "diamond"
    assert ["listings", "TWSE:9999"] in acme["tip"]
    assert ["source", "Acme Foundry Annual Report 2024 (Acme Foundry, 2025-03)"] in acme["tip"]
    supply = edges["supplies:company:acme-foundry->company:gamma-gpu#segment:wafer-foundry"]
    assert (supply["from"], supply["to"], supply["dashes"], supply["color"]) == (
        "company:acme-foundry", "company:gamma-gpu", True, "#4e79a7")
    assert supply["width"] == pytest.approx(1 + 7 * 0.6)
    assert ["weights", "share_of_supplier_revenue=0.6 [0.5-0.7]"] in supply["tip"]
    assert edges["supplies:company:gamma-gpu->company:nimbus-cloud#segment:ai-accelerators"]["width"] == 1
    assert "company (5)" in page and "supplies (3)" in page
    assert "hierarchical" not in json.dumps(data["options"])


def test_colour_by_segment_ranks_segments_by_members(mini_graph: nx.MultiDiGraph) -> None:
    page = html_page(mini_graph, colour_by="segment", size_by="degree")
    colour = {n["id"]: n["color"] for n in page_data(page)["nodes"]}
    # ai-accelerators, hbm, wafer-foundry have 2 members each (sorted by id), data-centres 1
    assert colour["company:gamma-gpu"] == colour["segment:ai-accelerators"] == SEGMENT_PALETTE[0]
    assert colour["company:beta-memory"] == SEGMENT_PALETTE[1]
    assert colour["company:acme-foundry"] == colour["segment:wafer-foundry"] == SEGMENT_PALETTE[2]
    assert colour["segment:data-centres"] == SEGMENT_PALETTE[3]
    assert colour["company:widget-labs"] == colour["model:widget-1"] == "#d0d0d0"
    assert "no segment (6)" in page and "AI accelerators (2)" in page


def test_a_trace_is_laid_out_in_tiers(mini_graph: nx.MultiDiGraph) -> None:
    H = trace_subgraph(mini_graph, source="Widget Labs", tracer=stand_in_trace)
    data = page_data(html_page(H, size_by="share"))
    assert {n["id"]: n["level"] for n in data["nodes"]}["company:acme-foundry"] == 3
    assert data["options"]["layout"]["hierarchical"]["direction"] == "UD"
    assert {n["id"]: n["size"] for n in data["nodes"]}["company:widget-labs"] == 40


def test_nodes_can_be_sized_by_exposure_to_hyperscalers(mini_graph: nx.MultiDiGraph) -> None:
    # Beta Memory: all of its modelled revenue traces to the hyperscaler (1.0); Acme Foundry: 0.6
    # (see tests/cli/test_analysis_cli.py); sizes scale with the metric, the largest at 40
    sizes = {n["id"]: n["size"] for n in page_data(html_page(mini_graph, size_by="exposure"))["nodes"]}
    assert sizes["company:beta-memory"] == 40
    assert sizes["company:acme-foundry"] < sizes["company:beta-memory"]


def test_options_and_size_are_checked(mini_graph: nx.MultiDiGraph) -> None:
    with pytest.raises(ExportError, match="unknown colour_by 'kind'; use one of type, segment"):
        html_page(mini_graph, colour_by="kind")  # type: ignore[arg-type]
    with pytest.raises(ExportError, match="unknown size_by 'revenue'; use one of degree, market_share, exposure"):
        html_page(mini_graph, size_by="revenue")
    big = nx.MultiDiGraph(sources={})
    big.add_nodes_from((f"company:c{i}", {"type": "company", "name": f"C{i}"}) for i in range(MAX_NODES + 1))
    with pytest.raises(ExportError, match=r"the view has 5,001 nodes and 0 relations; an HTML page holds at most "
                                          r"5,000 nodes and 25,000 relations\. Narrow it with --focus"):
        html_page(big)


def test_the_page_is_written_in_utf8_under_an_ascii_locale(tmp_path: Path) -> None:
    out = tmp_path / "g.html"
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": "ascii"}
    script = ("import sys; from pathlib import Path; from computechain.loaders import load_graph; "
              "from computechain.exports.html import write_html; "
              "write_html(load_graph(Path(sys.argv[1])), Path(sys.argv[2]))")
    from tests.conftest import MINI_SEED

    subprocess.run([sys.executable, "-c", script, str(MINI_SEED), str(out)], env=env, check=True)
    assert "维杰实验室" in out.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["g.html"]  # no temporary file left behind


def test_write_html_replaces_a_file_whole(mini_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    out = tmp_path / "g.html"
    out.write_text("old", encoding="utf-8")
    write_html(mini_graph, out, title="New")
    assert "<h1>New</h1>" in out.read_text(encoding="utf-8")
