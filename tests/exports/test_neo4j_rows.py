"""The pure half of ``neo4j push``: rows, keys, push id and Cypher text (no server needed)."""

from __future__ import annotations

import re

import networkx as nx

from computechain.exports.neo4j import (
    LABELS,
    MARKER,
    PUSH_KEY,
    REL_TYPES,
    RelationGroup,
    constraint_statements,
    merge_nodes_query,
    merge_relations_query,
    neo4j_rows,
    relation_keys,
    stale_nodes_query,
    stale_relations_query,
)
from computechain.graph.schema import NodeType, RelationKind


def test_labels_and_types_come_from_the_schema_enums() -> None:
    assert LABELS[NodeType.AI_MODEL] == "AIModel" and LABELS[NodeType.CAPEX_PLAN] == "CapexPlan"
    assert set(LABELS) == set(NodeType) and set(REL_TYPES) == set(RelationKind)
    assert REL_TYPES[RelationKind.PARTICIPATES_IN] == "PARTICIPATES_IN"


def test_rows_of_the_mini_graph(mini_graph: nx.MultiDiGraph) -> None:
    rows = neo4j_rows(mini_graph)
    assert (rows.node_count, rows.relation_count) == (15, 13)  # 13 entities + 2 sources
    widget = next(r for r in rows.nodes[NodeType.COMPANY] if r["id"] == "company:widget-labs")
    assert widget["listings"] == ["SZSE:300999", "HKEX:09999"]
    assert (widget["name_zh"], widget[MARKER], widget[PUSH_KEY]) == ("维杰实验室", True, rows.push_id)
    assert "note" not in widget  # no value: the key is left out (it reads as null in Cypher)
    [supply] = [r for r in rows.relations[RelationGroup(RelationKind.SUPPLIES, NodeType.COMPANY, NodeType.COMPANY)]
                if r["source"] == "company:acme-foundry"]
    assert (supply["share_of_supplier_revenue"], supply["share_of_supplier_revenue_low"],
            supply["basis"]) == (0.6, 0.5, "estimate")
    assert "share_of_customer_spend" not in supply
    assert set(supply) <= {"source", "target", *relation_keys(RelationKind.SUPPLIES)}
    sources = [r["id"] for r in rows.nodes[NodeType.SOURCE]]
    assert sources == ["source:acme-ar-2024", "source:widget-news"]


def test_push_id_is_a_digest_of_the_content(mini_graph: nx.MultiDiGraph) -> None:
    assert neo4j_rows(mini_graph).push_id == neo4j_rows(mini_graph.copy()).push_id
    changed = mini_graph.copy()
    changed.nodes["company:gamma-gpu"]["name"] = "Gamma"
    assert neo4j_rows(changed).push_id != neo4j_rows(mini_graph).push_id


def test_cypher_text_names_only_schema_labels_and_takes_values_as_parameters() -> None:
    group = RelationGroup(RelationKind.LOCATED_IN, NodeType.COMPANY, NodeType.REGION)
    query = merge_relations_query(group)
    assert query.startswith("UNWIND $rows AS row MATCH (a:Company {id: row.source}) MATCH (b:Region "
                            "{id: row.target}) MERGE (a)-[r:LOCATED_IN {id: row.id}]->(b) SET r.kind = row.kind")
    assert "r.computechain_push = row.computechain_push" in query and "r.id =" not in query
    assert merge_nodes_query(NodeType.AI_MODEL).startswith("UNWIND $rows AS row MERGE (n:AIModel {id: row.id}) SET")
    assert "$push" in stale_relations_query(RelationKind.OWNS) and "NOT EXISTS" in stale_nodes_query(NodeType.REGION)
    statements = constraint_statements()
    assert len(statements) == len(NodeType) + len(RelationKind)
    names = set(LABELS.values()) | set(REL_TYPES.values())
    for statement in statements:
        [label] = re.findall(r"[(\[]\w*:(\w+)[)\]]", statement)
        assert label in names
