"""``computechain neo4j push`` and ``computechain cypher``: the graph in a Neo4j database.

The password comes from the ``NEO4J_PASSWORD`` environment variable, never from the command
line; without it the driver connects without authentication (as to the dev server).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Any

import click

from computechain.cli import GraphInput, graph_options, main
from computechain.cli.output import Format, emit, format_option
from computechain.errors import QueryError
from computechain.exports.neo4j_client import DEFAULT_TIMEOUT, DEFAULT_URI, connect, run_read_only
from computechain.exports.neo4j_push import DEFAULT_BATCH_SIZE, push
from computechain.queries.cypher import load_query, parse_value


def connection_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--uri``, ``--user`` and ``--database``; the command receives ``connection`` (uri, user, database)."""

    @click.option("--uri", default=DEFAULT_URI, show_default=True, envvar="NEO4J_URI",
                  help="Bolt URI of the Neo4j server (env NEO4J_URI).")
    @click.option("--user", default="neo4j", show_default=True, envvar="NEO4J_USER",
                  help="User name; the password is read from env NEO4J_PASSWORD.")
    @click.option("--database", default=None, help="Database name (default: the server's default database).")
    @functools.wraps(command)
    def wrapper(*args: Any, uri: str, user: str, database: str | None, **kwargs: Any) -> Any:
        return command(*args, connection=(uri, user, database), **kwargs)

    return wrapper


@main.group("neo4j")
def neo4j_group() -> None:
    """Sync the graph to a Neo4j database."""


@neo4j_group.command("push")
@click.option("--batch-size", default=DEFAULT_BATCH_SIZE, show_default=True, type=click.IntRange(min=1),
              help="Rows per UNWIND transaction.")
@click.option("--progress/--no-progress", default=True, help="Show a progress bar on stderr.")
@connection_options
@graph_options
def neo4j_push(batch_size: int, progress: bool, connection: tuple[str, str, str | None], graph: GraphInput) -> None:
    """Write the graph to Neo4j: constraints, then batched MERGE; idempotent. Removes only what an
    earlier push wrote (marked `computechain = true`) and the graph no longer has."""
    uri, user, database = connection
    G = graph.load()
    with connect(uri, user, os.environ.get("NEO4J_PASSWORD")) as driver:
        report = push(G, driver, database=database, batch_size=batch_size, progress=progress,
                      on_wait=lambda: click.echo("Another push is writing to this database; waiting for it to "
                                                 "finish.", err=True))
    nodes, relations = sum(report.nodes.values()), sum(report.relations.values())
    click.echo(f"Pushed {nodes} nodes and {relations} relationships to {uri} in {report.seconds:.1f} s "
               f"(push {report.push_id}); removed {report.deleted_relations} relationships and "
               f"{report.deleted_nodes} nodes the graph no longer has.")
    if report.kept_nodes:
        click.echo(f"Kept {report.kept_nodes} stale nodes that relationships computechain did not write still use.")


def _params(pairs: tuple[str, ...]) -> dict[str, Any]:
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise QueryError(f"--param {pair!r}: expected NAME=VALUE, e.g. --param tiers=2")
        params[key] = parse_value(value)
    return params


@main.command("cypher")
@click.argument("query", required=False)
@click.option("--name", "name", default=None, help="Run the library query NAME (queries/cypher/NAME.cypher).")
@click.option("--param", "pairs", multiple=True, metavar="NAME=VALUE",
              help="Query parameter (repeatable); VALUE is JSON when it parses (2, true, [\"SSE\"]), else text.")
@click.option("--timeout", default=DEFAULT_TIMEOUT, show_default=True, type=click.IntRange(min=1),
              help="Seconds the query may run before the server stops it.")
@connection_options
@format_option
def cypher(query: str | None, name: str | None, pairs: tuple[str, ...], timeout: int,
           connection: tuple[str, str, str | None], fmt: Format) -> None:
    """Run a read-only Cypher QUERY, or a library query by --name, against Neo4j, in a read
    transaction with a time limit. A query whose plan (EXPLAIN) may write, reads a file or URL
    (LOAD CSV), administers the server (SHOW/TERMINATE TRANSACTIONS ...) or calls a procedure
    other than db.labels, db.relationshipTypes, db.propertyKeys and db.schema.* is refused."""
    params = _params(pairs)
    if name is not None and query is None:
        library_query = load_query(name)
        text, params = library_query.text, library_query.bind(params)
    elif query is not None and name is None:
        text = query
    else:
        raise QueryError("give either a QUERY or --name NAME, not both and not neither")
    uri, user, database = connection
    with connect(uri, user, os.environ.get("NEO4J_PASSWORD")) as driver:
        emit(run_read_only(driver, text, params, database, timeout=timeout), fmt)
