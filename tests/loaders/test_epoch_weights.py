"""Epoch's chip shares reach the answers: Microsoft's share of Nvidia's output becomes evidence for
Microsoft's share of Nvidia's revenue (real reference data, not copied into the repository)."""

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
    entry = entries.loc[(view.index["company:nvidia"], view.index["company:microsoft"])]
    # Epoch: Microsoft holds 23.07 % (p5 17.75 %, p95 29.84 %) of Nvidia's cumulative H100e
    assert (round(entry["value"], 4), entry["basis"], round(entry["low"], 3), round(entry["high"], 3)) == (
        0.2307, ESTIMATE, 0.177, 0.298)
    before = exposure(load_graph(), company="Nvidia", to="hyperscalers").set_index("demand_source")
    after = exposure(G, company="Nvidia", to="hyperscalers").set_index("demand_source")
    assert before.loc["company:microsoft", "exposure_estimate"] == 0.0
    assert after.loc["company:microsoft", "exposure_estimate"] >= 0.2307 - 1e-9
    assert after.loc["company:microsoft", "exposure"] != pytest.approx(before.loc["company:microsoft", "exposure"])
