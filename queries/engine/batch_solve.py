"""Monte Carlo solves of ``x = f + M x``, many draws at once: the draws share M's pattern and most of its values.

A draw gives new values to some of M's entries (the *varied* ones: every draw sets them) and
perhaps to a few more (*extra*: a cap that scaled them in that draw). K draws are solved together
by the iteration ``x <- f + M x`` from a common start (the balanced answer), one column per draw:
one pass over M's pattern per step serves all K, reading each shared value once and each node's K
values side by side, in compiled code on every processor (numba). A draw's column stops changing
the answer when a step changes it by less than ``tolerance`` (relative to f, summed over the
nodes); the batch runs until every column has. The columns hold single precision (seven digits,
the answer is printed to four), so the pass moves half the bytes.

Examples
--------
Two draws of a 2-cycle whose entries pass on half (draw 0) and 0.55 (draw 1) of what they get:
``x_a = 1 / (1 - w^2)``, ``x_b = w x_a``.

>>> import numpy as np, scipy.sparse as sp
>>> M = sp.csr_matrix(np.array([[0.0, 0.5], [0.5, 0.0]]))
>>> solver = DrawSolver(M, varied=np.array([0, 1]), f=np.array([1.0, 0.0]), start=np.zeros(2), nodes=("a", "b"))
>>> x = solver.solve(np.array([[0.5, 0.55], [0.5, 0.55]]))
>>> [[round(float(v), 4) for v in column] for column in x.T]
[[1.3333, 0.6667], [1.4337, 0.7885]]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from computechain.errors import ConvergenceError
from computechain.queries.engine.draw_kernels import CHUNKS, sweep
from computechain.queries.engine.leontief import MAX_TERMS, non_converging_message


def _rows(M: sp.csr_matrix, entries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The CSR row pointer and columns of M's ``entries`` (ascending positions in M.data)."""
    rows = np.searchsorted(M.indptr, entries, side="right") - 1
    return np.searchsorted(rows, np.arange(M.shape[0] + 1)).astype(np.int64), M.indices[entries].astype(np.int32)


class DrawSolver:
    """``x = f + M x`` for draws that set M's ``varied`` entries (ascending positions in M.data) and, per
    draw, perhaps a few more; :meth:`solve` takes K draws and gives the K answers as columns."""

    def __init__(self, M: sp.csr_matrix, *, varied: np.ndarray, f: np.ndarray, start: np.ndarray,
                 nodes: Sequence[str], tolerance: float = 1e-6) -> None:
        self.M, self.f, self.nodes = M, f, nodes
        self.start, self.scale = start.astype(np.float32), tolerance * max(float(np.abs(f).sum()), 1.0)
        self.varied = np.asarray(varied, dtype=np.int64)
        shared = np.ones(M.nnz, dtype=bool)
        shared[self.varied] = False
        self.shared = (*_rows(M, np.flatnonzero(shared)), M.data[shared].astype(np.float32))
        self.varied_rows = _rows(M, self.varied)

    def solve(self, values: np.ndarray, extra: np.ndarray | None = None, extra_values: np.ndarray | None = None,
              *, rows: np.ndarray | None = None) -> np.ndarray:
        """The answers (nodes x K; only the nodes ``rows`` where given) for K draws: ``values``
        (varied entries x K) and, where given, ``extra`` entries (ascending positions in M.data,
        none of them varied) with their values (extra entries x K; a draw that leaves one as it
        was gives its value in M)."""
        K = values.shape[1]
        extra = np.zeros(0, dtype=np.int64) if extra is None else np.asarray(extra, dtype=np.int64)
        delta = (np.zeros((0, K)) if extra_values is None else extra_values - self.M.data[extra][:, None])
        extra_ptr, extra_col = _rows(self.M, extra)
        X = np.repeat(self.start[:, None], K, axis=1)
        Y, change = np.empty_like(X), np.zeros((CHUNKS, K))
        arrays = (*self.shared, *self.varied_rows, np.ascontiguousarray(values, dtype=np.float32),
                  extra_ptr, extra_col, np.ascontiguousarray(delta, dtype=np.float32))
        f = self.f.astype(np.float32)
        for _ in range(MAX_TERMS):
            sweep(f, X, Y, change, *arrays)
            X, Y = Y, X
            if change.sum(axis=0).max() <= self.scale:
                return (X if rows is None else X[rows]).astype(np.float64)
        worst = int(np.argmax(change.sum(axis=0)))
        data = self.M.data.copy()
        data[self.varied], data[extra] = values[:, worst], data[extra] + delta[:, worst]
        matrix = sp.csr_matrix((data, self.M.indices, self.M.indptr), shape=self.M.shape)
        raise ConvergenceError(non_converging_message(matrix, (X - Y)[:, worst].astype(np.float64), self.nodes))
