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
from computechain.cli.params import COUNT_RANGE, MAX_SAMPLES, SAMPLES_RANGE, SEED_RANGE, NameFactor
from computechain.queries.chokepoints import chokepoints as chokepoints_query
from computechain.queries.engine.view import FILL_RULES, FillRule
from computechain.queries.explain import explain
from computechain.queries.exposure import AGAINST, DEMAND_GROUPS, Against, DemandGroup, exposure_ranking
from computechain.queries.exposure import exposure as exposure_query
from computechain.queries.lookup import find_entity
from computechain.queries.money import money_trace
from computechain.queries.policy import policy_impact as policy_impact_query
from computechain.queries.shock import shock as shock_query
from computechain.queries.shock import supply_losses
from computechain.queries.tiers import customers as tier_customers
from computechain.queries.tiers import suppliers as tier_suppliers
from computechain.queries.trace import trace as trace_query


def as_of_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--as-of DATE``: use only the relations valid on that date."""

    @click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None,
                  help="Use only relations valid on this date (YYYY-MM-DD).")
    @functools.wraps(command)
    def wrapper(*args: Any, as_of: datetime | None, **kwargs: Any) -> Any:
        return command(*args, as_of=as_of.date() if as_of else None, **kwargs)

    return wrapper


def model_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--as-of DATE`` and ``--fill RULE`` for every query that uses the compiled view."""
    return as_of_option(click.option(
        "--fill", type=click.Choice(FILL_RULES), default="market-share", show_default=True,
        help="Missing-weight rule (see docs/methodology.md).")(command))


explain_option = click.option(
    "--explain", is_flag=True,
    help="Also list the relations and sources the answer rests on (with --format csv/json: only those).")


def _answer(G: Any, frame: pd.DataFrame, fmt: Format, show_explain: bool, title: str) -> None:
    evidence = None
    if show_explain:  # only then: the evidence table walks every relation on the answer's paths
        evidence = explain(G, relation_ids=[r for cell in frame.get("relations", []) for r in cell.split(";") if r])
    if evidence is not None and fmt != "table":
        emit(evidence, fmt)
        return
    emit(frame.drop(columns=["relations"], errors="ignore"), fmt, title=title)
    if evidence is not None:
        emit(evidence, fmt, title="evidence: relations and their sources", main=False)


@main.command()
@click.argument("source")
@click.option("--top", default=30, show_default=True, type=COUNT_RANGE, help="Show this many rows (0 for all).")
@click.option("--usd", is_flag=True,
              help="In US dollars: the money view (SOURCE's latest reported capex, or --amount).")
@click.option("--amount", type=click.FloatRange(min=0, min_open=True), default=None, metavar="USD",
              help="Trace this many USD from SOURCE (implies --usd).")
@model_options
@explain_option
@graph_options
@format_option
def trace(source: str, top: int, usd: bool, amount: float | None, as_of: date | None, fill: FillRule, explain: bool,
          graph: GraphInput, fmt: Format) -> None:
    """Where the spend of SOURCE (a lab, hyperscaler, capex plan or model) lands upstream: each
    company and segment reached, its tier, the share of SOURCE's spend reaching it and how
    much of that share rests on reported, estimated or filled-in weights; with --usd or
    --amount, the US dollars reaching each and their share of its reported revenue."""
    G = graph.load()
    if usd or amount is not None:
        emit(money_trace(G, source=source, amount=amount, as_of=as_of, top=top or None), fmt,
             title=f"trace {source} (USD)")
        return
    frame = trace_query(G, source=source, as_of=as_of, fill=fill)
    _answer(G, frame.head(top) if top else frame, fmt, explain, f"trace {source}")


@main.command()
@click.argument("company", required=False)
@click.option("--to", "to", type=click.Choice(DEMAND_GROUPS), default="all", show_default=True,
              help="Which demand sources count.")
@click.option("--listed", default=None, help="Rank every company listed on these exchanges (e.g. SSE,SZSE).")
@click.option("--against", type=click.Choice(AGAINST), default="reported", show_default=True,
              help="Share of the company's reported revenue (money view) or of its revenue as modelled in the graph.")
@click.option("--samples", default=0, show_default=True, type=SAMPLES_RANGE,
              help=f"Monte Carlo draws over low/high ranges (at most {MAX_SAMPLES:,}).")
@click.option("--mc-seed", default=0, show_default=True, type=SEED_RANGE,
              help="Random seed of the Monte Carlo draws (0 to 2**32 - 1).")
