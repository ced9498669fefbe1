"""``computechain export FORMAT --out PATH``."""

from __future__ import annotations

from pathlib import Path

import click

from computechain.cli import load, main, seed_option
from computechain.exports.node_link import write_json


@main.group()
def export() -> None:
    """Write the graph to a file."""


@export.command("json")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="File to write.")
@seed_option
def export_json(out: Path, seed_dir: Path | None) -> None:
    """Networkx node-link JSON with a top-level sources table."""
    G = load(seed_dir)
    write_json(G, out)
    click.echo(f"Wrote {out}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges.")
