"""Monte Carlo draws of the money view: revenues, market sizes, cost shares and shares within their ranges.

A draw re-prices the balanced flows rather than balancing again (docs/methodology.md, section 9):

1. every range is drawn from a triangular distribution (low, value, high): a reported or estimated
   share of a seller's revenue (the entry itself), a seller's revenue (factor ``rho_i``), a
   segment's market size (factor ``mu_s``) and an input segment's cost share (factor ``kappa_s``);
2. a reported or estimated share of the seller's revenue is its drawn share of the seller's drawn
   revenue; a reported or estimated share of the buyer's spend, that share of the buyer's drawn
   budget; every other (*prior*) cell keeps its USD, so its share of the seller's revenue is
   divided by ``rho_i``, and a market cell's USD follows its segment's cost share and cap:
   ``kappa_s min(1, mu_s M_s / (kappa_s D_s)) / min(1, M_s / D_s)`` with ``M_s`` the market size
   and ``D_s`` the plans' demand before the cap (a self-built plan buys an input by its cost share);
3. only what the draw pushes past a limit is balanced again, by one capped step of RAS: a
   spender's prior cells are scaled down where its flows would exceed its drawn budget, then a
   seller's where its flows would exceed its drawn revenue (an excess the balanced view already
   has, which the audit reports, is kept, so a draw without ranges is the balanced view).

Only the cells a range touches are re-priced, and only the lines some draw can push past a limit
take part in the capped step, so a draw costs in proportion to what is uncertain, not to the size
of the graph. Draws are made :data:`~computechain.queries.engine.view.BATCH` at a time, side by
side, in compiled loops (:mod:`~computechain.queries.engine.draw_kernels`); draw k comes from the
generator seeded ``(seed, k)``, whichever draws are made with it.

Examples
--------
A seller of revenue 100 (range 80-125) gets 20 USD from a plan (a prior cell): its share of the
seller's revenue is 0.2 / rho, between 0.16 and 0.25.

>>> import numpy as np, pandas as pd
>>> R = pd.DataFrame({"row": [0], "col": [1], "value": [0.2], "basis": [3], "low": [np.nan], "high": [np.nan],
...                   "spender": [1], "by_buyer": [False]})
>>> money = pd.DataFrame({"revenue_usd": [100.0, np.nan], "revenue_low_usd": [80.0, np.nan],
...                       "revenue_high_usd": [125.0, np.nan], "capex_usd": [np.nan, 50.0], "cost_usd": [np.nan] * 2,
...                       "market_usd": [np.nan] * 2, "market_low_usd": [np.nan] * 2, "market_high_usd": [np.nan] * 2,
...                       "cost_share": [np.nan] * 2, "cost_low": [np.nan] * 2, "cost_high": [np.nan] * 2})
>>> spend = pd.DataFrame({"row": [0], "col": [1], "value": [0.4], "product": [-1], "via_market": [False]})
>>> draws = MoneyDraws(R, spend, money, np.zeros(2))
>>> shares = np.array([d.value[0] for d in draws.draws(500, seed=1)])
>>> bool(0.16 <= shares.min() < 0.2 < shares.max() <= 0.25)
True
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from computechain.queries.engine.money_named import purchase_caps
from computechain.queries.engine.view import BATCH, ESTIMATE, DrawnValues


@dataclass(frozen=True)
class Draw:
    """One draw: the ``touched`` entries' (positions in the money R; the same in every draw) share of
    the seller's revenue and USD (NaN where the seller has no revenue), the ``other`` entries a cap
    scaled, likewise, and each node's drawn revenue and budget; ``value`` and ``usd`` give every
    entry (the balanced view's elsewhere)."""

    touched_value: np.ndarray
    touched_usd: np.ndarray
    other: np.ndarray
    other_value: np.ndarray
    other_usd: np.ndarray
    revenue: np.ndarray
    budget: np.ndarray
    base: _Cells

    @property
    def value(self) -> np.ndarray:
        return self._spread(self.base.share, self.touched_value, self.other_value)

    @property
    def usd(self) -> np.ndarray:
        return self._spread(self.base.usd, self.touched_usd, self.other_usd)

    def _spread(self, base: np.ndarray, touched: np.ndarray, other: np.ndarray) -> np.ndarray:
        out = base.copy()
        out[self.base.touched], out[self.other] = touched, other
        return out


@dataclass(frozen=True)
class _Triangular:
    """Triangular distributions (low, mode, high) at positions ``at`` of an array of ``size``."""

    at: np.ndarray
    size: int
    low: np.ndarray
    mode: np.ndarray
    high: np.ndarray

    @staticmethod
    def of(value: np.ndarray, low: np.ndarray, high: np.ndarray, ranged: np.ndarray) -> _Triangular | None:
        """The ``ranged`` positions' distributions (None where none is)."""
        at = np.flatnonzero(ranged)
        return _Triangular(at, len(value), low[at], value[at], high[at]) if len(at) else None

    def draw(self, rngs: list[np.random.Generator], buffers: _Buffers, name: str) -> np.ndarray:
        """One value per draw (a row per generator) and distribution (in ``buffers``, under ``name``)."""
        from computechain.queries.engine.draw_kernels import triangular  # compiled: loaded when draws are made

        shape = (len(rngs), len(self.at))
        uniform, out = buffers.get(f"{name}-uniform", shape), buffers.get(name, shape)
        for k, rng in enumerate(rngs):
            rng.random(out=uniform[k])
        triangular(uniform, self.low, self.mode, self.high, out)
        return out

    def factors(self, rngs: list[np.random.Generator], buffers: _Buffers, name: str) -> np.ndarray:
        """Per draw and position, the drawn value over the value (1 where there is no range)."""
        out = np.ones((len(rngs), self.size))
        out[:, self.at] = self.draw(rngs, buffers, name) / self.mode
        return out


class _Buffers:
    """Arrays reused from one batch of draws to the next, by name (a fresh large array costs its
    page faults every time); ``fresh`` ones are new each time (for draws that are kept)."""

    def __init__(self, *, fresh: bool = False) -> None:
        self.fresh = fresh
        self._arrays: dict[str, np.ndarray] = {}

    def get(self, name: str, shape: tuple[int, ...], dtype: type[np.floating[Any]] = np.float64) -> np.ndarray:
        held = self._arrays.get(name)
        if self.fresh or held is None or held.shape != shape or held.dtype != dtype:
            held = self._arrays[name] = np.empty(shape, dtype=dtype)
        return held


@dataclass(frozen=True)
class _Lines:
    """Entries grouped by a line (seller or spender) for the capped step: each line's limit in the
    balanced view's terms and its fixed and prior sums there."""

    line: np.ndarray  # per entry (-1: on no line)
    order: np.ndarray  # entries on a line, by line
    starts: np.ndarray  # per line, where its entries begin in ``order`` (and one past the end)
    fixed: np.ndarray  # per line: USD of its fixed cells, of its prior cells
    prior: np.ndarray
    excess: np.ndarray  # per line: the balanced view's flows past its limit (kept)

    @staticmethod
    def of(line: np.ndarray, usd: np.ndarray, prior: np.ndarray, limit: np.ndarray) -> _Lines:
        n, on = len(limit), line >= 0
        order = np.flatnonzero(on)[np.argsort(line[on], kind="stable")]
        starts = np.searchsorted(line[order], np.arange(n + 1))
        fixed = np.bincount(line[on], weights=np.where(prior, 0.0, usd)[on], minlength=n)
        scalable = np.bincount(line[on], weights=np.where(prior, usd, 0.0)[on], minlength=n)
        excess = np.clip(np.nan_to_num(fixed + scalable - limit, nan=0.0), 0.0, None) * (1 + 1e-12)
        return _Lines(line, order, starts, fixed, scalable, excess)

    def bound(self, limit: np.ndarray) -> np.ndarray:
        """What a line's flows may reach: its limit (per draw, or one row) plus its kept excess."""
        return np.nan_to_num(np.atleast_2d(limit) + self.excess, nan=np.inf)

    def watched(self, touched: np.ndarray, rise: np.ndarray, lowest: np.ndarray, prior: np.ndarray) -> _Watched:
        """The lines that some draw can push past their limit: the balanced flows plus the most
        the ``touched`` entries can rise (``rise``) exceed the lowest limit a draw can give
        (``lowest``); the others never need the capped step."""
        line = self.line[touched]
        on = line >= 0
        worst = self.fixed + self.prior + np.bincount(line[on], weights=rise[on], minlength=len(self.fixed))
        lines = np.flatnonzero(worst > self.bound(lowest)[0] * (1 - 1e-9))
        slot = np.full(len(self.fixed) + 1, -1)  # a last -1 for entries on no line
        slot[lines] = np.arange(len(lines))
        entries = np.flatnonzero(slot[line] >= 0)
        return _Watched(lines, slot, entries, 2 * slot[line[entries]] + prior[touched[entries]])

    def scaled(self, factor: np.ndarray, watched: _Watched,
               prior: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The prior cells of the lines a draw scales (``factor`` < 1, per draw and watched line):
        each one's draw, entry and factor."""
        draw, at = np.nonzero(factor < 1)
        over = watched.lines[at]
        counts = self.starts[over + 1] - self.starts[over]
        within = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        cells = self.order[np.repeat(self.starts[over], counts) + within]
        chosen = prior[cells]
        return (np.repeat(draw, counts)[chosen], cells[chosen], np.repeat(factor[draw, at], counts)[chosen])


@dataclass(frozen=True)
class _Watched:
    """The lines of a :class:`_Lines` a draw can push past their limit (ids, and per line its place
    among them or -1), and the touched entries on them (places among the touched) with their bins:
    twice their line's place, plus 1 for a prior cell."""

    lines: np.ndarray
    slot: np.ndarray
    entries: np.ndarray
    bins: np.ndarray


@dataclass(frozen=True)
class _Batch:
    """Draws side by side (a column each): the touched entries' shares of the seller's revenue and
    USD (a row per entry), the other entries the caps scaled (draw, entry, USD, share), and per
    node the drawn revenue and budget (a row per draw; one when nothing moves them)."""

    value: np.ndarray
    usd: np.ndarray
    other: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
    revenue: np.ndarray
    budget: np.ndarray

    def others(self, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Draw k's other entries, their share of the seller's revenue and their USD."""
        draw, entry, usd, value = self.other
        mine = draw == k
        return entry[mine], value[mine], usd[mine]


def _merge(held: tuple[np.ndarray, np.ndarray, np.ndarray], draw: np.ndarray, entry: np.ndarray,
           factor: np.ndarray, base: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The other entries' USD per draw (draw, entry, USD; by draw and entry) after scaling ``entry``
    in ``draw`` by ``factor``: one already held is scaled again, a new one from its balanced USD
    (``base``).

    >>> held = (np.array([0]), np.array([5]), np.array([10.0]))
    >>> [a.tolist() for a in _merge(held, np.array([0, 1]), np.array([5, 5]), np.array([0.5, 0.5]), np.full(6, 8.0))]
    [[0, 1], [5, 5], [5.0, 4.0]]
    """
    held_draw, held_entry, held_usd = held
    held_key, key = held_draw * len(base) + held_entry, draw * len(base) + entry
    place = np.searchsorted(held_key, key)
    found = place < len(held_key)
    found[found] = held_key[place[found]] == key[found]
    usd = held_usd.copy()
    usd[place[found]] *= factor[found]
    new = ~found
    draws, entries = np.concatenate([held_draw, draw[new]]), np.concatenate([held_entry, entry[new]])
    order = np.argsort(draws * len(base) + entries)
    return draws[order], entries[order], np.concatenate([usd, base[entry[new]] * factor[new]])[order]


@dataclass(frozen=True)
class _Cells:
    """What a draw varies, per entry of the money R (module doc) and per node."""

    row: np.ndarray  # the seller
    spender: np.ndarray  # whose budget the flow comes out of (-1: none)
    share: np.ndarray  # the entry's share of its seller's revenue (the balanced value)
    shares: _Triangular | None  # the touched entries' ranged shares
    prior: np.ndarray  # a prior cell: keeps its USD
    by_buyer: np.ndarray  # a share of the buyer's spend: its USD follows the buyer's budget
    usd: np.ndarray  # the balanced flows (NaN: the seller has no revenue)
    touched: np.ndarray  # the entries some range reprices
    parts: sp.csr_matrix  # touched entries x (nodes + 1): a prior cell's share by the market it came through
    revenue: np.ndarray  # per node: value, and its range
    revenues: _Triangular | None
    market: np.ndarray
    markets: _Triangular | None
    cost: np.ndarray  # per node: an input segment's cost share, and its range
    costs: _Triangular | None
    demand: np.ndarray  # per segment: the plans' demand before the market cap
    budget: np.ndarray  # per node: what it can spend
    sellers: _Lines
    spenders: _Lines

    def _market_scale(self, mu: np.ndarray, kappa: np.ndarray) -> np.ndarray:
        """Per draw, per node (and a last 1 for cells through no market): how a market cell's USD moves."""
        capped = (self.demand > 0) & ~np.isnan(self.market)  # a market without a size caps nothing
        ratio = np.divide(self.market, self.demand, out=np.full(len(self.market), np.inf), where=capped)
        base = np.minimum(1.0, ratio)
        scale = np.divide(kappa * np.minimum(1.0, mu * ratio / kappa), base, out=np.ones(mu.shape), where=base > 0)
        return np.hstack([np.where(np.isnan(scale), 1.0, scale), np.ones((len(mu), 1))])

    @cached_property
    def _at(self) -> dict[str, Any]:
        """The touched entries' facts, gathered once for every draw: theirs, each entry's place
        among them, the slot of its drawn share, and the lines a draw can push past their limit."""
        at, n = self.touched, len(self.revenue)
        usd = self.usd[at]
        local = np.full(len(self.share), -1)
        local[at] = np.arange(len(at))
        slot = np.full(len(at), -1)
        if self.shares is not None:
            slot[self.shares.at] = np.arange(len(self.shares.at))
        seller_usd = self.revenue[self.row[at]]
        kept = self.parts @ np.ones(self.parts.shape[1]) * seller_usd
        # the most a touched entry's USD can rise: every range at the end that raises it
        rho_high, rho_low = (_end(self.revenues, n, end) for end in ("high", "low"))
        share_high = self.share[at].copy()
        if self.shares is not None:
            share_high[self.shares.at] = self.shares.high
        kept_high = kept if self.markets is None and self.costs is None else (
            self.parts @ self._market_scale(_end(self.markets, n, "high")[None], _end(self.costs, n, "high")[None])[0]
            * seller_usd)
        spender = np.maximum(self.spender[at], 0)
        row = self.row[at]
        high = np.where(self.prior[at], kept_high,
                        np.where(self.by_buyer[at], usd * rho_high[spender], share_high * seller_usd * rho_high[row]))
        rise = np.clip(np.nan_to_num(high - usd), 0.0, None)
        return {"share": self.share[at], "row": row, "spender": spender, "by_buyer": self.by_buyer[at],
                "prior": self.prior[at], "usd": usd, "base": np.nan_to_num(usd), "seller_usd": seller_usd,
                "local": local, "slot": slot, "kept": kept,
                "spenders": self.spenders.watched(at, rise, self.budget * rho_low, self.prior),
                "sellers": self.sellers.watched(at, rise, self.revenue * rho_low, self.prior)}

    def batch(self, which: range, seed: int, buffers: _Buffers, place: np.ndarray | None = None,
              dtype: type[np.floating[Any]] = np.float64) -> _Batch:
        """The draws numbered ``which``, draw k from the generator seeded ``(seed, k)``, worked in
        ``buffers``; the touched entries' shares of revenue at the rows ``place`` gives them (-1:
        not wanted; default: in their order), in ``dtype``."""
        from computechain.queries.engine import draw_kernels as kernels  # compiled: loaded when draws are made

        local, rngs = self._at, [np.random.default_rng((seed, k)) for k in which]
        K, T = len(rngs), len(self.touched)
        place = np.arange(T) if place is None else place
        rho, mu, kappa = (None if ranged is None else ranged.factors(rngs, buffers, name)
                          for ranged, name in ((self.revenues, "rho"), (self.markets, "mu"), (self.costs, "kappa")))
        drawn = np.zeros((K, 0)) if self.shares is None else self.shares.draw(rngs, buffers, "shares")
        revenue, budget = ((self.revenue[None], self.budget[None]) if rho is None
                           else (self.revenue * rho, self.budget * rho))
        seller = revenue[:, local["row"]]
        paid = local["usd"][None] if rho is None else local["usd"] * rho[:, local["spender"]]
        kept = local["kept"][None]  # a prior cell's USD
        if mu is not None or kappa is not None:
            ones = np.ones((K, len(self.market)))
            scale = self._market_scale(ones if mu is None else mu, ones if kappa is None else kappa)
            kept = (self.parts @ scale.T).T * local["seller_usd"]
        seller, paid, kept = (np.broadcast_to(a, (K, T)) for a in (seller, paid, kept))  # a row per draw
        usd, value = buffers.get("usd", (T, K)), buffers.get("value", (int(place.max(initial=-1)) + 1, K), dtype)
        kernels.touched_draws(local["share"], drawn, local["slot"], seller, paid, kept, local["prior"],
                              local["by_buyer"], place, usd, value)
        other = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0))
        for lines, limit, name in ((self.spenders, budget, "spenders"), (self.sellers, revenue, "sellers")):
            watched: _Watched = local[name]
            if not len(watched.lines):
                continue
            moved, factor = (buffers.get(f"{name}-{what}", (K, size * len(watched.lines)))
                             for what, size in (("moved", 2), ("factor", 1)))
            kernels.line_moves(usd, local["base"], watched.entries, watched.bins, moved)
            slot = watched.slot[lines.line[other[1]]]  # the other entries an earlier cap scaled
            on = slot >= 0
            change = (other[2] - self.usd[other[1]])[on]
            np.add.at(moved, (other[0][on], 2 * slot[on] + self.prior[other[1][on]]), change)
            bound = np.broadcast_to(lines.bound(limit)[:, watched.lines], (K, len(watched.lines)))
            kernels.line_factors(moved, lines.fixed[watched.lines], lines.prior[watched.lines], bound, factor)
            draw, cells, scale = lines.scaled(factor, watched, self.prior)
            t = local["local"][cells]
            inside = t >= 0
            draw_in, t_in = draw[inside], t[inside]
            usd[t_in, draw_in] *= scale[inside]
            wanted = place[t_in] >= 0
            sellers = seller[draw_in, t_in]
            value[place[t_in[wanted]], draw_in[wanted]] = np.divide(
                usd[t_in, draw_in], sellers, out=local["share"][t_in].copy(), where=sellers > 0)[wanted]
            other = _merge(other, draw[~inside], cells[~inside], scale[~inside], self.usd)
        seller_of_other = revenue[np.minimum(other[0], len(revenue) - 1), self.row[other[1]]]
        other_value = np.divide(other[2], seller_of_other, out=self.share[other[1]].copy(), where=seller_of_other > 0)
        return _Batch(value, usd, (*other, other_value), revenue, budget)


def _end(ranged: _Triangular | None, size: int, end: str) -> np.ndarray:
    """Per position, its range's ``end`` ("low" or "high") over its value (1 without a range)."""
    out = np.ones(size)
    if ranged is not None:
        out[ranged.at] = getattr(ranged, end) / ranged.mode
    return out


@dataclass(frozen=True)
class MoneyDraws:
    """The draws of a money view from its R entries (row, col, value, basis, low, high, spender),
    its spend entries (row, col, value, product, via_market), its per-node money facts
    (:func:`computechain.queries.engine.money_inputs.node_money`, with each input segment's
    cost_share / cost_low / cost_high) and its segments' demand before the market caps; what a draw
    varies is laid out on the first draw. Draw k comes from the generator seeded ``(seed, k)``, so a
    draw is the same whichever draws are made with it."""

    R: pd.DataFrame
    spend: pd.DataFrame
    money: pd.DataFrame
    demand: np.ndarray

    @cached_property
    def _cells(self) -> _Cells:
        return _cells(self.R, self.spend, self.money, self.demand)

    def _batches(self, which: range, seed: int, buffers: _Buffers, place: np.ndarray | None = None,
                 dtype: type[np.floating[Any]] = np.float64) -> Iterator[tuple[range, _Batch]]:
        for start in range(0, len(which), BATCH):
            part = which[start:start + BATCH]
            yield part, self._cells.batch(part, seed, buffers, place, dtype)

    def draws(self, which: range | int, seed: int) -> Iterator[Draw]:
        """The draws numbered ``which`` (a count: the first that many)."""
        which = range(which) if isinstance(which, int) else which
        for part, batch in self._batches(which, seed, _Buffers(fresh=True)):
            for k in range(len(part)):
                row = min(k, len(batch.revenue) - 1)
                yield Draw(batch.value[:, k], batch.usd[:, k], *batch.others(k), batch.revenue[row],
                           batch.budget[row], self._cells)

    def values(self, which: range, seed: int) -> DrawnValues:
        """The draws numbered ``which`` as the values of the entries they change, a batch at a time
        (what :func:`computechain.queries.engine.revenue_solve.solve_revenue` reads)."""
        touched = self._cells.touched

        def batches(wanted: np.ndarray) -> Iterator[tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray]]]]:
            place = np.full(len(touched), -1)
            place[wanted] = np.arange(len(wanted))
            for part, batch in self._batches(which, seed, _Buffers(), place, np.float32):
                yield batch.value, [batch.others(k)[:2] for k in range(len(part))]

        return DrawnValues(touched, batches)


