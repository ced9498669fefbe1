"""Epoch's chip shares reach the answers: Amazon's share of Nvidia's output becomes evidence for
Amazon's share of Nvidia's revenue (real reference data, not copied into the repository)."""

from __future__ import annotations

from pathlib import Path

import pytest

from computechain.loaders import load_graph
from computechain.queries.engine.view import ESTIMATE, compile_view
from computechain.queries.exposure import exposure


def test_epoch_output_shares_change_nvidias_exposure(reference_data: Path) -> None:
    chips = f"epoch-chips={reference_data / 'epoch-ai-chip-counts'}"
    G = load_graph(with_sources=[chips])
    view = compile_view(G)
    entries = view.revenue_entries.set_index(["row", "col"])
    entry = entries.loc[(view.index["company:nvidia"], view.index["company:amazon"])]
    # Epoch: Amazon holds 10.45 % (p5 8.10 %, p95 13.47 %) of Nvidia's cumulative H100e; the seed has no
    # share of Nvidia's revenue for Amazon (it has one for Microsoft and Meta, which Epoch's does not replace)
    assert (round(entry["value"], 4), entry["basis"], round(entry["low"], 3), round(entry["high"], 3)) == (
        0.1045, ESTIMATE, 0.081, 0.135)
    microsoft = entries.loc[(view.index["company:nvidia"], view.index["company:microsoft"])]
    assert (microsoft["value"], microsoft["basis"]) == (0.19, ESTIMATE)
    before = exposure(load_graph(), company="Nvidia", to="hyperscalers").set_index("demand_source")
    after = exposure(G, company="Nvidia", to="hyperscalers").set_index("demand_source")
    assert before.loc["company:amazon", "exposure_estimate"] == 0.0
    assert after.loc["company:amazon", "exposure_estimate"] >= 0.1045 - 1e-4
    assert after.loc["company:amazon", "exposure"] != pytest.approx(before.loc["company:amazon", "exposure"])