@model_options
@explain_option
@graph_options
@format_option
def exposure(company: str | None, to: DemandGroup, listed: str | None, against: Against, samples: int,
             mc_seed: int, as_of: date | None, fill: FillRule, explain: bool, graph: GraphInput, fmt: Format) -> None:
    """The share of COMPANY's revenue that traces back to each demand source; or, with --listed,
    a ranking of listed companies by their exposure to the --to group."""
    G = graph.load()
    if listed:
        frame = exposure_ranking(G, listed=listed.split(","), companies=[company] if company else [], to=to,
                                 as_of=as_of, fill=fill, samples=samples, seed=mc_seed, against=against)
        _answer(G, frame, fmt, False, f"exposure to {to}")
        return
    if not company:
        raise click.UsageError("give a COMPANY or --listed EXCHANGES")
    frame = exposure_query(G, company=company, to=to, as_of=as_of, fill=fill, samples=samples, seed=mc_seed,
                           against=against)
    _answer(G, frame, fmt, explain, f"exposure of {company}")


@main.command()
@model_options
@graph_options
@format_option
def chokepoints(as_of: date | None, fill: FillRule, graph: GraphInput, fmt: Format) -> None:
    """Per segment: supplier count, HHI of market shares, leader, single-source customers and
    network influence (Acemoglu et al. 2012)."""
    emit(chokepoints_query(graph.load(), as_of=as_of, fill=fill), fmt, title="chokepoints")


@main.command()
@click.option("--scale", "scales", multiple=True, type=NameFactor(),
              help="Multiply a demand source's final demand (repeatable), e.g. capex:microsoft-fy2025=1.2.")
@click.option("--remove", multiple=True, metavar="NAME",
              help="Remove a company, company#segment (one product), segment, region or country:CC (repeatable).")
@click.option("--cut", multiple=True, metavar="FROM->TO#SEGMENT",
              help="Cut a product's supply from one country's companies to another's, "
                   "e.g. US->CN#segment:ai-accelerators.")
@click.option("--no-substitute", is_flag=True, help="Do not let customers switch to the segment's other suppliers.")
@click.option("--top", default=30, show_default=True, type=COUNT_RANGE,
              help="Show this many output changes (0 for all).")
@click.option("--losses", is_flag=True, help="With --format csv/json: print who loses supply instead of the changes.")
@model_options
@graph_options
@format_option
def shock(scales: tuple[tuple[str, float], ...], remove: tuple[str, ...], cut: tuple[str, ...], no_substitute: bool,
          top: int, losses: bool, as_of: date | None, fill: FillRule, graph: GraphInput, fmt: Format) -> None:
    """What-if: the change in every company's and segment's output, and who loses supply
    (in table format both tables; with csv/json the changes, or with --losses the losses)."""
    G = graph.load()
    loss_table = supply_losses(G, remove=remove, cut=cut, substitute=not no_substitute, as_of=as_of)
    if losses and fmt != "table":
        emit(loss_table, fmt)
        return
    changes = shock_query(G, scale=dict(scales), remove=remove, cut=cut, substitute=not no_substitute, as_of=as_of,
                          fill=fill)
    emit(changes.head(top) if top else changes, fmt, title="output change (one unit of demand at every source)")
    if fmt == "table" and (remove or cut):
        emit(loss_table, fmt, title="who loses supply", main=False)


@main.command("policy-impact")
@click.argument("policy")
@model_options
@graph_options
@format_option
def policy_impact(policy: str, as_of: date | None, fill: FillRule, graph: GraphInput, fmt: Format) -> None:
    """Which companies and segments POLICY supports or restricts, directly and through the chain."""
    emit(policy_impact_query(graph.load(), policy=policy, as_of=as_of, fill=fill), fmt, title=f"impact of {policy}")


def _tier_command(name: str, query: Callable[..., pd.DataFrame]) -> None:
    @main.command(name, help=f"Tier-N {name} of COMPANY along supply relations, with weights.")
    @click.argument("company")
    @click.option("--tiers", default=1, show_default=True, type=click.IntRange(min=1), help="How many tiers to walk.")
    @as_of_option
    @graph_options
    @format_option
    def command(company: str, tiers: int, as_of: date | None, graph: GraphInput, fmt: Format) -> None:
        G = graph.load()
        emit(query(G, entity=find_entity(G, company), tiers=tiers, as_of=as_of), fmt, title=f"{name} of {company}")


_tier_command("suppliers", tier_suppliers)
_tier_command("customers", tier_customers)
