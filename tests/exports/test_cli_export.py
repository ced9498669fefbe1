"""``computechain export FORMAT --out PATH`` with the view options, through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from computechain.cli import main
from computechain.exports.formats import decode_from_xml
from tests.conftest import MINI_SEED

SEED = ["--seed", str(MINI_SEED)]
FILES = {"json": "g.json", "html": "g.html", "graphml": "g.graphml", "gexf": "g.gexf", "cytoscape": "g.cyjs",
         "csv": "tables", "neo4j-csv": "neo4j", "png": "g.png", "svg": "g.svg"}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("fmt", sorted(FILES))
def test_every_format_takes_the_view_options(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / FILES[fmt]
    code, stdout, stderr = run("export", fmt, "--out", str(out), *SEED, "--focus", "维杰实验室", "--depth", "1")
    assert (code, stderr) == (0, "")
    assert stdout == f"Wrote {out}: 4 nodes, 4 edges.\n"
    assert out.exists()


def test_views_through_the_cli(tmp_path: Path) -> None:
    out = tmp_path / "g.graphml"
    assert run("export", "graphml", "--out", str(out), *SEED, "--listed", "TWSE, KRX,NASDAQ")[0] == 0
    G = decode_from_xml(nx.read_graphml(out, force_multigraph=True))
    assert sorted(G) == ["company:acme-foundry", "company:beta-memory", "company:gamma-gpu", "segment:wafer-foundry"]
    code, stdout, _ = run("export", "json", "--out", str(tmp_path / "s.json"), *SEED, "--segment", "HBM")
    assert (code, stdout) == (0, f"Wrote {tmp_path / 's.json'}: 3 nodes, 1 edges.\n")
    data = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert sorted(n["id"] for n in data["nodes"]) == ["company:beta-memory", "company:gamma-gpu", "segment:hbm"]


def test_html_options_and_title(tmp_path: Path) -> None:
    out = tmp_path / "g.html"
    code, _, _ = run("export", "html", "--out", str(out), *SEED, "--colour-by", "segment", "--size-by", "market_share")
    assert code == 0
    assert "<h1>computechain — whole graph</h1>" in out.read_text(encoding="utf-8")
    run("export", "html", "--out", str(out), *SEED, "--segment", "hbm", "--title", "HBM & friends")
    assert "<h1>HBM &amp; friends</h1>" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(("args", "message"), [
    (["--focus", "Acme", "--segment", "hbm"], "choose one view, not --focus and --segment together"),
    (["--depth", "2"], "--depth 2 needs --focus NAME"),
    (["--listed", "XX"], "--listed: no company is listed on XX; exchanges in the graph: HKEX, KRX, NASDAQ"),
    (["--segment", "Acme"], "--segment 'Acme' is company:acme-foundry (a company)"),
    (["--focus", "Widgit Labs"], "No entity matches 'Widgit Labs'. Did you mean: company:widget-labs?"),
])
def test_bad_view_options_exit_2_with_a_message(args: list[str], message: str, tmp_path: Path) -> None:
    code, _, stderr = run("export", "json", "--out", str(tmp_path / "g.json"), *SEED, *args)
    assert code == 2
    assert message in stderr
    assert not (tmp_path / "g.json").exists()


def test_bad_html_options_exit_2(tmp_path: Path) -> None:
    code, _, stderr = run("export", "html", "--out", str(tmp_path / "g.html"), *SEED, "--size-by", "revenue")
    assert code == 2 and "'revenue' is not one of 'degree', 'exposure', 'market_share', 'share'" in stderr


def test_a_trace_export_is_laid_out_in_tiers(tmp_path: Path) -> None:
    out = tmp_path / "t.html"
    code, stdout, _ = run("export", "html", "--out", str(out), *SEED, "--trace", "Widget Labs")
    assert (code, stdout) == (0, f"Wrote {out}: 7 nodes, 7 edges.\n")
    page = out.read_text(encoding="utf-8")
    assert "<h1>computechain — demand trace from Widget Labs</h1>" in page and '"hierarchical"' in page
