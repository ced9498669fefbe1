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
>>> from computechain.queries.engine.view import CompiledView
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
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse import csgraph

from computechain.queries.engine.leontief import neumann_solve
from computechain.queries.engine.view import BATCH, ESTIMATE, FILLED, REPORTED, CompiledView, DrawnValues

PERCENTILES = {"p5": 5, "p50": 50, "p95": 95}
# A draw's iteration stops when a step changes the answer by less than this (relative to the amount,
# summed over every node): the p5 of 1,000 draws carries a sampling error of a few per cent of the
# range, and the answer is printed to four digits; on the 1M-relation benchmark graph 1e-4 (six
# steps) leaves every node within 1.3e-8 of the answer at 1e-6 (nine steps).
DRAW_TOLERANCE = 1e-4


@dataclass(frozen=True)
class _Pattern:
    """M's entries laid out once per view and question (kept with the view): the CSR pattern, each
    entry's position in :attr:`CompiledView.revenue_entries`, row, value and basis in the pattern's
    order, and the pattern transposed (the edges along which value spreads, j -> i for M[i, j])."""

    M: sp.csr_matrix
    position: np.ndarray
    row: np.ndarray
    value: np.ndarray
    basis: np.ndarray
    spread: sp.csr_matrix

    @cached_property
    def levels(self) -> tuple[tuple[str, np.ndarray], ...]:
        """The answer's levels, each with the entries it solves on (a mask in pattern order): they nest."""
        basis = self.basis
        return (("reported", basis == REPORTED), ("with_estimates", basis <= ESTIMATE),
                ("with_filled", basis <= FILLED), ("total", np.ones(len(basis), dtype=bool)))

    @cached_property
    def level_matrices(self) -> dict[str, sp.csr_matrix]:
        """Each level's M when every entry is on the path (the question does not cut the graph)."""
        return {name: self.matrix(level, self.value[level]) for name, level in self.levels}

    def matrix(self, chosen: np.ndarray, data: np.ndarray) -> sp.csr_matrix:
        """M with only the ``chosen`` entries (a mask in pattern order), carrying ``data`` (one value
        per chosen entry)."""
        if chosen.all():
            return sp.csr_matrix((data, self.M.indices, self.M.indptr), shape=self.M.shape)
        counts = np.bincount(self.row[chosen], minlength=self.M.shape[0])
        indptr = np.concatenate([[0], np.cumsum(counts)])
        return sp.csr_matrix((data, self.M.indices[chosen], indptr), shape=self.M.shape)


def _pattern(view: CompiledView, transpose: bool, absorbing: Sequence[int]) -> _Pattern:
    """:attr:`CompiledView.revenue_entries` as entries of M (rows of ``absorbing`` cut), built once."""
    key = ("revenue-pattern", transpose, tuple(sorted(absorbing)))
    if key not in view.derived:
        entries = view.revenue_entries
        entries = entries[~entries["row"].isin(absorbing)] if len(absorbing) else entries
        rows, cols = (entries["col"], entries["row"]) if transpose else (entries["row"], entries["col"])
        n = len(view.nodes)
        # the pattern's data holds entry numbers (+1, so none is an explicit zero)
        M = sp.csr_matrix((np.arange(1.0, len(entries) + 1.0), (rows.to_numpy(), cols.to_numpy())), shape=(n, n))
        order = M.data.astype(np.int64) - 1
        view.derived[key] = _Pattern(M, entries.index.to_numpy()[order], np.repeat(np.arange(n), np.diff(M.indptr)),
                                     entries["value"].to_numpy()[order], entries["basis"].to_numpy()[order],
                                     M.T.tocsr())
    return view.derived[key]


def _reached(edges: sp.csr_matrix, starts: np.ndarray) -> np.ndarray:
    """Mask of the nodes reached from ``starts`` along ``edges`` (one breadth-first search, from an
    extra node linked to every start when there are several)."""
    n = edges.shape[0]
    if len(starts) == 1:  # no extra node needed
        reached = np.zeros(n, dtype=bool)
        reached[csgraph.breadth_first_order(edges, int(starts[0]), directed=True, return_predecessors=False)] = True
        return reached
    indptr = np.append(edges.indptr, edges.indptr[-1] + len(starts))
    indices = np.concatenate([edges.indices, np.asarray(starts, dtype=edges.indices.dtype)])
    linked = sp.csr_matrix((np.ones(len(indices)), indices, indptr), shape=(n + 1, n + 1))
    reached = np.zeros(n + 1, dtype=bool)
    reached[csgraph.breadth_first_order(linked, n, directed=True, return_predecessors=False)] = True
    return reached[:n]


