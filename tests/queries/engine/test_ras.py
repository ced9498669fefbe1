"""RAS balancing: a hand-worked example, fixed cells, caps, non-convergence, and its conservation law."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from computechain.errors import ConvergenceError, QueryError
from computechain.queries.engine.ras import ras

PRIOR = np.array([[1.0, 2.0, 1.0], [2.0, 1.0, 1.0], [1.0, 1.0, 2.0]])
# The target T = diag(1, 2, 3) @ PRIOR @ diag(1, 1, 2) = [[1, 2, 2], [4, 2, 4], [3, 3, 12]] has the
# biproportional form RAS searches (diag(r) PRIOR diag(s)); the solution with given margins is unique,
# so RAS from PRIOR with T's margins (rows 5, 10, 18; columns 8, 7, 18) must end at T.
TARGET = np.array([[1.0, 2.0, 2.0], [4.0, 2.0, 4.0], [3.0, 3.0, 12.0]])


def test_ras_recovers_the_biproportional_matrix_with_these_margins() -> None:
    X, report = ras(PRIOR, TARGET.sum(axis=1), TARGET.sum(axis=0))
    assert report.converged and report.iterations > 1
    np.testing.assert_allclose(X, TARGET, rtol=1e-6)


def test_a_fixed_cell_is_never_scaled_and_counts_toward_its_margins() -> None:
    # cell (0, 0) is reported as 2 and fixed; the rest of row 0 must carry 5 - 2 = 3 and of column 0: 8 - 2 = 6
    fixed = np.zeros((3, 3))
    fixed[0, 0] = 2.0
    prior = PRIOR.copy()
    prior[0, 0] = 0.0
    X, report = ras(prior, TARGET.sum(axis=1), TARGET.sum(axis=0), fixed=fixed)
    assert report.converged and X[0, 0] == 0.0
    np.testing.assert_allclose((X + fixed).sum(axis=1), [5.0, 10.0, 18.0], rtol=1e-6)
    np.testing.assert_allclose((X + fixed).sum(axis=0), [8.0, 7.0, 18.0], rtol=1e-6)


def test_sparse_input_gives_the_same_answer() -> None:
    X, _ = ras(sp.csr_matrix(PRIOR), TARGET.sum(axis=1), TARGET.sum(axis=0))
    np.testing.assert_allclose(X.toarray(), TARGET, rtol=1e-6)


def test_inconsistent_totals_do_not_converge_and_say_so() -> None:
    # rows ask for 2 in all, columns for 6: no matrix has both
    with pytest.raises(QueryError, match=r"did not converge .* row|column"):
        ras(np.ones((2, 2)), np.array([1.0, 1.0]), np.array([3.0, 3.0]), max_iterations=50)
    _, report = ras(np.ones((2, 2)), np.array([1.0, 1.0]), np.array([3.0, 3.0]), max_iterations=50, strict=False)
    assert not report.converged and report.max_residual > 0.1


def test_non_convergence_is_a_convergence_error_a_runtime_failure() -> None:
    # each round ends on the columns (3 + 3): each row then sums to 3 against its target 1, 2 off,
    # 2 / 6 = 33.33 % of the total; row 0 is the first of the two worst
    with pytest.raises(ConvergenceError, match=r"did not converge in 5 rounds: row 0 stays 2 off its target \(33\.33% "):
        ras(np.ones((2, 2)), np.array([1.0, 1.0]), np.array([3.0, 3.0]), max_iterations=5)


def test_caps_only_scale_down_and_free_margins_stay_free() -> None:
    # row 0 may carry at most 1 (it has 2: halved to 0.5, 0.5); column 0 at most 0.4 (it has 0.5 + 1:
    # scaled by 0.4 / 1.5); row 1 and column 1 are free
    X, report = ras(np.ones((2, 2)), np.array([1.0, np.nan]), np.array([0.4, np.nan]), caps=True)
    assert report.converged
    np.testing.assert_allclose(X, [[0.5 * 0.4 / 1.5, 0.5], [0.4 / 1.5, 1.0]])


@settings(max_examples=60, deadline=None)
@given(arrays(float, (4, 3), elements=st.floats(0.1, 10.0)), arrays(float, 4, elements=st.floats(0.5, 2.0)),
       arrays(float, 3, elements=st.floats(0.5, 2.0)))
def test_ras_meets_any_consistent_margins(prior: np.ndarray, r: np.ndarray, s: np.ndarray) -> None:
    # margins of some diag(r) prior diag(s) are always reachable: RAS meets them, and conserves the total
    target = r[:, None] * prior * s[None, :]
    X, report = ras(prior, target.sum(axis=1), target.sum(axis=0))
    assert report.converged
    np.testing.assert_allclose(X, target, rtol=1e-5)


@settings(max_examples=60, deadline=None)
@given(arrays(float, (3, 3), elements=st.floats(0.0, 10.0)), arrays(float, 3, elements=st.floats(0.0, 20.0)),
       arrays(float, 3, elements=st.floats(0.0, 20.0)))
def test_capped_balancing_never_exceeds_a_cap(prior: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> None:
    X, report = ras(prior, rows, cols, caps=True)
    assert report.converged
    assert (X >= 0).all() and (prior + 1e-9 >= X).all()
    assert (X.sum(axis=1) <= rows + 1e-6).all() and (X.sum(axis=0) <= cols + 1e-6).all()
