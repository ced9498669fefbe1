"""Compiled loops (numba) of the Monte Carlo: what a batch of draws does to every touched entry of
the money view, in one pass per step instead of one array operation per formula, and one step of
the batched solve (:mod:`computechain.queries.engine.batch_solve`).

Each kernel runs the draws of a batch side by side on every processor, writing into arrays it is
given (so that a batch reuses the last one's memory); :mod:`computechain.queries.engine.money_draws`
says what the steps mean.

Examples
--------
A triangular (0, 1, 4) at u = 0.2 (below the mode's place 1/4): ``0 + sqrt(0.2 * 4 * 1)``; at
u = 0.5: ``4 - sqrt(0.5 * 4 * 3)``.

>>> import numpy as np
>>> low, mode, high, out = np.array([0.0]), np.array([1.0]), np.array([4.0]), np.empty((2, 1))
>>> triangular(np.array([[0.2], [0.5]]), low, mode, high, out)
>>> [round(float(v), 4) for v in out[:, 0]]
[0.8944, 1.5505]
"""

from __future__ import annotations

import math

import numba
import numpy as np

_compiled = numba.njit(parallel=True, cache=True, nogil=True)
CHUNKS = 256  # a loop over rows or entries runs in this many parts, shared among the processors


@_compiled
def triangular(uniform: np.ndarray, low: np.ndarray, mode: np.ndarray, high: np.ndarray,
               out: np.ndarray) -> None:  # pragma: no cover
    """Per draw (row of ``uniform``) and distribution, into ``out``: the inverse of the triangular
    distribution function (as numpy's ``Generator.triangular`` computes it from one uniform)."""
    K, S = uniform.shape
    for k in numba.prange(K):
        for s in range(S):
            width, u = high[s] - low[s], uniform[k, s]
            if u <= (mode[s] - low[s]) / width:
                out[k, s] = low[s] + math.sqrt(u * width * (mode[s] - low[s]))
            else:
                out[k, s] = high[s] - math.sqrt((1.0 - u) * width * (high[s] - mode[s]))


@_compiled
def touched_draws(share: np.ndarray, drawn: np.ndarray, slot: np.ndarray, seller: np.ndarray, paid: np.ndarray,
                  kept: np.ndarray, prior: np.ndarray, by_buyer: np.ndarray, place: np.ndarray, usd: np.ndarray,
                  value: np.ndarray) -> None:  # pragma: no cover
    """Per touched entry t and draw k: its USD (``usd[t, k]``): a prior cell ``kept``, a share of
    the buyer's spend ``paid``, else its share (``drawn[k, slot[t]]`` where it has a range, else
    ``share``) times the ``seller``'s revenue; and its share of that revenue (its share where the
    seller has none) at ``value[place[t], k]`` (``place`` -1: not wanted). ``seller``, ``paid`` and
    ``kept`` hold a row per draw."""
    T, K = usd.shape
    for chunk in numba.prange(CHUNKS):
        for t in range(chunk * T // CHUNKS, (chunk + 1) * T // CHUNKS):
            for k in range(K):
                drawn_share = share[t] if slot[t] < 0 else drawn[k, slot[t]]
                flow = kept[k, t] if prior[t] else (paid[k, t] if by_buyer[t] else drawn_share * seller[k, t])
                usd[t, k] = flow
                if place[t] >= 0:
                    value[place[t], k] = flow / seller[k, t] if seller[k, t] > 0 else drawn_share


@_compiled
def line_moves(usd: np.ndarray, base: np.ndarray, entries: np.ndarray, bins: np.ndarray,
               moved: np.ndarray) -> None:  # pragma: no cover
    """Per draw k and line, into ``moved[k]``: the USD change of its fixed cells (column 2 l) and of
    its prior cells (2 l + 1) from the change of each touched entry in ``entries`` (``bins``: their
    columns; ``usd``: a row per touched entry)."""
    K = usd.shape[1]
    for k in numba.prange(K):
        moved[k] = 0.0
        for i in range(len(entries)):
            moved[k, bins[i]] += usd[entries[i], k] - base[entries[i]]


@_compiled
def line_factors(moved: np.ndarray, fixed: np.ndarray, prior: np.ndarray, bound: np.ndarray,
                 factor: np.ndarray) -> None:  # pragma: no cover
    """Per draw and line, into ``factor``: what scales its prior cells down to fit ``bound`` (a row
    per draw), 1 where its flows fit."""
    K, lines = moved.shape[0], len(fixed)
    for k in numba.prange(K):
        for line in range(lines):
            held, scalable = fixed[line] + moved[k, 2 * line], prior[line] + moved[k, 2 * line + 1]
            factor[k, line] = 1.0
            if held + scalable > bound[k, line] and scalable > 0:
                factor[k, line] = min(1.0, max(0.0, (bound[k, line] - held) / scalable))


@numba.njit(parallel=True, cache=True, nogil=True, fastmath={"contract", "reassoc"})
def sweep(f: np.ndarray, X: np.ndarray, Y: np.ndarray, change: np.ndarray,
           shared_ptr: np.ndarray, shared_col: np.ndarray, shared_value: np.ndarray,
           varied_ptr: np.ndarray, varied_col: np.ndarray, varied_value: np.ndarray,
           extra_ptr: np.ndarray, extra_col: np.ndarray, extra_delta: np.ndarray) -> None:  # pragma: no cover
    """One step ``Y = f + M X`` for every column k, with M = shared values (the same in every
    column, the varied entries left out) + varied values (``varied_value[e, k]``) + extra changes
    (``extra_delta[e, k]``, added to the shared value); ``change[c, k]``: the sum over chunk c's
    rows of ``|Y - X|`` in column k."""
    n, K = X.shape
    for c in numba.prange(CHUNKS):
        total = np.zeros(K)
        row = np.empty(K, dtype=np.float32)
        for i in range(c * n // CHUNKS, (c + 1) * n // CHUNKS):
            for k in range(K):
                row[k] = f[i]
            for e in range(shared_ptr[i], shared_ptr[i + 1]):
                weight, source = np.float32(shared_value[e]), X[shared_col[e]]
                for k in range(K):
                    row[k] += weight * source[k]
            for e in range(varied_ptr[i], varied_ptr[i + 1]):
                source = X[varied_col[e]]
                for k in range(K):
                    row[k] += varied_value[e, k] * source[k]
            for e in range(extra_ptr[i], extra_ptr[i + 1]):
                source = X[extra_col[e]]
                for k in range(K):
                    row[k] += extra_delta[e, k] * source[k]
            before = X[i]
            for k in range(K):
                total[k] += abs(row[k] - before[k])
                Y[i, k] = row[k]
        change[c] = total
