"""Coverage of the shipped seed cannot silently regress: companies per segment, sourced market shares,
direct company links, money figures, and every listed company found by its ticker and Chinese name."""

from __future__ import annotations

from collections import Counter

import networkx as nx
import pytest

from computechain.api import load_graph
from computechain.graph.money_tables import money_tables
from computechain.queries.lookup import find_entity

# floors at the counts of the seed when they were set (raise them as the seed grows)
PARTICIPANTS = {
    "segment:ai-accelerators": 25, "segment:wafer-foundry": 20, "segment:advanced-packaging": 12, "segment:hbm": 4,
    "segment:dram": 7, "segment:optical-modules": 18, "segment:optical-components": 30, "segment:optical-fibre": 12,
    "segment:pcb": 40, "segment:ic-substrates": 10, "segment:ai-servers": 35, "segment:liquid-cooling": 30,
    "segment:power-equipment": 30, "segment:data-centres": 35, "segment:semiconductor-equipment": 40,
    "segment:test-equipment": 10, "segment:photoresist": 15, "segment:silicon-wafers": 10,
    "segment:specialty-gases": 14, "segment:network-switches": 20, "segment:cloud-compute": 25,
}
SOURCED_SHARES = {"segment:advanced-packaging": 1, "segment:wafer-foundry": 8, "segment:hbm": 3, "segment:dram": 4,
                  "segment:nand-flash": 5, "segment:ai-accelerators": 7, "segment:ai-servers": 7,
                  "segment:cloud-compute": 6, "segment:silicon-wafers": 5, "segment:network-switches": 3,
                  "segment:data-centres": 3}


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return load_graph()


def _listed(G: nx.MultiDiGraph, exchanges: tuple[str, ...] | None = None) -> list[str]:
    return [n for n, d in G.nodes(data=True) if d.get("type") == "company"
            and any(exchanges is None or li["exchange"] in exchanges for li in d.get("listings") or [])]


def test_breadth_of_companies_listings_and_links(G: nx.MultiDiGraph) -> None:
    companies = [n for n, t in G.nodes(data="type") if t == "company"]
    kinds = Counter(k for _, _, k in G.edges(data="kind"))
    assert len(companies) >= 500
    assert len(_listed(G, ("SSE", "SZSE"))) >= 180
    assert kinds["supplies"] + kinds["provides_compute"] >= 400


@pytest.mark.parametrize(("segment", "floor"), PARTICIPANTS.items())
def test_companies_per_segment(G: nx.MultiDiGraph, segment: str, floor: int) -> None:
    participants = {u for u, v, k in G.edges(data="kind") if k == "participates_in" and v == segment}
    assert len(participants) >= floor


@pytest.mark.parametrize(("segment", "floor"), SOURCED_SHARES.items())
def test_sourced_market_shares_per_segment(G: nx.MultiDiGraph, segment: str, floor: int) -> None:
    # companies with a sourced share
    shares = {u for u, v, d in G.edges(data=True) if d["kind"] == "participates_in" and v == segment
              and d.get("market_share") is not None and d.get("sources")}
    assert len(shares) >= floor


def test_money_figures(G: nx.MultiDiGraph) -> None:
    tables = money_tables(G)
    with_revenue = set(tables.revenue["company"])
    assert len(with_revenue & set(_listed(G))) >= 310
    assert tables.revenue["usd"].notna().all()  # every figure converts to USD
    assert len(set(tables.market_sizes["segment"])) >= 15


def test_every_listed_company_resolves_by_ticker_and_chinese_name(G: nx.MultiDiGraph) -> None:
    wrong = []
    for company in _listed(G):
        d = G.nodes[company]
        keys = [li["ticker"] for li in d["listings"]] + ([d["name_zh"]] if d.get("name_zh") else [])
        for key in keys:
            try:
                found = find_entity(G, key)
            except LookupError as exc:  # an ambiguous ticker (two exchanges) must name the company among others
                if company not in str(exc):
                    wrong.append((company, key, str(exc)[:80]))
                continue
            if found != company:
                wrong.append((company, key, found))
    assert wrong == []


def test_every_a_share_company_has_a_chinese_name(G: nx.MultiDiGraph) -> None:
    assert [c for c in _listed(G, ("SSE", "SZSE")) if not G.nodes[c].get("name_zh")] == []
