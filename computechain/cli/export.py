"""``computechain export FORMAT --out PATH``, for every format the same view options."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import networkx as nx

from computechain.cli import GraphInput, graph_options, main
from computechain.exports import formats, tables
from computechain.exports.files import STDOUT
from computechain.exports.html import COLOUR_BY, SIZE_METRICS, write_html
from computechain.exports.node_link import write_json
from computechain.exports.picture import font_note, write_picture
from computechain.exports.selection import Selection, select


def selection_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Give a command ``--focus/--depth/--trace/--segment/--listed`` and pass it ``selection: Selection``."""

    @click.option("--focus", metavar="NAME", help="Only NAME and the nodes within --depth relations of it.")
    @click.option("--depth", type=click.IntRange(min=0), default=None,
                  help="Relations out from --focus NAME (default 1).")
    @click.option("--trace", metavar="SOURCE", help="The demand paths from a lab or capex SOURCE to its suppliers.")
    @click.option("--segment", metavar="S", help="A segment with its participants and suppliers.")
    @click.option("--listed", metavar="EXCHANGES", default="",
                  help="Companies listed on these exchanges (comma-separated, e.g. SSE,SZSE) and their segments.")
    @functools.wraps(command)
    def wrapper(*args: Any, focus: str | None, depth: int | None, trace: str | None, segment: str | None,
                listed: str, **kwargs: Any) -> Any:
        exchanges = tuple(e.strip() for e in listed.split(",") if e.strip())
        return command(*args, selection=Selection(focus, depth, trace, segment, exchanges), **kwargs)

    return wrapper


def _chosen(graph: GraphInput, selection: Selection) -> nx.MultiDiGraph:
    return select(graph.load(), selection)


def _title(selection: Selection) -> str:
    return f"computechain — {selection.describe()}"


def _done(out: Path, G: nx.MultiDiGraph) -> None:
    # with --out - the export is on stdout, so the note goes to stderr
    click.echo(f"Wrote {'standard output' if out == STDOUT else out}: {G.number_of_nodes()} nodes, "
               f"{G.number_of_edges()} edges.", err=out == STDOUT)


def out_option(folder: bool = False) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--out PATH``: a file (``-`` for standard output) or, with ``folder``, a folder."""
    if folder:
        return click.option("--out", "out", required=True, help="Folder to write the files into (swapped in whole).",
                            type=click.Path(file_okay=False, path_type=Path))
    return click.option("--out", "out", required=True, help="File to write (- for standard output).",
                        type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))


@main.group()
def export() -> None:
    """Write the graph, or a view of it, to a file."""


def _file_command(name: str, write: Callable[[nx.MultiDiGraph, Path], object], help_text: str,
                  folder: bool = False) -> None:
    """Register ``export NAME --out PATH`` with the view options; ``write(G, out)`` does the work."""

    @export.command(name, help=help_text)
    @out_option(folder)
    @graph_options
    @selection_options
    def command(out: Path, graph: GraphInput, selection: Selection) -> None:
        G = _chosen(graph, selection)
        write(G, out)
        _done(out, G)


_file_command("json", write_json, "Networkx node-link JSON with a top-level sources table.")
_file_command("graphml", formats.write_graphml,
              "GraphML (Gephi, yEd, igraph); list attributes as JSON text, relation ids as edge ids.")
_file_command("gexf", formats.write_gexf, "GEXF 1.2 (Gephi); list attributes as JSON text, no sources table.")
_file_command("cytoscape", formats.write_cytoscape, "Cytoscape.js elements JSON.")
_file_command("csv", tables.write_csv, "nodes.csv, edges.csv and sources.csv for spreadsheets.", folder=True)
_file_command("neo4j-csv", tables.write_neo4j_csv,
              "nodes.csv and relationships.csv with neo4j-admin import headers.", folder=True)


@export.command("html")
@out_option()
@click.option("--title", default=None, help="Page title (default: names the view).")
@click.option("--colour-by", type=click.Choice(COLOUR_BY), default="type", show_default=True,
              help="Colour nodes by their type or by their segment.")
@click.option("--size-by", type=click.Choice(sorted(SIZE_METRICS)), default="degree", show_default=True,
              help="Size nodes by this metric.")
@graph_options
@selection_options
def export_html(out: Path, title: str | None, colour_by: str, size_by: str, graph: GraphInput,
                selection: Selection) -> None:
    """An interactive, self-contained HTML page (opens offline)."""
    G = _chosen(graph, selection)
    write_html(G, out, title=title or _title(selection), colour_by=colour_by, size_by=size_by)
    _done(out, G)


def _picture_command(fmt: str) -> None:
    @export.command(fmt, help=f"A static {fmt.upper()} picture of a small view (at most a few hundred nodes).")
    @out_option()
    @click.option("--title", default=None, help="Picture title (default: names the view).")
    @graph_options
    @selection_options
    def command(out: Path, title: str | None, graph: GraphInput, selection: Selection) -> None:
        G = _chosen(graph, selection)
        write_picture(G, out, fmt=fmt, title=title or _title(selection))
        _done(out, G)
        note = font_note()
        if note:
            click.echo(f"Note: {note}.", err=True)


for _fmt in ("png", "svg"):
    _picture_command(_fmt)
