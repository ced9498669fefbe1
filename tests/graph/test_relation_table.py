"""The columnar relation table: node codes, dates, weights and the as-of order."""

from __future__ import annotations

import networkx as nx
import numpy as np

from computechain.graph.relation_table import relation_table
from tests.queries.helpers import graph, spend

NODES = {"company:gpu": {}, "company:lab": {}, "company:fab": {}, "segment:foundry": {}}


def _order(G: nx.MultiDiGraph) -> list[str]:
    return list(relation_table(G).relation_ids)


def test_rows_are_in_as_of_order_then_valid_from() -> None:
    G = graph(NODES, [
        ("company:gpu", "company:lab", "supplies", spend(0.6, as_of="2025-12-31")),   # r0
        ("company:gpu", "company:lab", "supplies", spend(0.3, as_of="2024-12-31")),   # r1
        ("company:fab", "company:gpu", "supplies", {"as_of": "2024-12-31", "valid_from": "2024-06-01"}),  # r2
        ("company:fab", "company:gpu", "supplies", {"as_of": "2024-12-31", "valid_from": "2024-01-01"}),  # r3
    ])
    # 2024-12-31 rows first: r1 (open valid_from comes first), r3 (valid from January), r2 (June);
    # then r0 of 2025
    assert _order(G) == ["r1", "r3", "r2", "r0"]


def test_ties_between_the_same_two_nodes_go_by_relation_id() -> None:
    # same dates and the same pair (either direction): ids decide, "a" before "b" before "c";
    # insertion order is c, a, b
    G = nx.MultiDiGraph()
    G.add_nodes_from(["x", "y"])
    for key, (u, v) in {"c": ("x", "y"), "a": ("y", "x"), "b": ("x", "y")}.items():
        G.add_edge(u, v, key=key, kind="supplies", as_of="2024-12-31")
    assert _order(G) == ["a", "b", "c"]


def test_codes_dates_and_weights() -> None:
    G = graph(NODES, [
        ("company:fab", "company:gpu", "supplies", spend(0.25, "estimate", product="segment:foundry",
                                                         valid_to="2025-06-30")),
        ("company:fab", "segment:foundry", "participates_in", {"market_share": 0.6}),
    ])
    table = relation_table(G)
    frame = table.frame.set_index(np.array(table.relation_ids))
    code = table.index
    supply, share = frame.loc["r0"], frame.loc["r1"]
    assert (supply["u"], supply["v"], supply["product"]) == (code["company:fab"], code["company:gpu"],
                                                             code["segment:foundry"])
    assert (supply["spend"], supply["spend_basis"]) == (0.25, 1)  # 1: estimate
    assert str(supply["valid_from"].date()) == "0001-01-01"  # open start
    assert str(supply["valid_to"].date()) == "2025-06-30"
    assert (share["product"], share["market"], share["market_basis"]) == (-1, 0.6, 0)  # 0: reported
    assert np.isnan(share["spend"])
    assert str(share["valid_to"].date()) == "9999-12-31"  # open end


def test_the_table_is_cached_per_graph_and_a_copy_gets_its_own() -> None:
    G = graph(NODES, [("company:gpu", "company:lab", "supplies", spend(0.6))])
    assert relation_table(G) is relation_table(G)
    H = G.copy()
    H.remove_node("company:gpu")
    assert relation_table(H).relation_ids == ()
    assert relation_table(G).relation_ids == ("r0",)


def test_the_table_made_with_the_graph_is_the_one_its_edges_give() -> None:
    """build_graph makes the table from the edges it adds (weighted ones known from their basis);
    extracting it afresh from the finished graph gives the same table, on the real seed."""
    from computechain.graph.relation_table import extract_relation_table
    from computechain.loaders import load_graph

    G = load_graph()
    made, fresh = relation_table(G), extract_relation_table(G)
    assert made.nodes == fresh.nodes and made.relation_ids == fresh.relation_ids
    assert made.stray_products == fresh.stray_products
    assert made.frame["weighted"].sum() > 100  # the seed's weights are there, not only compared
    assert made.frame.equals(fresh.frame)
