"""The graph as Neo4j rows and the Cypher that writes them: the pure half of ``neo4j push``.

Labels and relationship types come only from the schema's enums (:data:`LABELS`,
:data:`REL_TYPES`), never from data strings; every value travels as a query parameter.
Property keys are the schema's field names, so each label and relationship type has a
fixed key list; a row carries the keys that have a value, and a missing key reads as null in
Cypher: ``SET x.key = row.key`` then sets changed values and removes vanished ones, and the
planner needs no ``Eager`` step (which ``SET x = map`` would force). A relationship type the
database has none of yet is written with ``CREATE`` and the properties inline (no lookup of an
existing relationship, nulls simply not written): about 15 % faster on a first push.

Everything computechain writes carries ``computechain = true`` and ``computechain_push``,
a digest of all rows: pushing the same graph twice writes identical properties, and after a
push whatever is marked but carries another digest is what the graph no longer has.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph(sources={})
>>> G.add_node("company:acme", type="company", name="Acme", listings=[{"exchange": "SSE", "ticker": "600000"}])
>>> G.add_node("segment:hbm", type="segment", name="HBM")
>>> G.add_edge("company:acme", "segment:hbm", key="r1", kind="participates_in", as_of="2024-12-31",
...            sources=["source:a"], market_share=0.4, basis="reported")
'r1'
>>> batch = neo4j_rows(G)
>>> batch.nodes[NodeType.COMPANY][0]["listings"]
['SSE:600000']
>>> [row["market_share"] for row in batch.relations[RelationGroup(RelationKind.PARTICIPATES_IN,
...                                                  NodeType.COMPANY, NodeType.SEGMENT)]]
[0.4]
>>> print(merge_relations_query(RelationGroup(RelationKind.OWNS, NodeType.COMPANY, NodeType.COMPANY))[:96])
UNWIND $rows AS row MATCH (a:Company {id: row.source}) MATCH (b:Company {id: row.target}) MERGE
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import networkx as nx

from computechain.graph.build import WEIGHT_PARTS
from computechain.graph.facts import listing_text
from computechain.graph.schema import (
    ENTITY_MODELS,
    RELATION_SPECS,
    NodeType,
    Relation,
    RelationKind,
    node_type_of,
)

MARKER = "computechain"
PUSH_KEY = "computechain_push"

# Node labels are the schema's model class names (AIModel, CapexPlan ...); relationship
# types are the relation kinds in upper case (SUPPLIES, PARTICIPATES_IN ...).
LABELS: dict[NodeType, str] = {node_type: model.__name__ for node_type, model in ENTITY_MODELS.items()}
REL_TYPES: dict[RelationKind, str] = {kind: kind.value.upper() for kind in RelationKind}

# Relation fields that are the edge's key and endpoints, or flattened into weight keys.
_EDGE_ENDPOINT_FIELDS = ("source", "target", "weights")


@dataclass(frozen=True, order=True)
class RelationGroup:
    """Relations of one kind between one pair of node types: one Cypher query, fixed labels."""

    kind: RelationKind
    source: NodeType
    target: NodeType


@functools.cache
def node_keys(node_type: NodeType) -> tuple[str, ...]:
    """The property keys of a label: ``id``, ``type``, the model's fields, then the markers.

    >>> keys = node_keys(NodeType.SEGMENT)
    >>> keys[:3], "parent" in keys, keys[-2:]
    (('id', 'type', 'name'), True, ('computechain', 'computechain_push'))
    """
    fields = tuple(name for name in ENTITY_MODELS[node_type].model_fields if name != "id")
    return ("id", "type", *fields, MARKER, PUSH_KEY)


@functools.cache
def relation_keys(kind: RelationKind) -> tuple[str, ...]:
    """The property keys of a relationship type: the relation's fields, ``basis``, each weight
    the kind may carry with its parts, then the markers.

    >>> keys = relation_keys(RelationKind.OWNS)
    >>> keys[:3], keys[-7:]  # doctest: +NORMALIZE_WHITESPACE
    (('id', 'kind', 'product'), ('ownership_share', 'ownership_share_low', 'ownership_share_high',
     'ownership_share_basis', 'ownership_share_basis_note', 'computechain', 'computechain_push'))
    """
    fields = tuple(name for name in Relation.model_fields if name not in _EDGE_ENDPOINT_FIELDS)
    weights = tuple(
        key for meaning in sorted(RELATION_SPECS[kind].weights)
        for key in (meaning.value, *(f"{meaning.value}_{part}" for part in WEIGHT_PARTS))
    )
    return (*fields, "basis", *weights, MARKER, PUSH_KEY)


def _value(value: Any) -> Any:
    """A property value Neo4j can store: listings become ``EXCHANGE:TICKER`` strings."""
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return [listing_text(item) for item in value]
    return value


def _node_row(keys: tuple[str, ...], node: str, attrs: dict[str, Any]) -> dict[str, Any]:
    # keys: id, ..., then the two markers; a missing key reads as null in Cypher
    return {"id": node, **{key: _value(attrs[key]) for key in keys[1:-2] if attrs.get(key) is not None}}


@functools.cache
def _relation_group(kind: str, source_prefix: str, target_prefix: str) -> RelationGroup:
    return RelationGroup(RelationKind(kind), node_type_of(source_prefix), node_type_of(target_prefix))


@dataclass(frozen=True)
class Neo4jRows:
    """Every node row by node type and every relationship row by :class:`RelationGroup`,
    sorted by id, with ``push_id`` (the digest of all rows) already in each row."""

    nodes: dict[NodeType, list[dict[str, Any]]]
    relations: dict[RelationGroup, list[dict[str, Any]]]
    push_id: str

    @property
    def node_count(self) -> int:
        return sum(len(rows) for rows in self.nodes.values())

    @property
    def relation_count(self) -> int:
        return sum(len(rows) for rows in self.relations.values())


def neo4j_rows(G: nx.MultiDiGraph) -> Neo4jRows:
    """Build the rows of every node (sources included, from ``G.graph["sources"]``) and edge."""
    nodes: dict[NodeType, list[dict[str, Any]]] = defaultdict(list)
    items = [*G.nodes(data=True), *((sid, {"type": "source", **s}) for sid, s in G.graph.get("sources", {}).items())]
    for node, attrs in items:
        node_type = NodeType(attrs["type"])
        nodes[node_type].append(_node_row(node_keys(node_type), node, attrs))
    relations: dict[RelationGroup, list[dict[str, Any]]] = defaultdict(list)
    for u, v, key, attrs in G.edges(keys=True, data=True):
        group = _relation_group(attrs["kind"], u.partition(":")[0], v.partition(":")[0])
        # relation values need no conversion (no listings); keys: id, ..., then the two markers
        relations[group].append({"source": u, "target": v, "id": key,
                                 **{k: attrs[k] for k in relation_keys(group.kind)[1:-2] if attrs.get(k) is not None}})
    for rows in (*nodes.values(), *relations.values()):
        rows.sort(key=lambda row: row["id"])
    digest = hashlib.sha256()
    for name, rows in sorted((str(k), v) for k, v in (*nodes.items(), *relations.items())):
        # every row of a group has the same keys in the same order: no need to sort them
        digest.update(json.dumps([name, rows], ensure_ascii=False, check_circular=False).encode())
    push_id = digest.hexdigest()[:16]
    for rows in (*nodes.values(), *relations.values()):
        for row in rows:
            row[MARKER], row[PUSH_KEY] = True, push_id
    return Neo4jRows(dict(sorted(nodes.items())), dict(sorted(relations.items())), push_id)


def _sets(variable: str, keys: tuple[str, ...]) -> str:
    return ", ".join(f"{variable}.{key} = row.{key}" for key in keys if key != "id")


def constraint_statements() -> list[str]:
    """``id`` uniqueness constraints for every label and relationship type (idempotent)."""
    nodes = [
        f"CREATE CONSTRAINT {MARKER}_{t.value}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
        for t, label in LABELS.items()
    ]
    rels = [
        f"CREATE CONSTRAINT {MARKER}_{k.value}_id IF NOT EXISTS FOR ()-[r:{rtype}]-() REQUIRE r.id IS UNIQUE"
        for k, rtype in REL_TYPES.items()
    ]
    return nodes + rels


def merge_nodes_query(node_type: NodeType) -> str:
    """``UNWIND $rows ... MERGE`` of one label's node rows."""
    return (f"UNWIND $rows AS row MERGE (n:{LABELS[node_type]} {{id: row.id}}) "
            f"SET {_sets('n', node_keys(node_type))}")


