"""``computechain neo4j push`` and ``computechain cypher`` driven through the CLI on a real server."""

from __future__ import annotations

import json

from click.testing import CliRunner
from neo4j import Driver

from computechain.cli import main
from tests.neo4j.helpers import NEO4J_SEED


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_push_then_a_library_query_and_a_user_query(driver: Driver, neo4j_uri: str) -> None:
    code, out = run("neo4j", "push", "--uri", neo4j_uri, "--no-progress", "--seed", str(NEO4J_SEED))
    assert code == 0, out
    assert out.startswith("Pushed 19 nodes and 21 relationships to bolt://127.0.0.1:")
    code, out = run("cypher", "--uri", neo4j_uri, "--name", "tier_suppliers", "--param", "entity=company:nimbus-cloud",
                    "--param", "tiers=2", "--format", "json")
    assert code == 0, out
    assert [(r["tier"], r["supplier"]) for r in json.loads(out)] == [
        (1, "company:delta-optics"), (1, "company:gamma-gpu"), (2, "company:acme-foundry"),
        (2, "company:beta-memory"), (2, "company:epsilon-substrate")]
    code, out = run("cypher", "--uri", neo4j_uri, "MATCH (c:Company) WHERE c.country = $country "
                    "RETURN c.id AS id ORDER BY id", "--param", "country=CN", "--format", "csv")
    assert (code, out) == (0, "id\ncompany:delta-optics\ncompany:epsilon-substrate\ncompany:widget-labs\n")


def test_write_queries_are_refused_by_the_servers_plan(driver: Driver, neo4j_uri: str) -> None:
    driver.execute_query("CREATE (:Keep {x: 1})")
    for query, kind in (("MATCH (n) DETACH DELETE n", "write only (query type 'w')"),
                        ("MATCH (n:Keep) SET n.x = 2 RETURN n.x", "read and write (query type 'rw')"),
                        ("CREATE INDEX keep_x FOR (n:Keep) ON (n.x)", "schema write (query type 's')"),
                        ("CALL db.createLabel('Sneaky')", "write only (query type 'w')")):
        code, out = run("cypher", "--uri", neo4j_uri, query)
        assert code == 2 and f"refused: Neo4j's plan says this query is {kind}" in out, out
    assert driver.execute_query("MATCH (n:Keep) RETURN n.x AS x").records[0]["x"] == 1


def test_cypher_usage_errors(neo4j_uri: str) -> None:
    code, out = run("cypher", "--uri", neo4j_uri)
    assert code == 2 and "give either a QUERY or --name NAME, not both and not neither" in out
    code, out = run("cypher", "--uri", neo4j_uri, "RETURN 1", "--param", "tiers")
    assert code == 2 and "--param 'tiers': expected NAME=VALUE" in out
    code, out = run("cypher", "--uri", neo4j_uri, "--name", "tier_suppliers")
    assert code == 2 and "query 'tier_suppliers' needs parameter 'entity'" in out
    code, out = run("cypher", "--uri", neo4j_uri, "MATCH (n RETURN n")
    assert code == 2 and "Neo4j cannot compile the query" in out


def test_no_server_says_how_to_get_one() -> None:
    code, out = run("cypher", "--uri", "bolt://127.0.0.1:9", "RETURN 1")
    assert code == 1 and "Usage:" not in out and "cannot use Neo4j at bolt://127.0.0.1:9" in out and "scripts/neo4j-dev-server start" in out
