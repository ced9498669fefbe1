"""share_of_supplier_output (a buyer's share of a maker's units) as evidence for revenue shares."""

from __future__ import annotations

import networkx as nx
import pytest

from computechain.queries.engine.view import ESTIMATE, FILLED, REPORTED, compile_view
from computechain.queries.exposure import exposure
from computechain.queries.trace import trace


def _graph(revenue_share: float | None = None) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    G.add_node("company:gpu", type="company", name="Acme GPU", roles=["chip-designer"], listings=[])
    for cloud in ("a", "b"):
        G.add_node(f"company:cloud-{cloud}", type="company", name=f"Cloud {cloud.upper()}", roles=["hyperscaler"],
                   listings=[])
    # Cloud A took 60 % of Acme GPU's units (p5 50 %, p95 70 %); Cloud B buys too, unweighted
    G.add_edge("company:gpu", "company:cloud-a", key="units", kind="supplies", as_of="2025-12-31",
               valid_from="2022-01-01", valid_to="2025-12-31", share_of_supplier_output=0.6,
               share_of_supplier_output_low=0.5, share_of_supplier_output_high=0.7,
               share_of_supplier_output_basis="estimate")
    G.add_edge("company:gpu", "company:cloud-b", key="b", kind="supplies", as_of="2025-12-31")
    if revenue_share is not None:
        G.add_edge("company:gpu", "company:cloud-a", key="money", kind="supplies", as_of="2024-12-31",
                   share_of_supplier_revenue=revenue_share, share_of_supplier_revenue_basis="reported")
    return G


def test_an_output_share_is_the_revenue_share_where_none_is_reported() -> None:
    view = compile_view(_graph())
    entries = {(view.nodes[r], view.nodes[c]): (v, b, lo, hi) for r, c, v, b, lo, hi in
               view.revenue_entries.itertuples(index=False)}
    # R[gpu, cloud-a] = 0.6 (estimate, range 0.5-0.7); cloud-b gets the rest, 1 - 0.6 = 0.4, filled
    assert entries[("company:gpu", "company:cloud-a")] == (0.6, ESTIMATE, 0.5, 0.7)
    assert entries[("company:gpu", "company:cloud-b")][:2] == (pytest.approx(0.4), FILLED)
    row = exposure(_graph(), company="Acme GPU", to="hyperscalers").set_index("demand_source").loc["company:cloud-a"]
    assert (row["exposure"], row["exposure_estimate"]) == (0.6, 0.6)
    drawn = exposure(_graph(), company="Acme GPU", to="hyperscalers", samples=300, seed=7).set_index(
        "demand_source").loc["company:cloud-a"]
    assert 0.5 <= drawn["p5"] < drawn["p50"] < drawn["p95"] <= 0.7


def test_a_reported_revenue_share_wins_over_an_output_share() -> None:
    view = compile_view(_graph(revenue_share=0.3))
    entries = {(view.nodes[r], view.nodes[c]): (v, b) for r, c, v, b, *_ in view.revenue_entries.itertuples(index=False)}
    assert entries[("company:gpu", "company:cloud-a")] == (0.3, REPORTED)


def test_an_output_share_does_not_enter_the_spend_matrix() -> None:
    # the buyers' spend is not known from the seller's units: Cloud A's trace rests on the fill rule only
    shares = trace(_graph(), source="company:cloud-a", fill="none")
    assert shares.empty
