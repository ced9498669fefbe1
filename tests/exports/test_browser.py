"""The HTML page in a real headless Chromium, offline: drawn counts, no errors, no requests, no injection."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from computechain.exports.html import write_html
from tests.exports import browser
from tests.exports.browser import need_chromium, visit
from tests.exports.conftest import IMG, SCRIPT


def test_the_page_draws_every_node_and_edge_offline_and_shows_injections_as_text(
        export_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    need_chromium()
    path = tmp_path / "graph.html"
    write_html(export_graph, path, title=IMG, colour_by="segment")
    with visit(path) as seen:
        page = seen.page
        counts = page.evaluate("""() => {
            const c = window.computechain;
            return [c.nodes.length, c.edges.length, c.network.body.nodeIndices.length,
                    c.network.body.edgeIndices.length];
        }""")
        assert counts == [14, 15, 14, 15]
        assert page.title() == IMG
        assert page.inner_text("h1") == IMG
        assert IMG + " · 恶意公司" in page.locator("#node-select option").all_inner_texts()
        tip = page.evaluate("() => window.computechain.nodes.get('company:evil-corp').title.textContent")
        assert IMG in tip and SCRIPT in tip and "source: " + SCRIPT in tip
        edge_tip = page.evaluate("() => window.computechain.edges.get("
                                 "'supplies:company:evil-corp->company:gamma-gpu#segment:hbm').title.textContent")
        assert "note: " + SCRIPT in edge_tip and "weights: share_of_customer_spend=0.2" in edge_tip
        page.fill("#node-search", "恶意")
        assert page.evaluate("() => window.computechain.network.getSelectedNodes()") == ["company:evil-corp"]
        details = page.inner_text("#details")
        assert f"name: {IMG}" in details and f"note: {SCRIPT}" in details
        page.click("#reset")
        assert page.evaluate("() => window.computechain.network.getSelectedNodes()") == []
        page.wait_for_timeout(500)
        assert page.locator("img").count() == 0
        assert seen.dialogs == []
        assert seen.blocked == []
        assert [m for m in seen.console if m[0] in ("error", "pageerror")] == []


def test_a_missing_browser_fails_under_ci_and_skips_elsewhere(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(browser, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"browser tests need .*no-chromium \(apt-get install chromium\)"):
        browser.need_chromium()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium"):
        browser.need_chromium()
