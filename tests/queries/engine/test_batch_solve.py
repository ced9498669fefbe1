"""The batched Monte Carlo solve: draws solved side by side give each draw's own answer."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from computechain.errors import ConvergenceError
from computechain.queries.engine.batch_solve import DrawSolver
from computechain.queries.engine.leontief import neumann_solve


def test_a_varied_and_an_extra_entry_each_give_their_draws_answer() -> None:
    # a -> b -> c: x = f + M x with f = (1, 0, 0), M[1, 0] = w (varied), M[2, 1] = v (extra in draw 1)
    # x_b = w, x_c = v w: draw 0 (w = 0.5, v as in M = 0.4): (1, 0.5, 0.2); draw 1 (w = 0.8, v = 0.25):
    # (1, 0.8, 0.2)
    M = sp.csr_matrix(np.array([[0.0, 0.0, 0.0], [0.6, 0.0, 0.0], [0.0, 0.4, 0.0]]))
    solver = DrawSolver(M, varied=np.array([0]), f=np.array([1.0, 0.0, 0.0]), start=np.zeros(3),
                        nodes=("a", "b", "c"), tolerance=1e-9)
    x = solver.solve(np.array([[0.5, 0.8]]), np.array([1]), np.array([[0.4, 0.25]]))
    assert x[:, 0] == pytest.approx([1.0, 0.5, 0.2], abs=1e-6)
    assert x[:, 1] == pytest.approx([1.0, 0.8, 0.2], abs=1e-6)
    assert solver.solve(np.array([[0.5, 0.8]]), rows=np.array([2])) == pytest.approx(np.array([[0.2, 0.32]]), abs=1e-6)


def test_a_draw_that_passes_on_all_of_a_cycle_is_reported_with_the_cycle() -> None:
    M = sp.csr_matrix(np.array([[0.0, 0.5], [0.5, 0.0]]))
    solver = DrawSolver(M, varied=np.array([0, 1]), f=np.array([1.0, 0.0]), start=np.zeros(2), nodes=("a", "b"))
    with pytest.raises(ConvergenceError, match=r"the cycle (a -> b -> a|b -> a -> b)"):
        solver.solve(np.array([[0.5, 1.0], [0.5, 1.0]]))  # draw 1 passes on everything


@st.composite
def draws(draw: st.DrawFn) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray, np.ndarray]:
    """A random substochastic M (column sums < 1, so every draw converges), which entries vary,
    and their values in a few draws (each within M's bound for its column)."""
    n = draw(st.integers(2, 7))
    dense = np.array(draw(st.lists(st.lists(st.floats(0.0, 1.0), min_size=n, max_size=n), min_size=n, max_size=n)))
    dense[dense < 0.5] = 0.0
    dense = dense / (dense.sum(axis=0) + 1.0)  # every column passes on less than half... of one
    M = sp.csr_matrix(dense)
    varied = np.array(sorted(draw(st.sets(st.integers(0, max(M.nnz - 1, 0)), max_size=M.nnz))), dtype=np.int64)
    K = draw(st.integers(1, 4))
    scale = np.array(draw(st.lists(st.floats(0.0, 1.0), min_size=len(varied) * K, max_size=len(varied) * K)))
    values = (M.data[varied][:, None] * scale.reshape(len(varied), K)) if len(varied) else np.zeros((0, K))
    f = np.array(draw(st.lists(st.floats(0.0, 10.0), min_size=n, max_size=n)))
    return M, varied, values, f


@settings(max_examples=60, deadline=None)
@given(draws())
def test_each_column_is_the_solve_of_its_own_draw(case: tuple[sp.csr_matrix, np.ndarray, np.ndarray, np.ndarray]) -> None:
    M, varied, values, f = case
    nodes = tuple(str(i) for i in range(M.shape[0]))
    x = DrawSolver(M, varied=varied, f=f, start=np.zeros(M.shape[0]), nodes=nodes, tolerance=1e-9).solve(values)
    for k in range(values.shape[1]):
        data = M.data.copy()
        data[varied] = values[:, k]
        alone = neumann_solve(sp.csr_matrix((data, M.indices, M.indptr), shape=M.shape), f, nodes=nodes)
        assert x[:, k] == pytest.approx(alone, rel=1e-5, abs=1e-5 * (1 + np.abs(f).sum()))
