"""Every query that reads relations sees an edge added or removed after a first query.

The relation table, the decoded relations and the compiled views live in
``G.__networkx_cache__``, which networkx clears on every node or edge change.
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

from computechain.graph.facts import segment_members
from computechain.queries.chokepoints import chokepoints, single_sources
from computechain.queries.listings import listed_in_segment
from computechain.queries.policy import policy_impact
from computechain.queries.shock import supply_losses
from computechain.queries.summary import summary
from computechain.queries.tiers import customers, suppliers


def _graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(sources={})
    G.add_node("company:acme", type="company", name="Acme", roles=[], listings=[{"exchange": "SSE", "ticker": "1"}])
    G.add_node("company:beta", type="company", name="Beta", roles=[], listings=[{"exchange": "SZSE", "ticker": "2"}])
    G.add_node("company:gamma", type="company", name="Gamma", roles=[], listings=[])
    G.add_node("segment:hbm", type="segment", name="HBM")
    G.add_node("policy:p", type="policy", name="P")
    # Beta supplies Gamma with HBM; Acme holds 60 % of HBM; the policy restricts Beta
    for u, v, key, kind, attrs in [
            ("company:beta", "company:gamma", "s1", "supplies", {"product": "segment:hbm"}),
            ("company:acme", "segment:hbm", "p1", "participates_in", {"market_share": 0.6}),
            ("policy:p", "company:beta", "r1", "restricts", {})]:
        G.add_edge(u, v, key=key, kind=kind, as_of="2024-12-31", sources=[], **attrs)
    return G


def _answers(G: nx.MultiDiGraph) -> dict[str, object]:
    losses = supply_losses(G, remove=["company:beta"])
    policy = policy_impact(G, policy="policy:p")
    return {
        "suppliers": suppliers(G, entity="company:gamma")["supplier"].tolist(),
        "customers": customers(G, entity="company:acme")["customer"].tolist(),
        "single": single_sources(G)["supplier"].tolist(),
        "single_source_customers": chokepoints(G).set_index("segment").loc["segment:hbm", "single_source_customers"],
        "listed": listed_in_segment(G, segment="segment:hbm", exchanges=["SSE", "SZSE"])[
            ["company", "participates", "supplies"]].to_dict("records"),
        "kinds": dict(zip(*summary(G, by="kind").to_dict("list").values(), strict=True)),
        "members": segment_members(G)["company"].tolist(),
        "losses": losses[["status", "remaining_suppliers"]].to_dict("records"),
        "downstream": policy.loc[policy["channel"] == "downstream supply", "id"].tolist(),
    }


def test_a_new_and_a_removed_supply_are_seen_by_every_query() -> None:
    G = _graph()
    assert _answers(G) == {
        "suppliers": ["company:beta"], "customers": [], "single": ["company:beta"], "single_source_customers": 1,
        "listed": [{"company": "company:acme", "participates": True, "supplies": False},
                   {"company": "company:beta", "participates": False, "supplies": True}],
        "kinds": {"participates_in": 1, "restricts": 1, "supplies": 1},
        "members": ["company:acme", "company:beta"],
        "losses": [{"status": "substitutable", "remaining_suppliers": ""}],  # Acme, a participant, may step in
        "downstream": ["company:gamma"],
    }
    G.add_edge("company:acme", "company:gamma", key="s2", kind="supplies", product="segment:hbm",
               as_of="2024-12-31", sources=[])
    after_add = _answers(G)
    assert after_add["suppliers"] == ["company:acme", "company:beta"]
    assert after_add["customers"] == ["company:gamma"]
    assert after_add["single"] == [] and after_add["single_source_customers"] == 0
    assert after_add["listed"][0] == {"company": "company:acme", "participates": True, "supplies": True}
    assert after_add["kinds"] == {"supplies": 2, "participates_in": 1, "restricts": 1}
    assert after_add["losses"] == [{"status": "reduced", "remaining_suppliers": "company:acme"}]
    G.remove_edge("company:beta", "company:gamma", key="s1")
    after_remove = _answers(G)
    assert after_remove["suppliers"] == ["company:acme"]
    assert after_remove["single"] == ["company:acme"]
    assert after_remove["listed"] == [{"company": "company:acme", "participates": True, "supplies": True}]
    assert after_remove["losses"] == []  # Beta supplies nobody any more
    assert after_remove["downstream"] == []


def test_a_query_does_not_change_the_cached_relations() -> None:
    G = _graph()
    before = segment_members(G)
    listed_in_segment(G, segment="segment:hbm", exchanges=["SSE"])
    chokepoints(G)
    pd.testing.assert_frame_equal(segment_members(G), before)
