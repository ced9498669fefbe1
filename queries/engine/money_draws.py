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

Only the cells a range touches are re-priced, and only the lines they push past a limit are
scaled, so a draw costs in proportion to what is uncertain, not to the size of the graph.

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

import numpy as np
import pandas as pd
import scipy.sparse as sp

from computechain.queries.engine.money_named import purchase_caps
from computechain.queries.engine.view import ESTIMATE


@dataclass(frozen=True)
class Draw:
    """One draw: the entries it changes (positions in the money R) with their share of the seller's
    revenue and USD (NaN where the seller has no revenue), and each node's drawn revenue and budget;
    ``value`` and ``usd`` give every entry (the balanced view's elsewhere)."""

    changed: np.ndarray
    changed_value: np.ndarray
    changed_usd: np.ndarray
    revenue: np.ndarray
    budget: np.ndarray
    base: _Cells

    @property
    def value(self) -> np.ndarray:
        value = self.base.share.copy()
        value[self.changed] = self.changed_value
        return value

    @property
    def usd(self) -> np.ndarray:
        usd = self.base.usd.copy()
        usd[self.changed] = self.changed_usd
        return usd


def _factor(rng: np.random.Generator, value: np.ndarray, low: np.ndarray, high: np.ndarray,
            ranged: np.ndarray) -> np.ndarray:
    """A triangular draw within (low, high) over ``value`` at the ``ranged`` positions (1 elsewhere)."""
    out = np.ones(len(value))
    out[ranged] = rng.triangular(low[ranged], value[ranged], high[ranged]) / value[ranged]
    return out


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

    def route(self, changed: np.ndarray, prior: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The ``changed`` entries on a line, and each one's bin: its line, twice, plus 1 for a prior
        cell (one bincount then sums a line's fixed and prior changes apart)."""
        on = changed[self.line[changed] >= 0]
        return on, self.line[on] * 2 + prior[on]

    def cap(self, usd: np.ndarray, base: np.ndarray, changed: np.ndarray, prior: np.ndarray,
            limit: np.ndarray, routed: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
        """Scale down (in ``usd``, in place) the prior cells of the lines that the ``changed``
        entries push past ``limit``; returns the entries changed now (``routed``: their
        :meth:`route`, when known)."""
        on, bins = routed if routed is not None else self.route(changed, prior)
        n = len(limit)
        moved = np.bincount(bins, weights=usd[on] - base[on], minlength=2 * n).reshape(n, 2)
        fixed, scalable = self.fixed + moved[:, 0], self.prior + moved[:, 1]
        bound = np.nan_to_num(limit + self.excess, nan=np.inf)
        over = np.flatnonzero((fixed + scalable > bound) & (scalable > 0))
        if not len(over):
            return changed
        counts = self.starts[over + 1] - self.starts[over]
        within = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        cells = self.order[np.repeat(self.starts[over], counts) + within]
        factor = np.repeat(np.clip((bound[over] - fixed[over]) / scalable[over], 0.0, 1.0), counts)
        scaled = prior[cells]
        usd[cells[scaled]] *= factor[scaled]
        mask = np.zeros(len(usd), dtype=bool)
        mask[changed] = True
        mask[cells[scaled]] = True
        return np.flatnonzero(mask)


@dataclass(frozen=True)
class _Cells:
    """What a draw varies, per entry of the money R (module doc) and per node."""

    row: np.ndarray  # the seller
    spender: np.ndarray  # whose budget the flow comes out of (-1: none)
    share: np.ndarray  # the entry's share of its seller's revenue (the balanced value)
    low: np.ndarray  # its range where it is a reported or estimated share (NaN: none)
    high: np.ndarray
    prior: np.ndarray  # a prior cell: keeps its USD
    by_buyer: np.ndarray  # a share of the buyer's spend: its USD follows the buyer's budget
    usd: np.ndarray  # the balanced flows (NaN: the seller has no revenue)
    touched: np.ndarray  # the entries some range reprices
    parts: sp.csr_matrix  # touched entries x (nodes + 1): a prior cell's share by the market it came through
    revenue: np.ndarray  # per node: value, its range, and where it has one
    revenue_range: tuple[np.ndarray, np.ndarray, np.ndarray]
    market: np.ndarray
    market_range: tuple[np.ndarray, np.ndarray, np.ndarray]
    cost: np.ndarray  # per node: an input segment's cost share, and its range
    cost_range: tuple[np.ndarray, np.ndarray, np.ndarray]
    demand: np.ndarray  # per segment: the plans' demand before the market cap
    budget: np.ndarray  # per node: what it can spend
    sellers: _Lines
    spenders: _Lines

    def _market_scale(self, mu: np.ndarray, kappa: np.ndarray) -> np.ndarray:
        """Per node (and a last 1 for cells through no market): how a market cell's USD moves."""
        capped = (self.demand > 0) & ~np.isnan(self.market)  # a market without a size caps nothing
        ratio = np.divide(self.market, self.demand, out=np.full(len(mu), np.inf), where=capped)
        base = np.minimum(1.0, ratio)
        scale = np.divide(kappa * np.minimum(1.0, mu * ratio / kappa), base, out=np.ones(len(mu)), where=base > 0)
        return np.append(np.where(np.isnan(scale), 1.0, scale), 1.0)

    @cached_property
    def _at(self) -> dict[str, np.ndarray]:
        """The touched entries' facts, gathered once for every draw."""
        at = self.touched
        ranged = np.flatnonzero(self.low[at] < self.high[at])
        return {"ranged": ranged, "low": self.low[at][ranged], "high": self.high[at][ranged], "share": self.share[at],
                "row": self.row[at], "spender": np.maximum(self.spender[at], 0), "by_buyer": self.by_buyer[at],
                "prior": self.prior[at], "usd": self.usd[at], "sized": ~np.isnan(self.usd[at]),
                "seller_usd": self.revenue[self.row[at]]}

    @cached_property
    def _sized(self) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
        """The touched entries whose seller has a revenue, with their routes to the spenders' and
        the sellers' lines (:meth:`_Lines.route`): the same in every draw."""
        at = self.touched
        sized = at[~np.isnan(self.usd[at])]
        return sized, self.spenders.route(sized, self.prior), self.sellers.route(sized, self.prior)

    def draw(self, rng: np.random.Generator, usd: np.ndarray) -> Draw:
        """One draw, worked in ``usd`` (a copy of the balanced flows, left as it was found)."""
        rho = _factor(rng, self.revenue, *self.revenue_range)
        mu = _factor(rng, self.market, *self.market_range)
        kappa = _factor(rng, self.cost, *self.cost_range)
        at, local = self.touched, self._at
        share = local["share"].copy()
        share[local["ranged"]] = rng.triangular(local["low"], share[local["ranged"]], local["high"])
        revenue, budget = self.revenue * rho, self.budget * rho
        by_seller = np.where(local["by_buyer"], local["usd"] * rho[local["spender"]], share * revenue[local["row"]])
        kept = (self.parts @ self._market_scale(mu, kappa)) * local["seller_usd"]  # a prior cell's USD
        usd[at] = np.where(local["prior"], kept, by_seller)
        sized, to_spenders, to_sellers = self._sized
        changed = self.spenders.cap(usd, self.usd, sized, self.prior, budget, to_spenders)
        same = changed is sized  # no spender was capped: the sellers' route is the known one
        changed = self.sellers.cap(usd, self.usd, changed, self.prior, revenue, to_sellers if same else None)
        unsized = at[~local["sized"]]
        seller, changed_usd = revenue[self.row[changed]], usd[changed]
        value = np.divide(changed_usd, seller, out=self.share[changed], where=seller > 0)
        usd[changed], usd[unsized] = self.usd[changed], self.usd[unsized]
        return Draw(np.concatenate([changed, unsized]), np.concatenate([value, share[~local["sized"]]]),
                    np.concatenate([changed_usd, self.usd[unsized]]), revenue, budget, self)


@dataclass(frozen=True)
class MoneyDraws:
    """The draws of a money view from its R entries (row, col, value, basis, low, high, spender),
    its spend entries (row, col, value, product, via_market), its per-node money facts
    (:func:`computechain.queries.engine.money_inputs.node_money`, with each input segment's
    cost_share / cost_low / cost_high) and its segments' demand before the market caps; what a draw
    varies is laid out on the first draw."""

    R: pd.DataFrame
    spend: pd.DataFrame
    money: pd.DataFrame
    demand: np.ndarray

    @cached_property
    def _cells(self) -> _Cells:
        return _cells(self.R, self.spend, self.money, self.demand)

    def draws(self, samples: int, seed: int) -> Iterator[Draw]:
        """``samples`` draws from one seeded generator."""
        rng = np.random.default_rng(seed)
        usd = self._cells.usd.copy()
        for _ in range(samples):
            yield self._cells.draw(rng, usd)

    def values(self, samples: int, seed: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Each draw as the entries it changes and their values (what
        :func:`computechain.queries.engine.revenue_solve.solve_revenue` reads)."""
        return ((draw.changed, draw.changed_value) for draw in self.draws(samples, seed))


def _ranged(value: np.ndarray, *ends: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(low, high, where there is a range)."""
    low, high = ends
    return low, high, (low < high) & (value > 0)


def _cells(R: pd.DataFrame, spend: pd.DataFrame, money: pd.DataFrame, demand: np.ndarray) -> _Cells:
    n, size = len(money), len(R)
    revenue, capex = money["revenue_usd"].to_numpy(float), money["capex_usd"].to_numpy(float)
    market = money["market_usd"].to_numpy(float)
    revenue_range = _ranged(revenue, *(money[f"revenue_{end}_usd"].to_numpy(float) for end in ("low", "high")))
    market_range = _ranged(market, *(money[f"market_{end}_usd"].to_numpy(float) for end in ("low", "high")))
    cost = money["cost_share"].to_numpy(float)
    cost_range = _ranged(cost, *(money[f"cost_{end}"].to_numpy(float) for end in ("low", "high")))
    row, spender = R["row"].to_numpy(np.int64), R["spender"].to_numpy(np.int64)
    share, low, high = R["value"].to_numpy(), R["low"].to_numpy(float), R["high"].to_numpy(float)
    prior = R["basis"].to_numpy() > ESTIMATE
    via = spend[spend["via_market"].to_numpy()]
    position = pd.Index(row * n + R["col"].to_numpy()).get_indexer(
        pd.Index(via["row"].to_numpy(np.int64) * n + via["col"].to_numpy()))
    part = via["value"].to_numpy() * capex[via["col"]] / revenue[via["row"]]
    found = (position >= 0) & (part > 0)
    through = np.zeros(size, dtype=bool)
    ranged_product = market_range[2] | cost_range[2]
    through[position[found][ranged_product[via["product"].to_numpy()[found]]]] = True  # a ranged market's cells
    touched = np.flatnonzero((low < high) | revenue_range[2][row] | revenue_range[2][np.maximum(spender, 0)]
                             & (spender >= 0) | through)
    local = np.full(size, -1)
    local[touched] = np.arange(len(touched))
    in_market = found & (local[np.maximum(position, 0)] >= 0)
    own = touched[prior[touched] & ~np.isin(touched, position[found])]
    parts = sp.csr_matrix((np.concatenate([part[in_market], share[own]]),
                           (np.concatenate([local[position[in_market]], local[own]]),
                            np.concatenate([via["product"].to_numpy()[in_market], np.full(len(own), n)]))),
                          shape=(len(touched), n + 1))
    budget = purchase_caps(money)
    usd = share * revenue[row]
    sellers = _Lines.of(np.where(np.isnan(usd), -1, row), np.nan_to_num(usd), prior, revenue)
    spenders = _Lines.of(np.where(np.isnan(usd), -1, spender), np.nan_to_num(usd), prior, budget)
    return _Cells(row, spender, share, low, high, prior, R["by_buyer"].to_numpy(bool), usd, touched, parts, revenue,
                  revenue_range, market, market_range, cost, cost_range, demand, budget, sellers, spenders)
