"""``computechain conflicts`` and ``computechain merge-report``: how external sources fit the seed."""

from __future__ import annotations

import click

from computechain.cli import GraphInput, graph_options, main
from computechain.cli.output import Format, emit, format_option
from computechain.cli.params import FiniteFloat
from computechain.queries.conflicts import conflicts as find_conflicts


@main.command()
@click.option("--tolerance", default=0.0, show_default=True, type=FiniteFloat(min=0.0),
              help="Ignore differences up to this (weights are fractions: 0.02 is 2 points).")
@graph_options
@format_option
def conflicts(tolerance: float, graph: GraphInput, fmt: Format) -> None:
    """List where two datasets give the same weight of the same relation (kind, source,
    target, product) for overlapping periods, with different values."""
    emit(find_conflicts(graph.load(), tolerance=tolerance), fmt)


@main.command("merge-report")
@click.option("--outcome", type=click.Choice(["merged", "added", "ambiguous"]), multiple=True,
              help="Only entities with this outcome (repeatable).")
@graph_options
@format_option
def merge_report(outcome: tuple[str, ...], graph: GraphInput, fmt: Format) -> None:
    """List what became of each entity of the --with sources: merged into a seed entity (by
    ticker or name), added, or ambiguous (kept apart, linked by possibly_same_as)."""
    from computechain.loaders import load_with_report
    from computechain.loaders.fold import merge_report as report_frame

    _, records = load_with_report(graph.seed_dir, with_sources=graph.extras, lookups=graph.lookups)
    frame = report_frame(records)
    emit(frame[frame["outcome"].isin(outcome)] if outcome else frame, fmt)