def merge_relations_query(group: RelationGroup) -> str:
    """``UNWIND $rows ... MERGE`` of one :class:`RelationGroup`'s relationship rows."""
    return (f"UNWIND $rows AS row MATCH (a:{LABELS[group.source]} {{id: row.source}}) "
            f"MATCH (b:{LABELS[group.target]} {{id: row.target}}) "
            f"MERGE (a)-[r:{REL_TYPES[group.kind]} {{id: row.id}}]->(b) "
            f"SET {_sets('r', relation_keys(group.kind))}")


def create_relations_query(group: RelationGroup) -> str:
    """``UNWIND $rows ... CREATE`` of one :class:`RelationGroup`'s rows, for a relationship type
    the database has none of (the uniqueness constraint still refuses a duplicate id)."""
    properties = ", ".join(f"{key}: row.{key}" for key in relation_keys(group.kind))
    return (f"UNWIND $rows AS row MATCH (a:{LABELS[group.source]} {{id: row.source}}) "
            f"MATCH (b:{LABELS[group.target]} {{id: row.target}}) "
            f"CREATE (a)-[r:{REL_TYPES[group.kind]} {{{properties}}}]->(b)")


def relation_type_present_query(kind: RelationKind) -> str:
    """Whether the database holds any relationship of ``kind``'s type (anyone's)."""
    return f"RETURN EXISTS {{ MATCH ()-[:{REL_TYPES[kind]}]->() }} AS present"


def stale_relations_query(kind: RelationKind) -> str:
    """Delete up to ``$limit`` relationships computechain wrote in another push; return how many."""
    return (f"MATCH ()-[r:{REL_TYPES[kind]}]->() WHERE r.{MARKER} = true AND r.{PUSH_KEY} <> $push "
            "WITH r LIMIT $limit DELETE r RETURN count(*) AS deleted")


def stale_nodes_query(node_type: NodeType) -> str:
    """Delete up to ``$limit`` nodes computechain wrote in another push that no relationship
    touches any more (a node that someone else's relationship still uses is kept)."""
    return (f"MATCH (n:{LABELS[node_type]}) WHERE n.{MARKER} = true AND n.{PUSH_KEY} <> $push "
            "AND NOT EXISTS { (n)--() } WITH n LIMIT $limit DELETE n RETURN count(*) AS deleted")


def kept_nodes_query(node_type: NodeType) -> str:
    """Count the stale nodes kept because a relationship computechain did not write uses them."""
    return (f"MATCH (n:{LABELS[node_type]}) WHERE n.{MARKER} = true AND n.{PUSH_KEY} <> $push "
            "RETURN count(n) AS kept")