def solve_revenue(view: CompiledView, rhs: np.ndarray, *, transpose: bool = False, absorbing: Sequence[int] = (),
                  keep: Sequence[int] = (), samples: int = 0, seed: int = 0) -> dict[str, np.ndarray]:
    """``(I - M)^-1 rhs - rhs`` at the nodes ``keep`` (arrays in that order) for R's reported part
    (``reported``), reported plus estimated parts (``with_estimates``), those plus the missing-weight
    rule's (``with_filled``) and all of R, size priors included (``total``);
    with ``samples``, also ``p5``, ``p50``, ``p95`` over that many draws."""
    pattern = _pattern(view, transpose, absorbing)
    reach_key = ("reaching", transpose, tuple(sorted(absorbing)), tuple(sorted(keep)))
    if reach_key not in view.derived:  # the nodes from which the kept ones are reached: one per question
        view.derived[reach_key] = _reached(pattern.M, np.asarray(keep, dtype=np.int64))
    between = _reached(pattern.spread, np.flatnonzero(rhs)) & view.derived[reach_key]
    on_path = (np.ones(len(pattern.row), dtype=bool) if between.all()
               else between[pattern.row] & between[pattern.M.indices])
    kept = np.asarray(keep, dtype=np.int64)

    every = bool(between.all())
    value = pattern.value
    full, last, count = {}, rhs, -1
    for name, level in pattern.levels:
        chosen = level if every else on_path & level
        if int(chosen.sum()) != count:  # the levels nest: one without entries of its own has the last one's answer
            M = pattern.level_matrices[name] if every else pattern.matrix(chosen, value[chosen])
            # a level's answer is at least the last one's (non-negative entries): the iteration starts there
            last = neumann_solve(M, rhs, nodes=view.nodes, guess=None if count < 0 else last)
            count = int(chosen.sum())
        full[name] = last
    solved = {name: (x - rhs)[kept] for name, x in full.items()}
    if samples:
        # a draw's solve starts from the balanced answer (the same fixed point, a few products sooner)
        drawn = view.draws(range(samples), seed) if view.draws else _drawn(view.revenue_entries, range(samples), seed)
        solves = _solved(pattern.matrix(on_path, value[on_path]), pattern.position[on_path], drawn,
                         len(view.revenue_entries), f=rhs, start=full["total"], nodes=view.nodes, rows=kept)
        draws = np.concatenate([(x - rhs[kept, None]).T for x in solves])
        solved |= {name: np.percentile(draws, q, axis=0) for name, q in PERCENTILES.items()}
    return solved


def _solved(M: sp.csr_matrix, at: np.ndarray, drawn: DrawnValues, size: int, *, f: np.ndarray, start: np.ndarray,
            nodes: Sequence[str], rows: np.ndarray) -> Iterator[np.ndarray]:
    """The draws' answers to ``x = f + M x`` from ``start`` at the nodes ``rows``, a batch at a time
    (rows x draws): M's entries are the revenue entries at positions ``at`` (of ``size``), the
    draws set those at ``drawn.positions`` and a few others each."""
    from computechain.queries.engine.batch_solve import DrawSolver  # compiled: loaded when draws are asked for

    where = np.full(size, -1)
    where[at] = np.arange(len(at))
    local = where[drawn.positions]
    on = np.flatnonzero(local >= 0)
    pick = on[np.argsort(local[on])]  # the drawn values in M's order
    solver = DrawSolver(M, varied=local[pick], f=f, start=start, nodes=nodes, tolerance=DRAW_TOLERANCE)
    for values, others in drawn.batches(pick):
        entries = [where[other] for other, _ in others]
        extra = np.unique(np.concatenate([entry[entry >= 0] for entry in entries] + [_NONE]))
        extra_values = np.repeat(M.data[extra][:, None], values.shape[1], axis=1)
        for k, (entry, (_, value)) in enumerate(zip(entries, others, strict=True)):
            extra_values[np.searchsorted(extra, entry[entry >= 0]), k] = value[entry >= 0]
        yield solver.solve(values, extra, extra_values, rows=rows)


def _drawn(entries: pd.DataFrame, which: range, seed: int) -> DrawnValues:
    """The draws numbered ``which`` of the entries' ranged values (triangular, draw k from the
    generator seeded ``(seed, k)``), a batch at a time."""
    value = entries["value"].to_numpy()
    ranged = np.flatnonzero(entries["low"].notna().to_numpy() & entries["high"].notna().to_numpy())
    mode = value[ranged]
    low, high = entries["low"].to_numpy()[ranged], entries["high"].to_numpy()[ranged]
    spread = high > low

    def draw(k: int) -> np.ndarray:
        rng = np.random.default_rng((seed, k))
        return np.where(spread, rng.triangular(low, mode, np.maximum(high, low + 1e-300)), mode)

    def batches(wanted: np.ndarray) -> Iterator[tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray]]]]:
        for start in range(0, len(which), BATCH):
            part = which[start:start + BATCH]
            yield (np.array([draw(k)[wanted] for k in part], dtype=np.float32).T.copy(),
                   [(_NONE, np.zeros(0))] * len(part))

    return DrawnValues(ranged, batches)


_NONE = np.zeros(0, dtype=np.int64)
