"""Benchmark the money view on the synthetic graph with money figures (money issue targets).

Targets, on the 100,000-company / 1,000,000-relation graph with a revenue for every company, a
market size per segment and 100 capex plans: building the money view (named-customer balancing by
RAS with caps, capex into markets) <= 2 s; one money trace or one exposure against reported revenue
after it <= 100 ms; a 1,000-draw Monte Carlo exposure <= 10 s. The anchor beside it is the spend
view's compile (the share-based view every earlier answer used).
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from bench.queries import _median_seconds, _timed
from bench.synthetic import generate
from computechain.loaders import load_graph
from computechain.queries.exposure import exposure
from computechain.queries.money import money_trace
from computechain.queries.money_view import compile_money_view
from computechain.queries.view import compile_view


def main(companies: int = 100_000, relations: int = 1_000_000) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        G = load_graph(generate(Path(tmp), companies=companies, relations=relations, money=True))
    spend_view_s, _ = _timed(lambda: compile_view(G))
    money_s, money = _timed(lambda: compile_money_view(G))
    trace_first_s, traced = _timed(lambda: money_trace(G, source="capex:c0-2024"))  # every node, with its path
    trace_s = _median_seconds(lambda: money_trace(G, source="capex:c0-2024", top=30))  # as the CLI shows it
    seller = str(traced["id"].iloc[0])
    exposure_s = _median_seconds(lambda: exposure(G, company=seller, to="hyperscalers", against="reported"))
    monte_carlo_s, _ = _timed(lambda: exposure(G, company=seller, to="hyperscalers", against="reported",
                                                samples=1_000, seed=1))
    result = {"relations": G.number_of_edges(), "spend_view_seconds": spend_view_s,
              "money_view_seconds": money_s, "ras_rounds": money.balancing.iterations,  # type: ignore[attr-defined]
              "ras_max_residual": money.balancing.max_residual,  # type: ignore[attr-defined]
              "money_trace_all_rows_seconds": trace_first_s, "money_trace_top30_seconds": trace_s,
              "money_trace_rows": len(traced), "exposure_reported_seconds": exposure_s,
              "monte_carlo_1000_seconds": monte_carlo_s}
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
