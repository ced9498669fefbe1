"""Connect to Neo4j and run read-only Cypher: what ``computechain cypher`` and ``neo4j push`` share.

A query is judged read-only by the server's own plan: ``EXPLAIN`` compiles it without running
it, and the result summary's query type is ``r`` only when nothing can be written (``w``
writes, ``rw`` reads and writes, ``s`` changes the schema). A read transaction is no such
guarantee, so the plan is checked first and the query then runs in a read transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
from neo4j import Driver, GraphDatabase, RoutingControl
from neo4j.exceptions import AuthError, ClientError, ServiceUnavailable

from computechain.errors import Neo4jUnavailableError, WriteQueryRefusedError
from computechain.queries.view import QueryError

DEFAULT_URI = "bolt://127.0.0.1:7687"
QUERY_TYPES = {"r": "read only", "w": "write only", "rw": "read and write", "s": "schema write"}


def connect(uri: str = DEFAULT_URI, user: str = "neo4j", password: str | None = None) -> Driver:
    """A checked driver for ``uri``; no authentication when ``password`` is None (the dev server)."""
    auth = (user, password) if password is not None else None
    driver = GraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF")
    try:
        driver.verify_connectivity()
    except (ServiceUnavailable, AuthError, ValueError) as exc:
        driver.close()
        raise Neo4jUnavailableError(
            f"cannot use Neo4j at {uri}: {exc}. Start the dev server with `scripts/neo4j-dev-server start`, "
            "or pass --uri and --user and set NEO4J_PASSWORD for your own server."
        ) from exc
    return driver


def query_type(driver: Driver, query: str, params: Mapping[str, Any], database: str | None = None) -> str:
    """The server's query type of ``query`` (``r``, ``w``, ``rw`` or ``s``), from ``EXPLAIN``."""
    try:
        summary = driver.execute_query(f"EXPLAIN {query}", dict(params), database_=database,
                                       routing_=RoutingControl.READ).summary
    except ClientError as exc:
        raise QueryError(f"Neo4j cannot compile the query: {exc.message}") from exc
    return str(summary.query_type)


def run_read_only(driver: Driver, query: str, params: Mapping[str, Any], database: str | None = None) -> pd.DataFrame:
    """Run ``query`` if the server's plan says it only reads; its records as a DataFrame.

    Raises WriteQueryRefusedError for a query that may write, QueryError when Neo4j rejects it.
    """
    kind = query_type(driver, query, params, database)
    if kind != "r":
        raise WriteQueryRefusedError(
            f"refused: Neo4j's plan says this query is {QUERY_TYPES.get(kind, kind)} (query type {kind!r}); "
            "`computechain cypher` runs only read-only queries (type 'r'). Write the graph with "
            "`computechain neo4j push`."
        )
    try:
        result = driver.execute_query(query, dict(params), database_=database, routing_=RoutingControl.READ)
    except ClientError as exc:
        raise QueryError(f"Neo4j rejected the query: {exc.message}") from exc
    return pd.DataFrame([record.data() for record in result.records], columns=list(result.keys))
