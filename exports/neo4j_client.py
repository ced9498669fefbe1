"""Connect to Neo4j and run read-only Cypher: what ``computechain cypher`` and ``neo4j push`` share.

A query is judged by the server's own plan: ``EXPLAIN`` compiles it without running it.
Its query type must be ``r`` (``w`` writes, ``rw`` reads and writes, ``s`` changes the schema),
and the plan's operators (:func:`refusal`) must not

- read a file or URL (``LoadCSV``: the *server* would read ``file:///etc/passwd`` or send a request),
- administer the server (``Show...``, ``Terminate...`` such as ``TERMINATE TRANSACTIONS``, which
  Neo4j plans as type ``r``; ``AdministrationCommand``),
- call a procedure outside :data:`READ_PROCEDURES` (``db.stats.collect`` is type ``r`` too).

The query then runs in a read transaction (the server refuses writes in it) with a time limit.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pandas as pd
from neo4j import Driver, GraphDatabase, Query, RoutingControl
from neo4j.exceptions import AuthError, ClientError, ServiceUnavailable

from computechain.errors import Neo4jUnavailableError, QueryError, QueryTimeoutError, WriteQueryRefusedError

DEFAULT_URI = "bolt://127.0.0.1:7687"
DEFAULT_TIMEOUT = 60  # seconds a user query may run
QUERY_TYPES = {"r": "read only", "w": "write only", "rw": "read and write", "s": "schema write"}
# Procedures that only describe the graph's shape; every other procedure call is refused.
READ_PROCEDURES = frozenset({"db.labels", "db.relationshipTypes", "db.propertyKeys", "db.schema.visualization",
                             "db.schema.nodeTypeProperties", "db.schema.relTypeProperties"})
_ADMIN_PREFIXES = ("Show", "Terminate", "AdministrationCommand", "SystemProcedureCall")
_TIMED_OUT = "Neo.ClientError.Transaction.TransactionTimedOut"


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


def _operators(plan: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(operator, details) of every step of an EXPLAIN plan; operators without their ``@database``."""
    yield str(plan.get("operatorType", "")).split("@")[0], str(plan.get("args", {}).get("Details", ""))
    for child in plan.get("children", []):
        yield from _operators(child)


def refusal(plan: Mapping[str, Any]) -> str | None:
    """Why a query with this EXPLAIN ``plan`` may not run (see the module docstring), or None.

    >>> refusal({"operatorType": "ProduceResults@neo4j", "children": [{"operatorType": "LoadCSV@neo4j"}]})
    'it reads a file or URL (LOAD CSV)'
    >>> refusal({"operatorType": "ProcedureCall@neo4j", "args": {"Details": "db.labels() :: (label :: STRING)"}})
    """
    for operator, details in _operators(plan):
        if operator == "LoadCSV":
            return "it reads a file or URL (LOAD CSV)"
        if operator.startswith(_ADMIN_PREFIXES):
            return f"it is an administration command ({operator})"
        if operator == "ProcedureCall" and (name := details.split("(")[0].strip()) not in READ_PROCEDURES:
            return f"it calls the procedure {name}, which is not one of {', '.join(sorted(READ_PROCEDURES))}"
    return None


def check_query(driver: Driver, query: str, params: Mapping[str, Any], database: str | None = None) -> None:
    """Raise WriteQueryRefusedError unless the server's plan of ``query`` only reads the graph."""
    try:
        summary = driver.execute_query(f"EXPLAIN {query}", dict(params), database_=database,
                                       routing_=RoutingControl.READ).summary
    except ClientError as exc:
        raise QueryError(f"Neo4j cannot compile the query: {exc.message}") from exc
    except ServiceUnavailable as exc:
        raise Neo4jUnavailableError(f"lost the connection to Neo4j before the query ran: {exc}") from exc
    kind = str(summary.query_type)
    if kind != "r":
        raise WriteQueryRefusedError(
            f"refused: Neo4j's plan says this query is {QUERY_TYPES.get(kind, kind)} (query type {kind!r}); "
            "`computechain cypher` runs only read-only queries (type 'r'). Write the graph with "
            "`computechain neo4j push`."
        )
    why = refusal(summary.plan or {})
    if why:
        raise WriteQueryRefusedError(f"refused: {why}; `computechain cypher` runs only queries that read the graph.")


def run_read_only(driver: Driver, query: str, params: Mapping[str, Any], database: str | None = None, *,
                  timeout: float = DEFAULT_TIMEOUT) -> pd.DataFrame:
    """Run ``query`` if its plan only reads the graph (:func:`check_query`), in a read transaction
    stopped after ``timeout`` seconds; its records as a DataFrame.

    Raises WriteQueryRefusedError for a refused query, QueryError when Neo4j rejects it,
    QueryTimeoutError when it runs too long.
    """
    check_query(driver, query, params, database)
    try:
        result = driver.execute_query(Query(query, timeout=timeout), dict(params),
                                      database_=database, routing_=RoutingControl.READ)
    except ClientError as exc:
        if (exc.code or "").startswith(_TIMED_OUT):
            raise QueryTimeoutError(f"the query ran past its time limit of {timeout:g} s and was stopped; "
                                    "narrow it (a LIMIT, fewer tiers) or raise --timeout") from exc
        raise QueryError(f"Neo4j rejected the query: {exc.message}") from exc
    except ServiceUnavailable as exc:
        raise Neo4jUnavailableError(f"lost the connection to Neo4j while the query ran: {exc}") from exc
    return pd.DataFrame([record.data() for record in result.records], columns=list(result.keys))
