"""Counts that describe a graph: by node type, relation kind, segment, country or exchange.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("company:a", type="company", country="CN", listings=[{"exchange": "SSE", "ticker": "600000"}])
>>> G.add_node("company:b", type="company", country="CN", listings=[])
>>> G.add_node("segment:hbm", type="segment")
>>> _ = G.add_edge("company:a", "segment:hbm", key="r", kind="participates_in")
>>> summary(G, by="country").to_dict("records")
[{'country': 'CN', 'count': 2}]
>>> summary(G, by="segment").to_dict("records")
[{'segment': 'segment:hbm', 'count': 1}]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import Literal

import networkx as nx
import pandas as pd

from computechain.errors import QueryError
from computechain.graph.facts import listings, segment_members
from computechain.graph.relations import relations

SummaryBy = Literal["type", "kind", "segment", "country", "exchange"]


def _companies(G: nx.MultiDiGraph) -> Iterable[dict]:
    return (attrs for _, attrs in G.nodes(data=True) if attrs.get("type") == "company")


_COUNTERS: dict[str, Callable[[nx.MultiDiGraph], Iterable[str]]] = {
    "type": lambda G: (attrs["type"] for _, attrs in G.nodes(data=True)),
    "kind": lambda G: relations(G)["kind"],
    "segment": lambda G: segment_members(G)["segment"],  # one per (company, segment) pair
    "country": lambda G: (attrs["country"] for attrs in _companies(G)),
    "exchange": lambda G: listings(G).drop_duplicates(["company", "exchange"])["exchange"],
}


def summary(G: nx.MultiDiGraph, *, by: SummaryBy) -> pd.DataFrame:
    """How many nodes (type), edges (kind), companies (segment, country) or listed companies
    (exchange) fall in each group. Columns: ``by``, count; largest first, ties by name."""
    if by not in _COUNTERS:
        raise QueryError(f"unknown grouping {by!r}; use one of {', '.join(_COUNTERS)}")
    counts = Counter(_COUNTERS[by](G))
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return pd.DataFrame(rows, columns=[by, "count"])
