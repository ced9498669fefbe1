"""relations(G, *, as_of, kinds): the one accessor over a graph's relations, checked by hand."""

from __future__ import annotations

from datetime import date, timedelta

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from computechain.errors import RelationKindError
from computechain.graph.relations import relations
from computechain.graph.schema import RelationKind


def _graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    G.add_nodes_from(["company:acme", "company:nimbus", "segment:hbm", "region:hub"])
    # a supply that ended mid-2024; a 2024 then a 2025 market share of one pair; a location known from 2025-03
    G.add_edge("company:acme", "company:nimbus", key="s1", kind="supplies", product="segment:hbm",
               as_of="2023-12-31", valid_to="2024-06-30")
    G.add_edge("company:acme", "segment:hbm", key="p1", kind="participates_in", as_of="2024-12-31",
               valid_from="2024-01-01", valid_to="2024-12-31", market_share=0.4)
    G.add_edge("company:acme", "segment:hbm", key="p2", kind="participates_in", as_of="2025-12-31",
               valid_from="2025-01-01", valid_to="2025-12-31", market_share=0.5)
    G.add_edge("company:acme", "region:hub", key="l", kind="located_in", as_of="2025-03-01")
    return G


def test_all_relations_in_as_of_order_with_ids() -> None:
    rows = relations(_graph())
    # as_of order: s1 (2023-12-31), p1 (2024-12-31), l (2025-03-01), p2 (2025-12-31)
    assert rows["relation"].tolist() == ["s1", "p1", "l", "p2"]
    assert rows.loc[rows["relation"] == "s1", ["source", "target", "kind", "product"]].to_dict("records") == [
        {"source": "company:acme", "target": "company:nimbus", "kind": "supplies", "product": "segment:hbm"}]
    assert rows.loc[rows["relation"] == "p1", "product"].tolist() == [None]
    assert rows["market"].tolist()[1::2] == [0.4, 0.5]


@pytest.mark.parametrize(("day", "expected"), [
    (date(2023, 6, 1), []),                    # nothing known yet
    (date(2024, 3, 1), ["s1", "p1"]),          # the supply holds; the 2024 share has begun
    (date(2024, 9, 1), ["p1"]),                # the supply ended on 2024-06-30
    (date(2025, 2, 1), ["p2"]),                # the 2025 share supersedes 2024's; l is asserted only 2025-03-01
    (date(2026, 3, 1), ["l", "p2"]),           # a period's figure stays the latest known after its period
])
def test_as_of_keeps_what_holds_on_the_day(day: date, expected: list[str]) -> None:
    assert relations(_graph(), as_of=day)["relation"].tolist() == expected


def test_kinds_filter_and_combine_with_as_of() -> None:
    G = _graph()
    assert relations(G, kinds=[RelationKind.PARTICIPATES_IN])["relation"].tolist() == ["p1", "p2"]
    assert relations(G, kinds=[RelationKind.SUPPLIES, RelationKind.LOCATED_IN])["relation"].tolist() == ["s1", "l"]
    assert relations(G, kinds=[RelationKind.PARTICIPATES_IN], as_of=date(2024, 3, 1))["relation"].tolist() == ["p1"]
    assert relations(G, kinds=[]).empty
    assert relations(G, kinds=[RelationKind.INVESTS_IN]).empty


def test_an_unknown_kind_names_the_valid_ones() -> None:
    with pytest.raises(RelationKindError, match=r"unknown relation kind 'buys'; use one of supplies, "):
        relations(_graph(), kinds=["buys"])  # type: ignore[list-item]


def test_a_product_that_is_no_node_is_kept() -> None:
    G = nx.MultiDiGraph()
    G.add_edge("company:a", "company:b", key="s", kind="supplies", product="segment:wafers", as_of="2024-12-31")
    assert relations(G)["product"].tolist() == ["segment:wafers"]


def test_adding_and_removing_an_edge_is_seen() -> None:
    G = _graph()
    assert len(relations(G)) == 4
    G.add_edge("company:nimbus", "company:acme", key="new", kind="supplies", as_of="2024-12-31")
    assert "new" in relations(G, kinds=[RelationKind.SUPPLIES])["relation"].tolist()
    G.remove_edge("company:acme", "company:nimbus", key="s1")
    assert relations(G, kinds=[RelationKind.SUPPLIES])["relation"].tolist() == ["new"]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(0, 1000), min_size=1, max_size=12), st.integers(-10, 1010))
def test_an_undated_relation_holds_from_its_as_of(offsets: list[int], day: int) -> None:
    # with no valid_from / valid_to a relation holds from the day it is asserted, forever
    start = date(2020, 1, 1)
    G = nx.MultiDiGraph()
    for i, offset in enumerate(offsets):
        G.add_edge(f"company:{i}", f"company:{i + 1}", key=f"r{i}", kind="supplies",
                   as_of=(start + timedelta(days=offset)).isoformat())
    seen = set(relations(G, as_of=start + timedelta(days=day))["relation"])
    assert seen == {f"r{i}" for i, offset in enumerate(offsets) if offset <= day}