def _ranged(value: np.ndarray, low: np.ndarray, high: np.ndarray) -> _Triangular | None:
    """The distributions of the positions with a range (low < high around a positive value)."""
    return _Triangular.of(value, low, high, (low < high) & (value > 0))


def _cells(R: pd.DataFrame, spend: pd.DataFrame, money: pd.DataFrame, demand: np.ndarray) -> _Cells:
    n, size = len(money), len(R)
    revenue, capex = money["revenue_usd"].to_numpy(float), money["capex_usd"].to_numpy(float)
    market, cost = money["market_usd"].to_numpy(float), money["cost_share"].to_numpy(float)
    revenues, markets = (_ranged(money[f"{figure}_usd"].to_numpy(float),
                                 *(money[f"{figure}_{end}_usd"].to_numpy(float) for end in ("low", "high")))
                         for figure in ("revenue", "market"))
    costs = _ranged(cost, *(money[f"cost_{end}"].to_numpy(float) for end in ("low", "high")))
    row, spender = R["row"].to_numpy(np.int64), R["spender"].to_numpy(np.int64)
    share, low, high = R["value"].to_numpy(), R["low"].to_numpy(float), R["high"].to_numpy(float)
    prior = R["basis"].to_numpy() > ESTIMATE
    via = spend[spend["via_market"].to_numpy()]
    position = pd.Index(row * n + R["col"].to_numpy()).get_indexer(
        pd.Index(via["row"].to_numpy(np.int64) * n + via["col"].to_numpy()))
    part = via["value"].to_numpy() * capex[via["col"]] / revenue[via["row"]]
    found = (position >= 0) & (part > 0)

    def where(ranged: _Triangular | None) -> np.ndarray:
        mask = np.zeros(n, dtype=bool)
        mask[ranged.at if ranged else []] = True
        return mask

    through = np.zeros(size, dtype=bool)
    ranged_product = where(markets) | where(costs)
    through[position[found][ranged_product[via["product"].to_numpy()[found]]]] = True  # a ranged market's cells
    ranged_revenue = where(revenues)
    touched = np.flatnonzero((low < high) | ranged_revenue[row] | ranged_revenue[np.maximum(spender, 0)]
                             & (spender >= 0) | through)
    local = np.full(size, -1)
    local[touched] = np.arange(len(touched))
    in_market = found & (local[np.maximum(position, 0)] >= 0)
    own = touched[prior[touched] & ~np.isin(touched, position[found])]
    parts = sp.csr_matrix((np.concatenate([part[in_market], share[own]]),
                           (np.concatenate([local[position[in_market]], local[own]]),
                            np.concatenate([via["product"].to_numpy()[in_market], np.full(len(own), n)]))),
                          shape=(len(touched), n + 1))
    shares = _Triangular.of(share[touched], low[touched], high[touched], low[touched] < high[touched])
    budget = purchase_caps(money)
    usd = share * revenue[row]
    sellers = _Lines.of(np.where(np.isnan(usd), -1, row), np.nan_to_num(usd), prior, revenue)
    spenders = _Lines.of(np.where(np.isnan(usd), -1, spender), np.nan_to_num(usd), prior, budget)
    return _Cells(row, spender, share, shares, prior, R["by_buyer"].to_numpy(bool), usd, touched, parts, revenue,
                  revenues, market, markets, cost, costs, demand, budget, sellers, spenders)
