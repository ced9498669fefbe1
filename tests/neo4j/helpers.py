"""Helpers of the Neo4j tests: drive the test instance of the dev server, empty and dump its database."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

from neo4j import Driver

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "neo4j-dev-server"
PORT = os.environ.get("COMPUTECHAIN_TEST_NEO4J_PORT", "7697")
# The mini seed plus two Chinese listed companies, a supply cycle, an expired relation and market shares.
NEO4J_SEED = Path(__file__).parent.parent / "fixtures" / "neo4j_seed"


def server(command: str) -> subprocess.CompletedProcess[str]:
    """Run ``scripts/neo4j-dev-server COMMAND`` for the test instance (``.neo4j/test``)."""
    env = {**os.environ, "NEO4J_DEV_PORT": PORT, "NEO4J_DEV_DIR": ".neo4j/test"}
    return subprocess.run([str(SCRIPT), command], env=env, capture_output=True, text=True, timeout=300, check=False)


def wipe(driver: Driver) -> None:
    driver.execute_query("MATCH (n) DETACH DELETE n")


def dump(driver: Driver) -> tuple[list[Any], list[Any]]:
    """Every node (labels, properties) and relationship (type, endpoints, properties), sorted."""
    nodes = driver.execute_query("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props").records
    rels = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS a, b.id AS b, properties(r) AS props").records
    return (sorted((r["labels"], sorted(r["props"].items())) for r in nodes),
            sorted((r["type"], r["a"], r["b"], sorted(r["props"].items())) for r in rels))
