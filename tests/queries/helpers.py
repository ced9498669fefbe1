"""Tiny fictional graphs for query tests, built edge by edge so each test shows its numbers."""

from __future__ import annotations

from typing import Any

import networkx as nx


def graph(nodes: dict[str, dict[str, Any]], edges: list[tuple[str, str, str, dict[str, Any]]]) -> nx.MultiDiGraph:
    """``nodes``: id -> attrs (type defaults to the id prefix); ``edges``: (u, v, kind, attrs)."""
    G = nx.MultiDiGraph(sources={})
    for node, attrs in nodes.items():
        G.add_node(node, **{"type": node.split(":")[0], "name": node.split(":")[1].title(), "roles": [],
                            "listings": [], **attrs})
    for number, (u, v, kind, attrs) in enumerate(edges):
        G.add_edge(u, v, key=f"r{number}", kind=kind, as_of=attrs.pop("as_of", "2024-12-31"),
                   sources=["source:s"], **attrs)
    return G


def spend(share: float, basis: str = "reported", **extra: Any) -> dict[str, Any]:
    return {"share_of_customer_spend": share, "share_of_customer_spend_basis": basis, **extra}


def revenue(share: float, basis: str = "reported", **extra: Any) -> dict[str, Any]:
    return {"share_of_supplier_revenue": share, "share_of_supplier_revenue_basis": basis, **extra}
