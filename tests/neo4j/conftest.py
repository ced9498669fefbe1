"""A real Neo4j for the tests: the dev server (scripts/neo4j-dev-server) on its own port and folder.

The session fixture starts the server unless it already runs, and stops it at the end if it
started it. Without a server the tests fail when ``CI=true`` and skip (saying why) elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx
import pytest
from neo4j import Driver

from computechain.exports.neo4j_client import connect
from computechain.loaders import load_graph
from tests.conftest import missing
from tests.neo4j.helpers import NEO4J_SEED, PORT, server, wipe


@pytest.fixture(scope="session")
def neo4j_uri() -> Iterator[str]:
    running = server("status").returncode == 0
    if not running:
        started = server("start")
        if started.returncode != 0:
            missing(f"the Neo4j dev server did not start:\n{started.stderr[-3000:]}\n"
                    "(run scripts/neo4j-dev-server install; needs Java 17 and Maven)")
    yield f"bolt://127.0.0.1:{PORT}"
    if not running:
        server("stop")


@pytest.fixture
def driver(neo4j_uri: str) -> Iterator[Driver]:
    """A driver on an emptied database."""
    with connect(neo4j_uri) as d:
        wipe(d)
        yield d


@pytest.fixture(scope="session")
def neo4j_graph() -> nx.MultiDiGraph:
    return load_graph(NEO4J_SEED)
