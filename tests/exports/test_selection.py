from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from computechain.errors import AmbiguousEntityError, SelectionError, UnknownEntityError
from computechain.exports.selection import (
    Selection,
    focus_subgraph,
    listed_subgraph,
    segment_subgraph,
    select,
    trace_subgraph,
)


def edge_kinds(H: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    return {(u, v, d["kind"]) for u, v, d in H.edges(data=True)}


def test_the_whole_graph_is_returned_as_it_is(mini_graph: nx.MultiDiGraph) -> None:
    assert select(mini_graph, Selection()) is mini_graph


def test_focus_depth_one_is_the_ego_network_in_both_directions(mini_graph: nx.MultiDiGraph) -> None:
    H = select(mini_graph, Selection(focus="维杰实验室", depth=1))
    assert sorted(H) == ["company:nimbus-cloud", "company:widget-labs", "model:widget-1", "region:west-hub"]
    assert edge_kinds(H) == {
        ("company:nimbus-cloud", "company:widget-labs", "provides_compute"),
        ("company:nimbus-cloud", "company:widget-labs", "owns"),
        ("company:widget-labs", "region:west-hub", "located_in"),
        ("company:widget-labs", "model:widget-1", "develops"),
    }
    assert sorted(H.graph["sources"]) == ["source:widget-news"]


def test_focus_depth_two_and_zero(mini_graph: nx.MultiDiGraph) -> None:
    H = focus_subgraph(mini_graph, name="Widget Labs", depth=2)
    assert H.number_of_nodes() == 7 and H.number_of_edges() == 7
    assert {"company:gamma-gpu", "capex:nimbus-cloud-2024", "policy:chip-rule"} <= set(H)
    assert sorted(H.graph["sources"]) == ["source:acme-ar-2024", "source:widget-news"]
    assert list(focus_subgraph(mini_graph, name="300999", depth=0)) == ["company:widget-labs"]
    assert select(mini_graph, Selection(focus="Widget Labs")).number_of_nodes() == 4  # depth defaults to 1


def test_a_view_copies_attributes_and_never_mutates_the_graph(mini_graph: nx.MultiDiGraph) -> None:
    before = nx.node_link_data(mini_graph, edges="edges")
    H = focus_subgraph(mini_graph, name="Widget Labs", depth=1)
    H.nodes["company:widget-labs"]["name"] = "changed"
    H.graph["sources"].clear()
    assert nx.node_link_data(mini_graph, edges="edges") == before


def test_segment_takes_participants_suppliers_of_the_product_and_their_customers(
        mini_graph: nx.MultiDiGraph) -> None:
    H = segment_subgraph(mini_graph, segment="hbm")
    assert sorted(H) == ["company:beta-memory", "company:gamma-gpu", "segment:hbm"]
    assert edge_kinds(H) == {("company:beta-memory", "company:gamma-gpu", "supplies")}
    H = segment_subgraph(mini_graph, segment="Wafer foundry")
    assert sorted(H) == ["company:acme-foundry", "company:gamma-gpu", "segment:wafer-foundry"]
    assert len(edge_kinds(H)) == 2


def test_segment_includes_sub_segments(mini_graph: nx.MultiDiGraph) -> None:
    G = mini_graph.copy()
    G.add_node("segment:hbm3e", type="segment", name="HBM3E", parent="segment:hbm")
    G.add_node("company:delta", type="company", name="Delta")
    G.add_edge("company:delta", "segment:hbm3e", key="p", kind="participates_in", sources=[])
    H = segment_subgraph(G, segment="HBM")
    assert {"segment:hbm3e", "company:delta", "company:beta-memory"} <= set(H)
    assert "segment:hbm" not in segment_subgraph(G, segment="hbm3e")


def test_listed_keeps_listed_companies_their_relations_and_their_segments(mini_graph: nx.MultiDiGraph) -> None:
    H = listed_subgraph(mini_graph, exchanges=["twse", "KRX", "NASDAQ"])
    assert sorted(H) == ["company:acme-foundry", "company:beta-memory", "company:gamma-gpu",
                         "segment:wafer-foundry"]
    assert edge_kinds(H) == {
        ("company:acme-foundry", "company:gamma-gpu", "supplies"),
        ("company:beta-memory", "company:gamma-gpu", "supplies"),
        ("company:acme-foundry", "segment:wafer-foundry", "participates_in"),
    }
    H = select(mini_graph, Selection(listed=("SZSE", "HKEX")))
    assert list(H) == ["company:widget-labs"] and H.number_of_edges() == 0


def stand_in_trace(G: nx.MultiDiGraph, *, source: str, as_of: object = None) -> pd.DataFrame:
    """A fixed trace from Widget Labs, standing in for queries.trace.trace (same contract)."""
    assert source == "company:widget-labs"
    return pd.DataFrame({
        "id": ["company:widget-labs", "company:nimbus-cloud", "company:gamma-gpu", "company:acme-foundry",
               "company:beta-memory", "company:gamma-gpu"],
        "tier": [0, 1, 2, 3, 3, 4],
        "share": [1.0, 1.0, 1.0, 0.6, 0.3, 0.1],
    })


def test_trace_keeps_reached_nodes_with_their_closest_tier(mini_graph: nx.MultiDiGraph) -> None:
    H = trace_subgraph(mini_graph, source="维杰实验室", tracer=stand_in_trace)
    assert {n: (a["tier"], a["share"]) for n, a in H.nodes(data=True)} == {
        "company:widget-labs": (0, 1.0), "company:nimbus-cloud": (1, 1.0), "company:gamma-gpu": (2, 1.0),
        "company:acme-foundry": (3, 0.6), "company:beta-memory": (3, 0.3),
    }
    assert H.number_of_edges() == 5
    assert "tier" not in mini_graph.nodes["company:widget-labs"]
    assert select(mini_graph, Selection(trace="Widget Labs"), tracer=stand_in_trace).number_of_nodes() == 5


def test_a_trace_without_the_contract_columns_is_refused(mini_graph: nx.MultiDiGraph) -> None:
    def broken(G: nx.MultiDiGraph, *, source: str) -> pd.DataFrame:
        return pd.DataFrame({"id": [source]})

    with pytest.raises(SelectionError, match="the trace of company:widget-labs lacks the columns share, tier"):
        trace_subgraph(mini_graph, source="Widget Labs", tracer=broken)


@pytest.mark.parametrize(("view", "message"), [
    (lambda: Selection(focus="a", segment="b"), "choose one view, not --focus and --segment together"),
    (lambda: Selection(trace="a", listed=("SSE",)), "choose one view, not --trace and --listed together"),
    (lambda: Selection(depth=2), "--depth 2 needs --focus NAME"),
    (lambda: Selection(focus="a", depth=-1), "--depth must be 0 or more, got -1"),
])
def test_contradictory_view_options_are_refused(view, message: str) -> None:
    with pytest.raises(SelectionError, match=message):
        view()


def test_bad_names_and_exchanges_say_what_is_wrong(mini_graph: nx.MultiDiGraph) -> None:
    with pytest.raises(SelectionError, match=r"--segment 'Acme' is company:acme-foundry \(a company\); "
                                        "--segment needs a segment"):
        segment_subgraph(mini_graph, segment="Acme")
    with pytest.raises(SelectionError, match="no company is listed on NYSE, XX; exchanges in the graph: "
                                        "HKEX, KRX, NASDAQ, SZSE, TWSE"):
        listed_subgraph(mini_graph, exchanges=["XX", "NYSE", "SZSE"])
    with pytest.raises(UnknownEntityError, match="Did you mean: company:widget-labs"):
        focus_subgraph(mini_graph, name="Widgit Labs")
    G = mini_graph.copy()
    G.add_node("company:acme-2", type="company", name="Acme", aliases=[])
    with pytest.raises(AmbiguousEntityError, match="matches several entities"):
        focus_subgraph(G, name="Acme")


def test_describe_names_each_view() -> None:
    assert [Selection(**kw).describe() for kw in ({}, {"focus": "X"}, {"trace": "Y"}, {"segment": "HBM"},
                                              {"listed": ("SSE", "SZSE")})] == [
        "whole graph", "focus on X, depth 1", "demand trace from Y", "segment HBM",
        "companies listed on SSE, SZSE"]


def test_trace_with_the_real_demand_trace(mini_graph: nx.MultiDiGraph) -> None:
    H = trace_subgraph(mini_graph, source="Widget Labs")
    assert dict(H.nodes(data="tier")) == {
        "company:widget-labs": 0, "company:nimbus-cloud": 1, "company:gamma-gpu": 2, "capex:nimbus-cloud-2024": 2,
        "company:acme-foundry": 3, "company:beta-memory": 3, "segment:data-centres": 3,
    }
    assert H.nodes["company:nimbus-cloud"]["share"] == 1.0  # Nimbus is Widget Labs' sole compute provider
    assert H.number_of_edges() == 7
