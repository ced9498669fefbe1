"""Tiny fictional graphs with money figures (revenue, market sizes, capex plans) for money tests."""

from __future__ import annotations

from typing import Any

import networkx as nx

from tests.queries.helpers import graph


def figure(company: str, revenue: float, **extra: Any) -> dict[str, Any]:
    """A reported FY2024 revenue figure in USD."""
    return {"company": company, "period": "FY2024", "period_start": "2024-01-01", "period_end": "2024-12-31",
            "currency": "USD", "revenue": revenue, "basis": "reported", "as_of": "2025-03-01",
            "sources": ["source:s"], **extra}


def market(segment: str, amount: float) -> dict[str, Any]:
    return {"segment": segment, "period": "2024", "period_start": "2024-01-01", "period_end": "2024-12-31",
            "scope": "global", "currency": "USD", "amount": amount, "basis": "reported", "as_of": "2025-03-01",
            "sources": ["source:s"]}


def plan(company: str, amount: float) -> dict[str, Any]:
    """The node attributes of a reported 2024 capex plan in USD."""
    return {"type": "capex", "company": company, "amount": amount, "currency": "USD", "period": "2024",
            "period_kind": "calendar-year", "period_start": "2024-01-01", "period_end": "2024-12-31",
            "basis": "reported"}


def money_graph(nodes: dict[str, dict[str, Any]], edges: list[tuple[str, str, str, dict[str, Any]]], *,
                revenue: dict[str, float] | None = None, markets: dict[str, float] | None = None,
                concentration: dict[str, dict[str, float]] | None = None) -> nx.MultiDiGraph:
    """:func:`tests.queries.helpers.graph` plus money figures: revenue per company (with optional
    ``largest_customer_share`` / ``top5_customers_share`` / ``cost_of_revenue`` in ``concentration``)
    and market size per segment."""
    G = graph({n: {"country": "US", **a} for n, a in nodes.items()}, edges)
    G.graph["money"] = {
        "financials": [figure(c, r, **(concentration or {}).get(c, {})) for c, r in (revenue or {}).items()],
        "market_sizes": [market(s, a) for s, a in (markets or {}).items()],
        "segment_revenue": [], "fx": [],
    }
    return G
