"""``computechain value-added``, ``audit`` and ``sankey``: the answers in US dollars."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from computechain.cli import GraphInput, graph_options, main
from computechain.cli.analysis import as_of_option
from computechain.cli.output import Format, emit, format_option
from computechain.exports.sankey import MAX_LINKS, sankey_figure, write_sankey
from computechain.queries.money import audit as audit_query
from computechain.queries.money import money_flows
from computechain.queries.money import value_added as value_added_query

amount_option = click.option(
    "--amount", type=click.FloatRange(min=0, min_open=True), default=None, metavar="USD",
    help="Trace this many USD from SOURCE (default: the latest reported capex of SOURCE or its company).")


@main.command("value-added")
@click.argument("source")
@amount_option
@click.option("--top", type=click.IntRange(min=0), default=30, show_default=True,
              help="Show this many rows (0 for all).")
@as_of_option
@graph_options
@format_option
def value_added(source: str, amount: float | None, top: int, as_of: date | None, graph: GraphInput,
                fmt: Format) -> None:
    """Where SOURCE's money ends up: each node's value added (what it receives less what it buys
    inside the graph), in USD; the parts sum to the amount."""
    frame = value_added_query(graph.load(), source=source, amount=amount, as_of=as_of)
    emit(frame.head(top) if top else frame, fmt, title=f"value added of {source}'s demand (USD)")


@main.command()
@click.option("--check", "checks", multiple=True, metavar="NAME", help="Show only these checks (repeatable).")
@as_of_option
@graph_options
@format_option
def audit(checks: tuple[str, ...], as_of: date | None, graph: GraphInput, fmt: Format) -> None:
    """What does not add up in the money view (inflows above revenue, demand above a market's size,
    spend above budget), listed companies without financials, and each segment's coverage."""
    frame = audit_query(graph.load(), as_of=as_of)
    if checks:
        frame = frame[frame["check"].isin(checks)]
    if fmt == "table":
        emit(frame.groupby("check", as_index=False).size().rename(columns={"size": "rows"}), fmt, title="audit",
             main=False)
    emit(frame, fmt, title="audit: every finding")


@main.command()
@click.argument("source")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The HTML file to write.")
@amount_option
@click.option("--top", type=click.IntRange(min=1), default=MAX_LINKS, show_default=True,
              help="Draw this many of the largest flows.")
@as_of_option
@graph_options
def sankey(source: str, out: Path, amount: float | None, top: int, as_of: date | None, graph: GraphInput) -> None:
    """Write a Sankey diagram of SOURCE's money trace (plan -> segments -> suppliers) as an offline HTML page."""
    G = graph.load()
    flows = money_flows(G, source=source, amount=amount, as_of=as_of)
    figure = sankey_figure(G, flows, title=f"Where {source}'s money goes (USD)", top=top)
    write_sankey(out, figure)
    click.echo(f"Wrote {out}: {len(figure['data'][0]['link']['value'])} links, "
               f"{len(figure['data'][0]['node']['label'])} nodes.")
