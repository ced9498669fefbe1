"""The Sankey page of a money trace, built from a hand-worked graph and drawn in real headless Chromium."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from computechain.exports.sankey import sankey_figure, sankey_page, write_sankey
from computechain.queries.money import money_flows
from tests.exports.browser import need_chromium, visit
from tests.exports.conftest import IMG, SCRIPT
from tests.queries.test_money import servers


def _evil_graph() -> nx.MultiDiGraph:
    G = servers()
    G.nodes["company:large"]["name"] = IMG
    G.nodes["company:small"]["name"] = SCRIPT
    return G


def test_links_go_through_the_products_segment_and_carry_usd() -> None:
    # the plan's 100 USD go to the servers segment, then 99.01 to large and 0.99 to small
    figure = sankey_figure(servers(), money_flows(servers(), source="capex:cloud-2024"), title="t")
    data = figure["data"][0]
    labels = data["node"]["label"]
    links = sorted((labels[s], labels[t], round(v, 4)) for s, t, v in
                   zip(data["link"]["source"], data["link"]["target"], data["link"]["value"], strict=True))
    assert links == [("Cloud-2024", "Servers", 100.0), ("Servers", "Large", 99.0099), ("Servers", "Small", 0.9901)]


def test_a_link_that_would_close_a_cycle_is_left_out() -> None:
    G = nx.MultiDiGraph()
    flows = pd.DataFrame({"buyer": ["company:a", "company:b"], "seller": ["company:b", "company:a"],
                          "product": [None, None], "usd": [5.0, 1.0], "basis": ["prior", "prior"]})
    assert sankey_figure(G, flows, title="t")["data"][0]["link"]["value"] == [5.0]


def test_names_never_reach_the_page_as_markup() -> None:
    G = _evil_graph()
    page = sankey_page(sankey_figure(G, money_flows(G, source="capex:cloud-2024"), title=SCRIPT))
    assert SCRIPT not in page and IMG not in page
    assert "<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>" in page


def test_the_sankey_draws_offline_in_chromium_and_shows_injections_as_text(tmp_path: Path) -> None:
    need_chromium()
    G = _evil_graph()
    path = tmp_path / "sankey.html"
    write_sankey(path, sankey_figure(G, money_flows(G, source="capex:cloud-2024"), title=IMG))
    with visit(path) as seen:
        page = seen.page
        assert page.evaluate("() => window.computechain.links") == 3
        assert page.locator("g.sankey-link, path.sankey-link").count() == 3
        texts = page.evaluate("() => Array.from(document.querySelectorAll('.sankey-node text'), t => t.textContent)")
        assert IMG in texts and SCRIPT in texts
        assert page.title() == IMG
        page.wait_for_timeout(300)
        assert page.locator("img").count() == 0
        assert seen.dialogs == [] and seen.blocked == []
        assert [m for m in seen.console if m[0] in ("error", "pageerror")] == []


def test_the_cli_writes_the_page(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from computechain.cli import main
    from tests.conftest import MINI_SEED

    out = tmp_path / "s.html"
    result = CliRunner().invoke(main, ["sankey", "Nimbus Cloud", "--out", str(out), "--seed", str(MINI_SEED)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Wrote {out}: ") and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    missing = CliRunner().invoke(main, ["sankey", "Widget Labs", "--out", str(out), "--seed", str(MINI_SEED)])
    assert missing.exit_code != 0 and "--amount" in missing.output


pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
