"""``computechain export FORMAT --out PATH``."""

from __future__ import annotations

from pathlib import Path

import click

from computechain.cli import GraphInput, graph_options, main
from computechain.exports.node_link import write_json


@main.group()
def export() -> None:
    """Write the graph to a file."""


@export.command("json")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="File to write.")
@graph_options
def export_json(out: Path, graph: GraphInput) -> None:
    """Networkx node-link JSON with a top-level sources table."""
    G = graph.load()
    write_json(G, out)
    click.echo(f"Wrote {out}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges.")
