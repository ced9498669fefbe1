"""Biproportional balancing (RAS, iterative proportional fitting) of a flow matrix to its margins.

RAS (Stone 1961; Miller & Blair, *Input-Output Analysis*, 2nd ed., 2009, ch. 7) scales the rows and
columns of a prior matrix ``X0`` in turn until its row sums meet ``row_targets`` and its column sums
``col_targets``: ``X = diag(r) X0 diag(s)``. Cells marked ``fixed`` (reported figures) are never
scaled; a margin given as NaN is free. With ``caps=True`` the margins are upper bounds (a supplier
cannot sell more than its revenue, a buyer cannot spend more than it has): rows and columns are only
ever scaled down, so the iteration always converges, and what a margin leaves unexplained is flow
outside the modelled chain.

Examples
--------
The 3 x 3 example of the tests, worked by hand: a prior of ones, rows to (2, 3, 4), columns to
(3, 3, 3). The first row step gives rows (2/3, 2/3, 2/3), (1, 1, 1), (4/3, 4/3, 4/3) whose column
sums are already 3, so RAS stops after one round:

>>> import numpy as np
>>> X, report = ras(np.ones((3, 3)), np.array([2.0, 3.0, 4.0]), np.array([3.0, 3.0, 3.0]))
>>> X.round(4).tolist(), report.converged, report.iterations
([[0.6667, 0.6667, 0.6667], [1.0, 1.0, 1.0], [1.3333, 1.3333, 1.3333]], True, 1)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from computechain.errors import ConvergenceError

TOLERANCE = 1e-9
MAX_ITERATIONS = 1_000


@dataclass(frozen=True)
class RasReport:
    """How balancing went: rounds run, whether it converged, the largest margin residual left
    (relative to the matrix total), and the row/column residuals (target - sum; NaN when free)."""

    iterations: int
    converged: bool
    max_residual: float
    row_residuals: np.ndarray
    col_residuals: np.ndarray


def _scale(sums: np.ndarray, targets: np.ndarray, fixed: np.ndarray, caps: bool) -> np.ndarray:
    """The factor for each line's scalable part so that fixed + scaled part meets its target."""
    wanted = targets - fixed
    with np.errstate(over="ignore"):  # a tiny line sum against a large target: the factor is capped below
        factor = np.divide(wanted, sums, out=np.ones_like(sums), where=sums > 0)
    factor = np.where(np.isnan(targets), 1.0, np.clip(factor, 0.0, None))
    return np.minimum(factor, 1.0) if caps else factor


def _residuals(scalable: np.ndarray, fixed: np.ndarray, targets: np.ndarray, caps: bool) -> np.ndarray:
    """target - sum per line (NaN when free); under caps only an excess counts, and only where the
    line still has flow to scale (fixed cells alone above a cap are the data's, for the audit)."""
    residual = targets - scalable - fixed
    return np.where(scalable > 0, np.minimum(residual, 0.0), 0.0) if caps else residual


def ras(prior: np.ndarray | sp.spmatrix, row_targets: np.ndarray, col_targets: np.ndarray, *,
        fixed: np.ndarray | sp.spmatrix | None = None, caps: bool = False, tolerance: float = TOLERANCE,
        max_iterations: int = MAX_ITERATIONS, strict: bool = True) -> tuple[np.ndarray | sp.csr_matrix, RasReport]:
    """Balance ``prior`` (the scalable cells) to the margins; ``fixed`` cells count toward the
    margins but are never scaled. Returns the balanced scalable part (same kind as ``prior``) and a
    :class:`RasReport`.

    Raises :class:`~computechain.errors.ConvergenceError` when ``strict`` and the margins cannot be
    met: a row or column that must gain flow has no scalable cell, or the iteration does not
    converge (inconsistent totals).
    """
    is_sparse = sp.issparse(prior)
    X = sp.csr_matrix(prior, dtype=float) if is_sparse else np.array(prior, dtype=float)
    F = (sp.csr_matrix(fixed, dtype=float) if fixed is not None else sp.csr_matrix(X.shape)) if is_sparse else (
        np.array(fixed, dtype=float) if fixed is not None else np.zeros(X.shape))
    fixed_rows = np.asarray(F.sum(axis=1)).ravel()
    fixed_cols = np.asarray(F.sum(axis=0)).ravel()
    rows, cols = np.asarray(row_targets, dtype=float), np.asarray(col_targets, dtype=float)
    scale = max(float(np.nansum(rows)), float(np.nansum(cols)), float(np.asarray(X.sum())), 1e-300)
    for iteration in range(1, max_iterations + 1):
        r = _scale(np.asarray(X.sum(axis=1)).ravel(), rows, fixed_rows, caps)
        X = sp.diags(r) @ X if is_sparse else X * r[:, None]
        s = _scale(np.asarray(X.sum(axis=0)).ravel(), cols, fixed_cols, caps)
        X = X @ sp.diags(s) if is_sparse else X * s[None, :]
        row_res = _residuals(np.asarray(X.sum(axis=1)).ravel(), fixed_rows, rows, caps)
        col_res = _residuals(np.asarray(X.sum(axis=0)).ravel(), fixed_cols, cols, caps)
        worst = max(float(np.nanmax(np.abs(row_res), initial=0.0)), float(np.nanmax(np.abs(col_res), initial=0.0)))
        if worst <= tolerance * scale:
            return _kind(X, is_sparse), RasReport(iteration, True, worst / scale, row_res, col_res)
    report = RasReport(max_iterations, False, worst / scale, row_res, col_res)
    if strict:
        line, where = (("row", int(np.nanargmax(np.abs(row_res)))) if np.nanmax(np.abs(row_res), initial=0.0)
                       >= np.nanmax(np.abs(col_res), initial=0.0) else ("column", int(np.nanargmax(np.abs(col_res)))))
        raise ConvergenceError(f"RAS balancing did not converge in {max_iterations} rounds: {line} {where} stays "
                               f"{worst:.4g} off its target ({worst / scale:.2%} of the total); its margins are "
                               "inconsistent with the others or it has no cell that can carry the flow")
    return _kind(X, is_sparse), report


def _kind(X: Any, is_sparse: bool) -> np.ndarray | sp.csr_matrix:
    return sp.csr_matrix(X) if is_sparse else np.asarray(X)
