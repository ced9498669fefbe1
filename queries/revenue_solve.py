"""Solve ``(I - M)^-1 rhs - rhs`` over the revenue matrix R, split by basis and under Monte Carlo.

``M`` is R prepared for one question: transposed (a row of the inverse: one company's exposure to
every source) or with some rows cut (absorbing members: revenue stops at the first member it
reaches). Only the answer at the ``keep`` nodes is wanted, so only the nodes on some path from
the support of ``rhs`` to a ``keep`` node take part: every walk that carries value to a kept
node runs through them only, so the answer is exact. Their entries are laid out once in a CSR
pattern; the split by basis and each Monte Carlo draw only overwrite values in it, so a draw
costs one small vector write and one Neumann solve, not a matrix rebuild.

Uncertainty: every revenue share with a low/high range (on a path that matters) is drawn from a
triangular distribution (low, value, high), all draws from one seeded generator.

Examples
--------
Company a earns 50 % (range 40-60 %, estimated) from b, which earns all from c (reported):

>>> import numpy as np, pandas as pd
>>> from computechain.queries.view import CompiledView
>>> entries = pd.DataFrame({"row": [1, 0], "col": [2, 1], "value": [1.0, 0.5], "basis": [0, 1],
...                         "low": [np.nan, 0.4], "high": [np.nan, 0.6]})  # basis 0 reported, 1 estimate
>>> view = CompiledView(("a", "b", "c"), {"a": 0, "b": 1, "c": 2}, {}, {}, pd.DataFrame(), entries, ())
>>> solved = solve_revenue(view, np.array([1.0, 0.0, 0.0]), transpose=True, keep=[2, 1], samples=100, seed=1)
>>> [[float(v) for v in solved[k]] for k in ("reported", "with_estimates", "total")]
[[0.0, 0.0], [0.5, 0.5], [0.5, 0.5]]
>>> bool(0.4 < solved["p5"][0] < solved["p50"][0] < solved["p95"][0] < 0.6)
True
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse import csgraph

from computechain.queries.leontief import neumann_solve
from computechain.queries.view import ESTIMATE, FILLED, REPORTED, CompiledView

PERCENTILES = {"p5": 5, "p50": 50, "p95": 95}


def _entries(view: CompiledView, transpose: bool, absorbing: Sequence[int]) -> pd.DataFrame:
    """:attr:`CompiledView.revenue_entries` as entries of M (rows of ``absorbing`` cut)."""
    entries = view.revenue_entries
    entries = entries[~entries["row"].isin(absorbing)] if len(absorbing) else entries
    return entries.rename(columns={"row": "col", "col": "row"}) if transpose else entries


def _reached(sources: np.ndarray, targets: np.ndarray, n: int, starts: np.ndarray) -> np.ndarray:
    """Mask of the nodes reached from ``starts`` along the edges ``sources[k] -> targets[k]``
    (one breadth-first search from an extra node n linked to every start)."""
    edges = sp.csr_matrix((np.ones(len(sources) + len(starts)),
                           (np.concatenate([sources, np.full(len(starts), n)]), np.concatenate([targets, starts]))),
                          shape=(n + 1, n + 1))
    reached = np.zeros(n + 1, dtype=bool)
    reached[csgraph.breadth_first_order(edges, n, directed=True, return_predecessors=False)] = True
    return reached[:n]


def _between(entries: pd.DataFrame, n: int, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Mask of the nodes on some path from ``starts`` to ``ends`` along the entries (value flows
    from j to i for ``M[i, j]``)."""
    rows, cols = entries["row"].to_numpy(), entries["col"].to_numpy()
    return _reached(cols, rows, n, starts) & _reached(rows, cols, n, ends)


def solve_revenue(view: CompiledView, rhs: np.ndarray, *, transpose: bool = False, absorbing: Sequence[int] = (),
                  keep: Sequence[int] = (), samples: int = 0, seed: int = 0) -> dict[str, np.ndarray]:
    """``(I - M)^-1 rhs - rhs`` at the nodes ``keep`` (arrays in that order) for R's reported part
    (``reported``), reported plus estimated parts (``with_estimates``), those plus the missing-weight
    rule's (``with_filled``) and all of R, size priors included (``total``);
    with ``samples``, also ``p5``, ``p50``, ``p95`` over that many draws."""
    n = len(view.nodes)
    entries = _entries(view, transpose, absorbing)
    nodes = np.flatnonzero(_between(entries, n, np.flatnonzero(rhs), np.asarray(keep, dtype=np.int64)))
    position = np.full(n, -1)
    position[nodes] = np.arange(len(nodes))
    entries = entries[(position[entries["row"]] >= 0) & (position[entries["col"]] >= 0)]
    # the pattern's data holds entry numbers (+1, so none is an explicit zero), then the values
    M = sp.csr_matrix((np.arange(1.0, len(entries) + 1.0), (position[entries["row"]], position[entries["col"]])),
                      shape=(len(nodes), len(nodes)))
    entries = entries.iloc[M.data.astype(np.int64) - 1]  # in the pattern's order
    value, basis = entries["value"].to_numpy(), entries["basis"].to_numpy()
    local_rhs, kept = rhs[nodes], position[list(keep)]
    names = [view.nodes[i] for i in nodes]

    def solve(data: np.ndarray) -> np.ndarray:
        M.data = data
        solved = neumann_solve(M, local_rhs, nodes=names) - local_rhs
        return np.append(solved, 0.0)[kept]  # position -1: a kept node off every path gets nothing

    solved = {"reported": solve(np.where(basis == REPORTED, value, 0.0)),
              "with_estimates": solve(np.where(basis <= ESTIMATE, value, 0.0)),
              "with_filled": solve(np.where(basis <= FILLED, value, 0.0)),
              "total": solve(value.copy())}
    if samples:
        draws = np.array([solve(data) for data in _draws(entries, samples, seed)])
        solved |= {name: np.percentile(draws, q, axis=0) for name, q in PERCENTILES.items()}
    return solved


def _draws(entries: pd.DataFrame, samples: int, seed: int) -> Iterator[np.ndarray]:
    """The entries' values with every ranged one drawn (triangular), ``samples`` times (one
    buffer, overwritten in place: every draw writes every ranged entry)."""
    value = entries["value"].to_numpy()
    ranged = np.flatnonzero(entries["low"].notna().to_numpy() & entries["high"].notna().to_numpy())
    mode = value[ranged]
    low, high = entries["low"].to_numpy()[ranged], entries["high"].to_numpy()[ranged]
    rng = np.random.default_rng(seed)
    data = value.copy()
    for _ in range(samples):
        data[ranged] = np.where(high > low, rng.triangular(low, mode, np.maximum(high, low + 1e-300)), mode)
        yield data
