"""graph/facts.py: each derived fact worked out by hand on a small graph."""

from __future__ import annotations

from datetime import date

import networkx as nx

from computechain.exports.html import SIZE_METRICS, _segment_of
from computechain.graph.facts import listed_on, listing_text, listings, located_in, market_shares, segment_members


def _graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    G.add_node("company:acme", type="company", listings=[{"exchange": "SSE", "ticker": "600000"},
                                                         {"exchange": "HKEX", "ticker": "0001"}])
    G.add_node("company:beta", type="company", listings=None)  # a hand-built node may say None
    G.add_nodes_from(["segment:a", "segment:b"], type="segment")
    # Acme: 60 % of A in 2024, then 10 % in 2025; 30 % of B in 2025. Beta supplies B until mid-2024.
    for key, u, v, kind, attrs in [
            ("a24", "company:acme", "segment:a", "participates_in", {"market_share": 0.6, "as_of": "2024-12-31"}),
            ("a25", "company:acme", "segment:a", "participates_in", {"market_share": 0.1, "as_of": "2025-12-31"}),
            ("b25", "company:acme", "segment:b", "participates_in", {"market_share": 0.3, "as_of": "2025-12-31"}),
            ("s", "company:beta", "company:acme", "supplies",
             {"product": "segment:b", "as_of": "2023-12-31", "valid_to": "2024-06-30"}),
            ("l1", "company:acme", "region:cluster", "located_in", {"as_of": "2024-12-31"}),
            ("l2", "region:cluster", "region:hub", "located_in", {"as_of": "2025-12-31"})]:
        G.add_edge(u, v, key=key, kind=kind, **attrs)
    return G


def test_segment_members_by_date() -> None:
    G = _graph()
    pairs = [(m["company"], m["segment"]) for m in segment_members(G).to_dict("records")]
    assert pairs == [("company:acme", "segment:a"), ("company:acme", "segment:b"), ("company:beta", "segment:b")]
    # 2025-01-01: Acme's share of A asserted 2024-12-31 is known, B's (2025-12-31) not yet; Beta's supply ended
    assert segment_members(G, as_of=date(2025, 1, 1))[["company", "segment"]].values.tolist() == [
        ["company:acme", "segment:a"]]
    # 2024-03-01: only Beta's supply holds
    assert segment_members(G, as_of=date(2024, 3, 1))[["company", "supplies"]].values.tolist() == [
        ["company:beta", True]]


def test_market_shares_take_the_latest_figure() -> None:
    G = _graph()
    assert sorted(map(tuple, market_shares(G).values.tolist())) == [
        ("company:acme", "segment:a", 0.1), ("company:acme", "segment:b", 0.3)]
    assert market_shares(G, as_of=date(2025, 1, 1)).values.tolist() == [["company:acme", "segment:a", 0.6]]


def test_the_html_export_uses_the_latest_share() -> None:
    # the largest share over all dates (A, 60 % in 2024) is stale: today Acme's largest is B's 30 %
    G = _graph()
    assert _segment_of(G)["company:acme"] == "segment:b"
    assert SIZE_METRICS["market_share"](G) == {"company:acme": 0.3}


def test_listings_and_listed_on() -> None:
    G = _graph()
    assert listings(G)["listing"].tolist() == ["SSE:600000", "HKEX:0001"]
    assert listed_on(G, ["HKEX"]) == ["company:acme"] and listed_on(G, ["NYSE"]) == []
    assert listing_text({"exchange": "NASDAQ", "ticker": "NVDA"}) == "NASDAQ:NVDA"


def test_located_in_follows_places_and_dates() -> None:
    G = _graph()
    assert located_in(G, "region:hub") == {"company:acme", "region:cluster"}
    assert located_in(G, "region:hub", as_of=date(2025, 1, 1)) == set()  # the cluster joins the hub in 2025-12
    assert located_in(G, "region:cluster", as_of=date(2025, 1, 1)) == {"company:acme"}
    assert located_in(G, "region:nowhere") == set()
