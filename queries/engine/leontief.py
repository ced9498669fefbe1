"""Leontief propagation on a sparse matrix: x = (I - M)^-1 f by the Neumann series.

The series ``f + M f + M^2 f + ...`` is summed with sparse matrix-vector products (no
factorisation, so no fill-in); when it does not converge (spectral radius >= 1) the error
names a cycle that carries the non-decaying flow.

Examples
--------
>>> import numpy as np, scipy.sparse as sp
>>> M = sp.csr_matrix(np.array([[0.0, 0.5], [0.5, 0.0]]))   # a 2-cycle, each passes on half
>>> [round(float(v), 6) for v in neumann_solve(M, np.array([1.0, 0.0]), nodes=("a", "b"))]
[1.333333, 0.666667]
>>> neumann_solve(sp.csr_matrix(np.array([[0.0, 1.0], [1.0, 0.0]])), np.array([1.0, 0.0]), nodes=("a", "b"))
Traceback (most recent call last):
...
computechain.errors.ConvergenceError: demand propagation does not converge ... the cycle a -> b -> a ...
"""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx
import numpy as np
import scipy.sparse as sp

from computechain.errors import ConvergenceError
from computechain.graph.cycles import loop_text

TOLERANCE = 1e-12
MAX_TERMS = 10_000


def neumann_solve(M: sp.csr_matrix, f: np.ndarray, *, nodes: Sequence[str], tolerance: float = TOLERANCE,
                  guess: np.ndarray | None = None) -> np.ndarray:
    """Sum ``f + M f + M^2 f + ...`` until the new term is below ``tolerance`` (relative to ``f``).

    With ``guess`` (the solution for a nearby M, say), iterate ``x <- f + M x`` from it instead
    until a step changes x by less than that: the same fixed point, reached in fewer products when
    the guess is close (the error shrinks by M's spectral radius each step).

    >>> M = sp.csr_matrix(np.array([[0.0, 0.5], [0.5, 0.0]]))
    >>> x = neumann_solve(M, np.array([1.0, 0.0]), nodes=("a", "b"))
    >>> M.data[:] = 0.55  # a nearby matrix from the first answer: x_a = 1 / (1 - 0.55 ** 2), x_b = 0.55 x_a
    >>> [round(float(v), 6) for v in neumann_solve(M, np.array([1.0, 0.0]), nodes=("a", "b"), guess=x)]
    [1.433692, 0.78853]
    """
    if guess is None:
        return _series(M, f, nodes, tolerance, None)
    x, scale = guess.astype(np.float64), max(float(np.abs(f).sum()), 1.0)
    for _ in range(MAX_TERMS):
        step = f + M @ x
        change = float(np.abs(step - x).sum())
        x = step
        if change <= tolerance * scale:
            return x
    raise ConvergenceError(non_converging_message(M, x, nodes))


def neumann_reach(M: sp.csr_matrix, f: np.ndarray, *, nodes: Sequence[str],
                  tolerance: float = TOLERANCE) -> tuple[np.ndarray, np.ndarray]:
    """The sum of :func:`neumann_solve` and each node's hops from ``f``'s support: the first term of
    the series that reaches it (-1: none does). With M and f non-negative, term k is positive
    exactly where a walk of k steps along M's entries ends, so these are the fewest hops (a
    breadth-first search's levels) of every node the sum reaches, found without another search.

    >>> M = sp.csr_matrix(np.array([[0.0, 0.0, 0.0], [0.5, 0.0, 0.0], [0.2, 0.5, 0.0]]))  # 0 -> 1 -> 2, 0 -> 2
    >>> x, hops = neumann_reach(M, np.array([1.0, 0.0, 0.0]), nodes=("a", "b", "c"))
    >>> [round(float(v), 6) for v in x], [int(h) for h in hops]
    ([1.0, 0.5, 0.45], [0, 1, 1])
    """
    hops = np.where(f != 0, 0, -1)
    return _series(M, f, nodes, tolerance, hops), hops


def _series(M: sp.csr_matrix, f: np.ndarray, nodes: Sequence[str], tolerance: float,
            hops: np.ndarray | None) -> np.ndarray:
    """The Neumann sum; with ``hops``, also records there (in place) the first term reaching each node."""
    total = f.astype(np.float64).copy()
    term = total
    scale = max(float(np.abs(f).sum()), 1.0)
    for k in range(1, MAX_TERMS + 1):
        term = M @ term
        size = float(np.abs(term).sum())
        if size <= tolerance * scale:
            return total
        total += term
        if hops is not None:
            hops[(hops < 0) & (term != 0)] = k
    raise ConvergenceError(non_converging_message(M, term, nodes))


def non_converging_message(M: sp.csr_matrix, term: np.ndarray, nodes: Sequence[str]) -> str:
    coo = M.tocoo()
    # edge spender -> supplier (column -> row); the flow that does not decay circulates in a cycle
    # (explicit zeros, which a shared sparsity pattern may hold, are no edges)
    G = nx.DiGraph((nodes[int(c)], nodes[int(r)]) for r, c, w in zip(coo.row, coo.col, coo.data, strict=True) if w)
    active = {nodes[int(i)] for i in np.flatnonzero(np.abs(term) > 0)}
    component = next(c for c in nx.strongly_connected_components(G)
                     if c & active and (len(c) > 1 or G.has_edge(next(iter(c)), next(iter(c)))))
    loop = loop_text([u for u, _ in nx.find_cycle(G.subgraph(component))])
    return (f"demand propagation does not converge (spectral radius >= 1): the cycle {loop} passes on "
            "all of its spend; give its weights or use --fill none")
