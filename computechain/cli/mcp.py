"""``computechain mcp``: serve the public queries to an AI assistant over stdio (Model Context Protocol)."""

from __future__ import annotations

import click

from computechain.cli import GraphInput, graph_options, main


@main.command()
@graph_options
def mcp(graph: GraphInput) -> None:
    """Serve the graph's queries as a Model Context Protocol server on stdin/stdout: one read-only tool per
    public query (find_entity, show_entity, suppliers, customers, trace, exposure, exposure_ranking,
    chokepoints, shock, supply_losses, policy_impact) and the methodology and schema as resources.
    The graph is loaded once, before the server starts; register the command with your assistant."""
    from computechain.mcp.server import build_server

    G = graph.load()
    click.echo(f"computechain mcp: serving {G.number_of_nodes()} nodes and {G.number_of_edges()} relations on stdio",
               err=True)
    build_server(G).run("stdio")
