"""``computechain build`` and ``computechain validate``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from computechain.cli import GraphInput, graph_options, main, seed_option
from computechain.cli.output import Format, emit, format_option
from computechain.errors import DataValidationError, Problem
from computechain.queries.summary import SummaryBy, summary

SUMMARIES: tuple[SummaryBy, ...] = ("type", "kind", "segment", "country", "exchange")


@main.command()
@graph_options
@format_option
def build(graph: GraphInput, fmt: Format) -> None:
    """Load and validate the seed, build the graph and print counts by node type, relation
    kind, segment, country and exchange."""
    G = graph.load()
    if fmt == "table":
        click.echo(f"Built graph: {G.number_of_nodes()} nodes, {G.number_of_edges()} relations, "
                   f"{len(G.graph['sources'])} sources.")
        for by in SUMMARIES:
            emit(summary(G, by=by), fmt, title=f"by {by}", main=False)
        return
    import pandas as pd

    frames = [summary(G, by=by).rename(columns={by: "group"}).assign(by=by) for by in SUMMARIES]
    emit(pd.concat(frames, ignore_index=True)[["by", "group", "count"]], fmt)


@main.command()
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@seed_option
def validate(paths: tuple[Path, ...], seed_dir: Path | None) -> None:
    """Check data files or seed folders; print every problem as file:line: field: message.

    A folder is checked as a whole seed. A file is checked together with the seed
    (--seed, default the shipped one), as part of the table named by its folder
    (companies/, relations/, ...), so its references resolve.
    """
    from computechain.loaders import default_seed_dir, load_dataset

    folders = [p for p in paths if p.is_dir()]
    files = [p for p in paths if p.is_file()]
    problems = [problem for folder in folders for problem in _problems(load_dataset, folder)]
    if files:
        problems += _problems(load_dataset, seed_dir or default_seed_dir(), files)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        click.echo(f"{len(problems)} problem(s) found.", err=True)
        raise click.exceptions.Exit(1)
    click.echo(f"OK: {', '.join(str(p) for p in paths)}")


def _problems(run: Callable[..., object], *args: object) -> list[Problem]:
    try:
        run(*args)
    except DataValidationError as exc:
        return exc.problems
    return []
