"""Benchmark the money view on the synthetic graph with money figures (money issue targets).

Targets, on the 100,000-company / 1,000,000-relation graph with a revenue for every company, a
market size per segment and 100 capex plans: building the money view (named-customer balancing by
RAS with caps, capex into markets) <= 2 s; one money trace or one exposure against reported revenue
after it <= 100 ms; a 1,000-draw Monte Carlo exposure <= 10 s. The anchor beside them is the spend
view's compile (the share-based view every earlier answer used), built first as the money view
reads its channels. The machine is shared: every timing runs ``repeat`` times and reports its
median and runs, with the load average while it ran.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

from bench.queries import _timed
from bench.synthetic import generate
from computechain.graph.relation_table import relation_table
from computechain.loaders import load_graph
from computechain.queries.engine import money_view, view
from computechain.queries.exposure import exposure
from computechain.queries.money import money_trace

TARGETS = {"money_view": 2.0, "money_trace_top30": 0.1, "exposure_reported": 0.1, "monte_carlo_1000": 10.0}


def _runs(run: Callable[[], object], repeat: int, before: Callable[[], object] = lambda: None) -> dict[str, Any]:
    """Median and every run's seconds (``before`` runs untimed before each run)."""
    seconds = []
    for _ in range(repeat):
        before()
        seconds.append(_timed(run)[0])
    return {"median": round(statistics.median(seconds), 4), "runs": [round(s, 4) for s in seconds]}


def _forget(G: nx.MultiDiGraph, *keys: str) -> Callable[[], None]:
    return lambda: [G.__networkx_cache__.pop(key, None) for key in keys]  # type: ignore[func-returns-value]


def main(companies: int = 100_000, relations: int = 1_000_000, repeat: int = 5, draws: int = 1_000) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        G = load_graph(generate(Path(tmp), companies=companies, relations=relations, money=True))
    relation_table(G)
    result: dict[str, Any] = {"relations": G.number_of_edges(), "load_before": os.getloadavg()[0]}
    result["spend_view"] = _runs(lambda: view.compile_view(G), repeat,
                                 _forget(G, view.CACHE_KEY, view.CHANNELS_KEY, money_view.CACHE_KEY))
    result["money_view"] = _runs(lambda: money_view.compile_money_view(G), repeat, _forget(G, money_view.CACHE_KEY))
    money = money_view.compile_money_view(G)
    result["ras_rounds"], result["ras_max_residual"] = money.balancing.iterations, money.balancing.max_residual
    traced = money_trace(G, source="capex:c0-2024")  # every node, with its path
    result["money_trace_rows"] = len(traced)
    result["money_trace_top30"] = _runs(lambda: money_trace(G, source="capex:c0-2024", top=30), repeat)
    seller = str(traced["id"].iloc[0])
    result["exposure_reported"] = _runs(lambda: exposure(G, company=seller, to="hyperscalers", against="reported"),
                                        repeat)
    result[f"monte_carlo_{draws}"] = _runs(lambda: exposure(G, company=seller, to="hyperscalers", against="reported",
                                                            samples=draws, seed=1), 1)
    result["targets"], result["load_after"] = TARGETS, os.getloadavg()[0]
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:5]))
