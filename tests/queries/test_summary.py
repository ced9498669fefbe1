"""summary: counts by type, kind, segment, country and exchange on a tiny graph; a bad grouping is a QueryError."""

from __future__ import annotations

import networkx as nx
import pytest

from computechain.errors import QueryError
from computechain.queries.summary import summary


@pytest.fixture
def tiny() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    G.add_node("company:acme", type="company", country="TW", listings=[{"exchange": "TWSE", "ticker": "9999"},
                                                                       {"exchange": "TWSE", "ticker": "9998"}])
    G.add_node("company:beta", type="company", country="KR", listings=[{"exchange": "KRX", "ticker": "000001"}])
    G.add_node("company:gamma", type="company", country="US", listings=[])
    G.add_node("segment:hbm", type="segment")
    G.add_node("segment:foundry", type="segment")
    G.add_edge("company:beta", "segment:hbm", key="p1", kind="participates_in")
    G.add_edge("company:beta", "company:gamma", key="s1", kind="supplies", product="segment:hbm")  # same pair
    G.add_edge("company:acme", "company:gamma", key="s2", kind="supplies", product="segment:foundry")
    G.add_edge("company:acme", "company:beta", key="s3", kind="supplies", product=None)  # no segment
    return G


@pytest.mark.parametrize(("by", "rows"), [
    ("type", [("company", 3), ("segment", 2)]),
    ("kind", [("supplies", 3), ("participates_in", 1)]),
    # beta in hbm counted once (participant and supplier); acme in foundry as a supplier
    ("segment", [("segment:foundry", 1), ("segment:hbm", 1)]),
    ("country", [("KR", 1), ("TW", 1), ("US", 1)]),
    ("exchange", [("KRX", 1), ("TWSE", 1)]),  # acme's two TWSE lines count once
])
def test_counts_worked_out_by_hand(tiny: nx.MultiDiGraph, by: str, rows: list[tuple[str, int]]) -> None:
    frame = summary(tiny, by=by)  # type: ignore[arg-type]
    assert list(frame.columns) == [by, "count"]
    assert list(frame.itertuples(index=False, name=None)) == rows


def test_an_unknown_grouping_is_a_query_error_naming_the_options(tiny: nx.MultiDiGraph) -> None:
    with pytest.raises(QueryError, match=r"^unknown grouping 'colour'; use one of type, kind, segment, country, "
                                         r"exchange$"):
        summary(tiny, by="colour")  # type: ignore[arg-type]
