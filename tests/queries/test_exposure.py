"""exposure and exposure_ranking on hand-worked graphs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from computechain.queries.engine.revenue_solve import solve_revenue
from computechain.queries.engine.view import CompiledView
from computechain.queries.exposure import demand_sources, exposure, exposure_ranking
from tests.queries.helpers import graph, revenue

NODES = {
    "company:laser": {"listings": [{"exchange": "SZSE", "ticker": "300001"}]},
    "company:module": {"listings": [{"exchange": "SSE", "ticker": "600001"}]},
    "company:cloud-a": {"roles": ["hyperscaler"]},
    "company:cloud-b": {"roles": ["hyperscaler"]},
    "company:lab": {"roles": ["model-lab"]},
    "company:telco": {},
}


def _edges(low: float | None = None, high: float | None = None) -> list:  # type: ignore[type-arg]
    ranged = {"share_of_supplier_revenue_low": low, "share_of_supplier_revenue_high": high} if low else {}
    return [
        # laser: 60 % of revenue from module (reported), the rest from telco (filled: 0.4)
        ("company:laser", "company:module", "supplies", revenue(0.6, **ranged)),
        ("company:laser", "company:telco", "supplies", {}),
        # module: 75 % from cloud-a (reported), 25 % from cloud-b (filled)
        ("company:module", "company:cloud-a", "supplies", revenue(0.75)),
        ("company:module", "company:cloud-b", "supplies", {}),
        # cloud-a earns all of its (modelled) revenue from the lab (filled: 1.0)
        ("company:cloud-a", "company:lab", "provides_compute", {}),
    ]


def test_exposure_multiplies_revenue_shares_along_paths() -> None:
    G = graph(NODES, _edges())
    result = exposure(G, company="company:laser", to="all").set_index("demand_source")
    # laser -> module -> cloud-a: 0.6 * 0.75 = 0.45 (all reported)
    assert result.loc["company:cloud-a", "exposure"] == pytest.approx(0.45)
    assert result.loc["company:cloud-a", "exposure_reported"] == pytest.approx(0.45)
    # laser -> module -> cloud-b: 0.6 * 0.25 (filled) = 0.15
    assert result.loc["company:cloud-b", "exposure"] == pytest.approx(0.15)
    assert result.loc["company:cloud-b", "exposure_filled"] == pytest.approx(0.15)
    # laser -> module -> cloud-a -> lab: 0.45 * 1.0 (filled)
    assert result.loc["company:lab", "exposure"] == pytest.approx(0.45)
    assert result.loc["company:lab", "path"] == "Laser -> Module -> Cloud-A -> Lab"


def test_a_group_counts_each_path_once() -> None:
    # to hyperscalers: cloud-a (0.45) + cloud-b (0.15) = 0.6 for laser; module: 0.75 + 0.25 = 1
    G = graph(NODES, _edges())
    ranking = exposure_ranking(G, listed=["SSE", "SZSE"], to="hyperscalers").set_index("company")
    assert ranking.loc["company:laser", "exposure"] == pytest.approx(0.6)
    assert ranking.loc["company:module", "exposure"] == pytest.approx(1.0)
    assert list(ranking.index) == ["company:module", "company:laser"]
    # to labs: the lab is reached only through cloud-a: 0.45 for laser
    labs = exposure_ranking(G, companies=["company:laser"], to="labs").set_index("company")
    assert labs.loc["company:laser", "exposure"] == pytest.approx(0.45)


def test_monte_carlo_is_deterministic_under_a_seed_and_stays_in_range() -> None:
    G = graph(NODES, _edges(low=0.5, high=0.7))
    first = exposure(G, company="company:laser", to="hyperscalers", samples=300, seed=7)
    again = exposure(G, company="company:laser", to="hyperscalers", samples=300, seed=7)
    other = exposure(G, company="company:laser", to="hyperscalers", samples=300, seed=8)
    assert first.equals(again)
    assert not first[["p5", "p50", "p95"]].equals(other[["p5", "p50", "p95"]])
    row = first.set_index("demand_source").loc["company:cloud-a"]
    # 0.75 * triangular(0.5, 0.6, 0.7): within [0.375, 0.525], median near 0.45
    assert 0.375 <= row.p5 < row.p50 < row.p95 <= 0.525
    assert row.p50 == pytest.approx(0.45, abs=0.01)


def test_without_samples_percentiles_are_missing() -> None:
    result = exposure(graph(NODES, _edges()), company="company:laser", to="hyperscalers")
    assert result[["p5", "p50", "p95"]].isna().all().all()


def test_errors_name_the_options() -> None:
    G = graph(NODES, _edges())
    with pytest.raises(Exception, match="unknown demand group 'banks'; use one of hyperscalers, labs"):
        demand_sources(G, "banks")  # type: ignore[arg-type]
    with pytest.raises(Exception, match="no company chosen"):
        exposure_ranking(G, listed=["NYSE"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7), st.floats(0.01, 0.3)), min_size=1, max_size=20),
       st.integers(0, 7), st.lists(st.integers(0, 7), min_size=1, max_size=3), st.booleans())
def test_solving_on_the_paths_that_matter_equals_the_full_inverse(
        links: list[tuple[int, int, float]], start: int, keep: list[int], absorb: bool) -> None:
    # R with row sums <= 0.9; the answer at ``keep`` must equal the dense (I - M)^-1 rhs - rhs
    n = 8
    R = np.zeros((n, n))
    for i, j, w in links:
        R[i, j] = w
    R = R / np.maximum(R.sum(axis=1, keepdims=True), 1.0) * 0.9
    members = [start] if absorb else []
    rows, cols = np.nonzero(R)
    entries = pd.DataFrame({"row": rows, "col": cols, "value": R[rows, cols], "basis": 0, "low": np.nan,
                            "high": np.nan})
    view = CompiledView(tuple(map(str, range(n))), {str(i): i for i in range(n)}, {}, {}, pd.DataFrame(), entries, ())
    rhs = np.zeros(n)
    rhs[start] = 1.0
    M = R.copy()
    M[members, :] = 0.0
    M = M if absorb else M.T
    expected = np.linalg.solve(np.eye(n) - M, rhs) - rhs
    solved = solve_revenue(view, rhs, transpose=not absorb, absorbing=members, keep=keep)
    assert np.allclose(solved["total"], expected[keep], atol=1e-9)
    assert np.allclose(solved["reported"], expected[keep], atol=1e-9)
