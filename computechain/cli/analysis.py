"""``computechain trace``, ``exposure`` and ``chokepoints``: the analytical queries."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import click
import pandas as pd

from computechain.cli import GraphInput, graph_options, main
from computechain.cli.output import Format, emit, format_option
from computechain.queries.chokepoints import chokepoints as chokepoints_query
from computechain.queries.explain import explain
from computechain.queries.exposure import DEMAND_GROUPS, DemandGroup, exposure as exposure_query, exposure_ranking
from computechain.queries.trace import trace as trace_query
from computechain.queries.view import FILL_RULES, FillRule


def model_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--as-of DATE`` and ``--fill RULE`` for every query that uses the compiled view."""

    @click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None,
                  help="Use only relations valid on this date (YYYY-MM-DD).")
    @click.option("--fill", type=click.Choice(FILL_RULES), default="market-share", show_default=True,
                  help="Missing-weight rule (see docs/methodology.md).")
    @functools.wraps(command)
    def wrapper(*args: Any, as_of: datetime | None, **kwargs: Any) -> Any:
        return command(*args, as_of=as_of.date() if as_of else None, **kwargs)

    return wrapper


explain_option = click.option(
    "--explain", is_flag=True,
    help="Also list the relations and sources the answer rests on (with --format csv/json: only those).")


def _answer(G: Any, frame: pd.DataFrame, fmt: Format, show_explain: bool, title: str) -> None:
    evidence = explain(G, relation_ids=[r for cell in frame.get("relations", []) for r in cell.split(";") if r])
    if show_explain and fmt != "table":
        emit(evidence, fmt)
        return
    emit(frame.drop(columns=["relations"], errors="ignore"), fmt, title=title)
    if show_explain:
        emit(evidence, fmt, title="evidence: relations and their sources")


@main.command()
@click.argument("source")
@click.option("--top", default=30, show_default=True, help="Show this many rows (0 for all).")
@model_options
@explain_option
@graph_options
@format_option
def trace(source: str, top: int, as_of: date | None, fill: FillRule, explain: bool, graph: GraphInput,
          fmt: Format) -> None:
    """Where the spend of SOURCE (a lab, hyperscaler, capex plan or model) lands upstream: each
    company and segment reached, its tier, the share of SOURCE's spend reaching it and how
    much of that share rests on reported, estimated or filled-in weights."""
    G = graph.load()
    frame = trace_query(G, source=source, as_of=as_of, fill=fill)
    _answer(G, frame.head(top) if top else frame, fmt, explain, f"trace {source}")


@main.command()
@click.argument("company", required=False)
@click.option("--to", "to", type=click.Choice(DEMAND_GROUPS), default="all", show_default=True,
              help="Which demand sources count.")
@click.option("--listed", default=None, help="Rank every company listed on these exchanges (e.g. SSE,SZSE).")
@click.option("--samples", default=0, show_default=True, help="Monte Carlo draws over low/high ranges.")
@click.option("--mc-seed", default=0, show_default=True, help="Random seed of the Monte Carlo draws.")
@model_options
@explain_option
@graph_options
@format_option
def exposure(company: str | None, to: DemandGroup, listed: str | None, samples: int, mc_seed: int,
             as_of: date | None, fill: FillRule, explain: bool, graph: GraphInput, fmt: Format) -> None:
    """The share of COMPANY's revenue that traces back to each demand source; or, with --listed,
    a ranking of listed companies by their exposure to the --to group."""
    G = graph.load()
    if listed:
        frame = exposure_ranking(G, listed=listed.split(","), companies=[company] if company else [], to=to,
                                 as_of=as_of, fill=fill, samples=samples, seed=mc_seed)
        _answer(G, frame, fmt, False, f"exposure to {to}")
        return
    if not company:
        raise click.UsageError("give a COMPANY or --listed EXCHANGES")
    frame = exposure_query(G, company=company, to=to, as_of=as_of, fill=fill, samples=samples, seed=mc_seed)
    _answer(G, frame, fmt, explain, f"exposure of {company}")


@main.command()
@model_options
@graph_options
@format_option
def chokepoints(as_of: date | None, fill: FillRule, graph: GraphInput, fmt: Format) -> None:
    """Per segment: supplier count, HHI of market shares, leader, single-source customers and
    network influence (Acemoglu et al. 2012)."""
    emit(chokepoints_query(graph.load(), as_of=as_of, fill=fill), fmt, title="chokepoints")
