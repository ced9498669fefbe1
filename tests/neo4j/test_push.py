"""``neo4j push`` against a real server: idempotent, scoped to what it wrote, and crash-safe."""

from __future__ import annotations

import threading
import time

import networkx as nx
import pytest
from neo4j import Driver, GraphDatabase

from computechain.errors import ExportError, Neo4jUnavailableError
from computechain.exports.neo4j_push import push
from tests.neo4j.helpers import dump, server, wipe


def test_double_push_leaves_identical_counts_and_properties(driver: Driver, neo4j_graph: nx.MultiDiGraph) -> None:
    first = push(neo4j_graph, driver, progress=False)
    before = dump(driver)
    second = push(neo4j_graph, driver, progress=False)
    assert dump(driver) == before
    assert first.push_id == second.push_id
    assert (len(before[0]), len(before[1])) == (19, 21)  # 17 entities + 2 sources; 21 relations
    assert (second.deleted_nodes, second.deleted_relations, second.kept_nodes) == (0, 0, 0)
    [[props]] = driver.execute_query(
        "MATCH (c:Company {id: 'company:epsilon-substrate'}) RETURN properties(c) AS p").records
    assert props["listings"] == ["SSE:688111", "HKEX:08888"]
    assert props["computechain"] is True and "note" not in props  # None is not stored


def test_changed_graph_updates_and_removes_only_what_computechain_wrote(
        driver: Driver, neo4j_graph: nx.MultiDiGraph) -> None:
    push(neo4j_graph, driver, progress=False)
    driver.execute_query(
        "MATCH (g:Company {id: 'company:gamma-gpu'}), (d:Company {id: 'company:delta-optics'}) "
        "CREATE (f:Company {id: 'company:foreign', name: 'Not ours'})-[:LIKES {since: 2020}]->(g), "
        "(f)-[:WATCHES]->(d), (:Note {text: 'analyst note'})")
    changed = neo4j_graph.copy()
    changed.remove_edge("company:epsilon-substrate", "company:gamma-gpu",
                        "supplies:company:epsilon-substrate->company:gamma-gpu#segment:hbm")
    changed.nodes["company:gamma-gpu"]["name"] = "Gamma GPU Inc."
    changed.remove_node("company:delta-optics")  # a foreign relationship still uses it: kept
    changed.remove_node("segment:substrates")
    changed.remove_node("company:epsilon-substrate")  # nothing foreign: deleted

    report = push(changed, driver, progress=False)

    assert report.deleted_relations == 6  # the removed edge, 3 of delta-optics, 2 more of epsilon-substrate
    assert (report.deleted_nodes, report.kept_nodes) == (2, 1)
    records = driver.execute_query(
        "MATCH (n) WHERE n.computechain IS NULL RETURN labels(n) AS labels ORDER BY labels[0]").records
    assert [r["labels"] for r in records] == [["Company"], ["Note"]]
    likes = driver.execute_query("MATCH (:Company {id: 'company:foreign'})-[r]->(x) "
                                 "RETURN type(r) AS t, x.id AS x, r.since AS since ORDER BY t").records
    assert [tuple(r.values()) for r in likes] == [("LIKES", "company:gamma-gpu", 2020),
                                                  ("WATCHES", "company:delta-optics", None)]
    [[name]] = driver.execute_query("MATCH (c:Company {id: 'company:gamma-gpu'}) RETURN c.name").records
    assert name == "Gamma GPU Inc."
    ours = driver.execute_query("MATCH ()-[r]->() WHERE r.computechain RETURN count(r) AS n").records
    assert ours[0]["n"] == changed.number_of_edges() == 15


def test_a_push_onto_relationships_already_there_merges_them(driver: Driver, neo4j_graph: nx.MultiDiGraph) -> None:
    # into an empty database every relationship type is new and is CREATEd; a push that finds a type
    # already there (an earlier partial push, or anyone's relationship of that type) MERGEs it
    push(neo4j_graph, driver, progress=False)
    clean = dump(driver)
    wipe(driver)
    part = neo4j_graph.copy()
    part.remove_edges_from(list(part.edges(keys=True))[::2])
    push(part, driver, progress=False)
    driver.execute_query("CREATE (:Mine {id: 'mine-1'})-[:SUPPLIES {since: 2020}]->(:Mine {id: 'mine-2'})")
    push(neo4j_graph, driver, progress=False)
    nodes, relations = dump(driver)
    mine = ("SUPPLIES", "mine-1", "mine-2", [("since", 2020)])
    assert mine in relations
    assert [r for r in relations if r != mine] == clean[1]  # nothing lost, nothing duplicated
    assert [n for n in nodes if n[0] != ["Mine"]] == clean[0]


def _grown(G: nx.MultiDiGraph, companies: int, relations: int) -> nx.MultiDiGraph:
    """``G`` plus fictional companies and supply relations, enough for a push to take seconds."""
    big = G.copy()
    for i in range(companies):
        big.add_node(f"company:bulk-{i}", type="company", name=f"Bulk {i}", country="CN", roles=["pcb"],
                     listings=[], aliases=[], sources=["source:widget-news"])
    for i in range(relations):
        u, v = f"company:bulk-{i % companies}", f"company:bulk-{(i * 7 + 1) % companies}"
        big.add_edge(u, v, key=f"supplies:{u}->{v}#segment:s{i}", kind="supplies", product="segment:substrates",
                     as_of="2024-12-31", sources=["source:widget-news"], dataset="seed")
    return big


@pytest.mark.slow
def test_push_killed_midway_then_pushed_again_equals_a_clean_push(
        driver: Driver, neo4j_uri: str, neo4j_graph: nx.MultiDiGraph) -> None:
    big = _grown(neo4j_graph, 2_000, 40_000)
    failure: list[BaseException] = []

    def doomed_push() -> None:
        with GraphDatabase.driver(neo4j_uri, auth=None, max_transaction_retry_time=1.0) as doomed:
            try:
                push(big, doomed, batch_size=500, progress=False)
            except Exception as exc:  # the server dies under it
                failure.append(exc)

    worker = threading.Thread(target=doomed_push)
    worker.start()
    deadline = time.monotonic() + 120
    while driver.execute_query("MATCH ()-[r:SUPPLIES]->() RETURN count(r) AS n").records[0]["n"] < 5_000:
        assert time.monotonic() < deadline, "the push wrote nothing within 120 s"
        time.sleep(0.05)
    killed = server("kill")
    worker.join()
    assert killed.returncode == 0, killed.stderr
    assert failure, "the push finished before the server was killed"
    assert isinstance(failure[0], Neo4jUnavailableError), repr(failure[0])  # not a driver traceback
    assert "the Neo4j server went away during the push" in str(failure[0])
    assert "Push again once the server is back" in str(failure[0])
    assert server("start").returncode == 0

    driver.verify_connectivity()
    push(big, driver, progress=False)
    after_crash = dump(driver)
    wipe(driver)
    push(big, driver, progress=False)
    assert after_crash == dump(driver)
    assert len(after_crash[1]) == big.number_of_edges() == 40_021


def test_batch_size_must_be_positive(driver: Driver, neo4j_graph: nx.MultiDiGraph) -> None:
    with pytest.raises(ExportError, match="batch_size must be at least 1, got 0"):
        push(neo4j_graph, driver, batch_size=0)
