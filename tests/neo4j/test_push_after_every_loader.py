"""``neo4j push`` of the shipped seed plus every registered loader's fixture: every node, source and
relation arrives, with its label and relationship type."""

from __future__ import annotations

from pathlib import Path

import pytest
from neo4j import Driver

from computechain.exports.neo4j import LABELS, REL_TYPES
from computechain.exports.neo4j_push import push
from computechain.graph.schema import NodeType, RelationKind
from computechain.loaders import load_graph
from tests.every_loader import loader_specs


@pytest.mark.slow  # loads the shipped seed and the reference datasets
def test_every_external_record_is_pushed(driver: Driver, reference_data: Path, tmp_path: Path) -> None:
    G = load_graph(with_sources=loader_specs(reference_data, tmp_path))
    push(G, driver, progress=False)
    nodes = driver.execute_query("MATCH (n) RETURN n.id AS id, labels(n) AS labels").records
    assert {r["id"] for r in nodes} == set(G) | set(G.graph["sources"])
    sites = {r["id"] for r in nodes if LABELS[NodeType.SITE] in r["labels"]}
    assert sites == {n for n, t in G.nodes(data="type") if t == "site"} and len(sites) == 83
    relations = driver.execute_query("MATCH ()-[r]->() RETURN r.id AS id, type(r) AS type").records
    assert {r["id"] for r in relations} == {k for *_, k in G.edges(keys=True)}
    assert {r["type"] for r in relations} == {REL_TYPES[kind] for kind in RelationKind}

