"""The tools in-process on tiny fictional graphs: how errors reach the model, what the card cites."""

from __future__ import annotations

import networkx as nx
import pytest
from mcp.server.mcpserver.exceptions import ToolError

from computechain.mcp.tools import GraphTools


@pytest.fixture
def acme() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(sources={
        "source:acme-ar": {"name": "Acme annual report", "publisher": "Acme", "date": "2025", "url": None},
        "source:wire": {"name": "Acme wins Gamma", "publisher": "Wire", "date": "2025-03", "url": "https://x.test"}})
    G.add_node("company:acme-optics", type="company", name="Acme Optics", aliases=["Acme"], sources=["source:acme-ar"],
               listings=[])
    G.add_node("company:acme-optics-hk", type="company", name="Acme Optics HK", aliases=["Acme"], listings=[])
    G.add_node("company:gamma-cloud", type="company", name="Gamma Cloud", roles=["hyperscaler"], listings=[])
    G.add_edge("company:acme-optics", "company:gamma-cloud", key="r1", kind="supplies", as_of="2025-03-31",
               sources=["source:wire"], share_of_supplier_revenue=0.3, share_of_supplier_revenue_basis="reported")
    return G


def test_the_card_cites_the_entity_and_its_relations(acme: nx.MultiDiGraph) -> None:
    reply = GraphTools(acme).show_entity(name="Acme Optics")
    assert reply.entity is not None and reply.entity["id"] == "company:acme-optics"
    assert [(r["direction"], r["other"], r["weights"]) for r in reply.rows] == [
        ("out", "company:gamma-cloud", "share_of_supplier_revenue=0.3")]
    # the entity's own source and its relation's, sorted by id
    assert [(s["id"], s["title"]) for s in reply.sources] == [
        ("source:acme-ar", "Acme annual report"), ("source:wire", "Acme wins Gamma")]
    assert reply.as_of is None and reply.as_of_rule.startswith("not filtered by date")


def test_an_ambiguous_name_asks_for_an_id(acme: nx.MultiDiGraph) -> None:
    with pytest.raises(ToolError, match=r"'Acme' matches several entities: company:acme-optics, "
                                        r"company:acme-optics-hk\. Use an id\."):
        GraphTools(acme).exposure(company="Acme")


def test_an_unknown_name_without_close_matches_points_to_find_entity(acme: nx.MultiDiGraph) -> None:
    with pytest.raises(ToolError, match=r"^No entity matches 'zzz'\. Call find_entity"):
        GraphTools(acme).suppliers(company="zzz")


def test_a_query_error_is_a_tool_error(acme: nx.MultiDiGraph) -> None:
    with pytest.raises(ToolError, match="no company chosen"):
        GraphTools(acme).exposure_ranking(listed=["SSE"])


def test_exposure_rests_on_the_reported_share(acme: nx.MultiDiGraph) -> None:
    # Acme Optics sells 30 % of its revenue to Gamma Cloud (reported); the rest goes nowhere modelled
    reply = GraphTools(acme).exposure(company="company:acme-optics", to="hyperscalers")
    assert [(r["demand_source"], r["exposure"], r["exposure_reported"]) for r in reply.rows] == [
        ("company:gamma-cloud", 0.3, 0.3)]
    assert [e["relation_id"] for e in reply.evidence] == ["r1"]
