"""trace: Leontief propagation on hand-worked graphs."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse import csgraph

from computechain.errors import QueryError
from computechain.queries.engine.leontief import neumann_reach, neumann_solve
from computechain.queries.engine.paths import path_costs, path_nodes, paths_to
from computechain.queries.engine.view import compile_view
from computechain.queries.trace import trace
from tests.queries.helpers import graph, spend

C = {f"company:{n}": {} for n in ("lab", "cloud", "gpu", "hbm", "fab", "other")}


def _shares(frame, column: str = "share") -> dict[str, float]:  # type: ignore[no-untyped-def]
    return {row.id: round(getattr(row, column), 12) for row in frame.itertuples()}


def test_a_chain_multiplies_shares_and_splits_by_basis() -> None:
    # lab -0.5 (reported)-> cloud -0.4 (estimate)-> gpu -0.25 (reported)-> hbm
    # share(gpu) = 0.5*0.4 = 0.2 (needs the estimate); share(hbm) = 0.2*0.25 = 0.05
    G = graph(C, [
        ("company:cloud", "company:lab", "provides_compute", spend(0.5)),
        ("company:gpu", "company:cloud", "supplies", spend(0.4, "estimate", share_of_customer_spend_basis_note="x")),
        ("company:hbm", "company:gpu", "supplies", spend(0.25)),
    ])
    result = trace(G, source="company:lab", fill="none")
    assert _shares(result) == {"company:cloud": 0.5, "company:gpu": 0.2, "company:hbm": 0.05}
    assert _shares(result, "share_reported") == {"company:cloud": 0.5, "company:gpu": 0.0, "company:hbm": 0.0}
    assert _shares(result, "share_estimate") == {"company:cloud": 0.0, "company:gpu": 0.2, "company:hbm": 0.05}
    assert result.set_index("id").loc["company:hbm", "tier"] == 3
    assert result.set_index("id").loc["company:hbm", "path"] == "Lab <- Cloud <- Gpu <- Hbm"


def test_a_converging_cycle_sums_the_geometric_series() -> None:
    # lab spends 1.0 with gpu; gpu spends 0.5 with fab; fab spends 0.5 with gpu (a 2-cycle)
    # x_gpu = 1 + 0.25 x_gpu  => 4/3 ; x_fab = 0.5 x_gpu = 2/3
    G = graph(C, [
        ("company:gpu", "company:lab", "supplies", spend(1.0)),
        ("company:fab", "company:gpu", "supplies", spend(0.5)),
        ("company:gpu", "company:fab", "supplies", spend(0.5)),
    ])
    shares = _shares(trace(G, source="company:lab", fill="none"))
    assert shares == pytest.approx({"company:gpu": 4 / 3, "company:fab": 2 / 3}, abs=1e-9)


def test_a_non_converging_cycle_fails_naming_the_cycle() -> None:
    # the unweighted gpu <-> fab cycle is filled to 1.0 each way: spectral radius 1
    G = graph(C, [
        ("company:gpu", "company:lab", "supplies", {}),
        ("company:fab", "company:gpu", "supplies", {}),
        ("company:gpu", "company:fab", "supplies", {}),
    ])
    with pytest.raises(QueryError, match="the cycle company:fab -> company:gpu -> company:fab"):
        trace(G, source="company:lab")
    assert _shares(trace(G, source="company:lab", fill="none")) == {}


def test_as_of_uses_only_the_relations_valid_then() -> None:
    G = graph(C, [
        ("company:gpu", "company:lab", "supplies", spend(0.6, as_of="2023-06-30", valid_to="2024-06-30")),
        ("company:fab", "company:lab", "supplies", spend(0.3, as_of="2025-01-31")),
    ])
    assert _shares(trace(G, source="company:lab", as_of=date(2024, 1, 1), fill="none")) == {"company:gpu": 0.6}
    assert _shares(trace(G, source="company:lab", as_of=date(2025, 6, 1), fill="none")) == {"company:fab": 0.3}
    assert _shares(trace(G, source="company:lab", as_of=date(2023, 1, 1), fill="none")) == {}


def test_the_missing_weight_rules() -> None:
    # the lab names three GPU suppliers, one with a reported 40 %; 60 % is unallocated.
    # market shares in the product: other 0.5, hbm 0.1 => market-share rule gives 0.5, 0.1
    segment = {"segment:gpus": {}}
    G = graph({**C, **segment}, [
        ("company:gpu", "company:lab", "supplies", spend(0.4, product="segment:gpus")),
        ("company:other", "company:lab", "supplies", {"product": "segment:gpus"}),
        ("company:hbm", "company:lab", "supplies", {"product": "segment:gpus"}),
        ("company:other", "segment:gpus", "participates_in", {"market_share": 0.5, "market_share_basis": "reported"}),
        ("company:hbm", "segment:gpus", "participates_in", {"market_share": 0.1, "market_share_basis": "reported"}),
    ])
    by_market = _shares(trace(G, source="company:lab", fill="market-share"))
    assert (by_market["company:gpu"], by_market["company:other"], by_market["company:hbm"]) == (0.4, 0.5, 0.1)
    equal = _shares(trace(G, source="company:lab", fill="equal"))
    assert (equal["company:gpu"], equal["company:other"], equal["company:hbm"]) == (0.4, 0.3, 0.3)
    assert _shares(trace(G, source="company:lab", fill="none")) == {"company:gpu": 0.4}
    filled = trace(G, source="company:lab").set_index("id")
    assert filled.loc["company:other", "share_filled"] == 0.5


def test_an_unknown_fill_rule_names_the_options() -> None:
    with pytest.raises(QueryError, match="unknown fill rule 'guess'; use one of market-share, equal, none"):
        compile_view(graph(C, []), fill="guess")  # type: ignore[arg-type]


def test_the_view_is_compiled_once_per_graph_date_and_rule() -> None:
    G = graph(C, [("company:gpu", "company:lab", "supplies", spend(0.6))])
    assert compile_view(G) is compile_view(G)
    assert compile_view(G, fill="none") is not compile_view(G)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7), st.floats(0.01, 0.3)), min_size=1, max_size=20),
       st.integers(0, 7))
def test_propagation_conserves_demand(links: list[tuple[int, int, float]], start: int) -> None:
    # any A with column sums < 1 converges, and x = (I - A)^-1 f satisfies x - A x = f exactly
    n = 8
    A = _matrix(links, n)
    f = np.zeros(n)
    f[start] = 1.0
    x = neumann_solve(sp.csr_matrix(A), f, nodes=tuple(map(str, range(n))))
    assert np.allclose(x - A @ x, f, atol=1e-9)
    assert np.allclose(x, np.linalg.solve(np.eye(n) - A, f), atol=1e-9)


def _matrix(links: list[tuple[int, int, float]], n: int) -> np.ndarray:
    A = np.zeros((n, n))
    for i, j, w in links:
        A[i, j] = w
    return A / np.maximum(A.sum(axis=0), 1.0) * 0.9  # column sums <= 0.9: the series converges


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7), st.floats(0.01, 0.3)), min_size=1, max_size=20),
       st.integers(0, 7), st.floats(0.5, 1.5))
def test_a_guess_reaches_the_series_sum_and_hops_are_breadth_first_levels(
        links: list[tuple[int, int, float]], start: int, nearby: float) -> None:
    n = 8
    A = sp.csr_matrix(_matrix(links, n))
    f = np.zeros(n)
    f[start] = 1.0
    nodes = tuple(map(str, range(n)))
    x, hops = neumann_reach(A, f, nodes=nodes)
    assert np.allclose(neumann_solve(A, f, nodes=nodes, guess=x * nearby), x, atol=1e-9)
    levels = csgraph.dijkstra(A.T.tocsr(), indices=start, unweighted=True)  # spender j -> supplier i: A[i, j]
    reached = x > 0
    assert (hops[reached] == levels[reached]).all()
    assert (hops[~reached] == -1).all() and np.isinf(levels[~reached]).all()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7), st.floats(0.01, 0.3)), min_size=1, max_size=20),
       st.integers(0, 7))
def test_paths_to_targets_cost_what_the_whole_graph_search_finds(links: list[tuple[int, int, float]], start: int) -> None:
    n = 8
    A = sp.csr_matrix(_matrix(links, n))
    f = np.zeros(n)
    f[start] = 1.0
    x = neumann_solve(A, f, nodes=tuple(map(str, range(n))))
    targets = np.flatnonzero((x > 0) & (np.arange(n) != start))
    costs = path_costs(A.T.tocsr())
    best = csgraph.dijkstra(costs, indices=start)
    found = paths_to(costs, start, targets, x[targets])
    for target in targets:  # a path from the start that costs what the best one costs (a tie may pick another)
        steps = path_nodes(found, int(target))
        assert steps[0] == start
        assert sum(costs[u, v] for u, v in pairwise(steps)) == pytest.approx(best[target], abs=1e-9)


def test_a_later_weight_of_the_same_relation_wins() -> None:
    G = graph(C, [
        ("company:gpu", "company:lab", "supplies", spend(0.6, as_of="2025-12-31", valid_from="2025-01-01")),
        ("company:gpu", "company:lab", "supplies", spend(0.3, as_of="2024-12-31", valid_from="2024-01-01")),
    ])
    assert _shares(trace(G, source="company:lab", fill="none")) == {"company:gpu": 0.6}
    assert _shares(trace(G, source="company:lab", fill="none", as_of=date(2024, 12, 31))) == {"company:gpu": 0.3}


def test_a_query_sees_edges_added_or_removed_after_an_earlier_query() -> None:
    # the relation table and the compiled views live in G.__networkx_cache__, which networkx clears
    G = graph({"company:lab": {}, "company:cloud": {}, "company:chip": {}},
              [("company:cloud", "company:lab", "provides_compute", {})])
    assert list(trace(G, source="company:lab")["id"]) == ["company:cloud"]
    G.add_edge("company:chip", "company:cloud", key="new", kind="supplies", as_of="2024-12-31", sources=["source:s"])
    assert set(trace(G, source="company:lab")["id"]) == {"company:cloud", "company:chip"}
    G.remove_edge("company:chip", "company:cloud", key="new")
    assert list(trace(G, source="company:lab")["id"]) == ["company:cloud"]
