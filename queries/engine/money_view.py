"""The money view: USD flows between the graph's nodes, and the spend and revenue matrices they give.

Flows are estimated from the graph's money figures (:mod:`computechain.graph.money_tables`):

- *named customers* (:mod:`computechain.queries.engine.money_named`): a seller's reported revenue share
  from a customer, else a size prior bounded by its disclosed customer concentration, all balanced
  by RAS with caps so that no seller sells more than its revenue and no buyer spends more than its
  budget; a company's purchases of goods come out of its latest reported capex plan;
- *capex into markets* (:mod:`computechain.queries.engine.money_markets`): what a plan's named suppliers
  leave goes by its allocations to the segments' participants (self-built segments to their
  inputs), within market sizes and the participants' revenue.

From the flows, ``A[i, j]`` is the share of spender j's budget (a plan's amount, a company's
revenue) paid to i; its column sum is what j spends inside the graph, the rest its value added.
``R[i, j] = F[i, j] / revenue_i``: rows sum to the seller's *coverage*, the share of its reported
revenue the graph explains; the rest is demand outside the modelled chain. Exposure, trace and
value added solve on these (docs/methodology.md, section 9).

Examples
--------
A module maker (revenue 100, top five customers 60 %) sells to two clouds of revenue 300 and 100
whose shares are unknown: they explain 0.6 * 2/5 = 0.24 of its revenue, split 3:1 by size.

>>> import networkx as nx
>>> G = nx.MultiDiGraph(money={"financials": [
...     {"company": f"company:{c}", "period": "2024", "period_start": "2024-01-01", "period_end": "2024-12-31",
...      "currency": "USD", "revenue": r, "basis": "reported", "as_of": "2025-03-01", "sources": ["source:x"],
...      **({"top5_customers_share": 0.6} if c == "module" else {})}
...     for c, r in (("module", 100.0), ("big", 300.0), ("small", 100.0))]})
>>> for c in ("module", "big", "small"):
...     G.add_node(f"company:{c}", type="company", name=c.title(), roles=["x"], country="US")
>>> for c in ("big", "small"):
...     _ = G.add_edge("company:module", f"company:{c}", key=c, kind="supplies", as_of="2024-12-31")
>>> money = compile_money_view(G)
>>> money.flows[["seller", "buyer", "share_of_seller", "usd", "basis"]].round(4).to_dict("records")
... # doctest: +NORMALIZE_WHITESPACE
[{'seller': 'company:module', 'buyer': 'company:big', 'share_of_seller': 0.18, 'usd': 18.0, 'basis': 'prior'},
 {'seller': 'company:module', 'buyer': 'company:small', 'share_of_seller': 0.06, 'usd': 6.0, 'basis': 'prior'}]
>>> money.nodes.set_index("id").loc["company:module", "coverage"].round(4)
np.float64(0.24)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from computechain.graph.schema import RelationKind
from computechain.queries.engine.leontief import neumann_solve
from computechain.queries.engine.money_draws import MoneyDraws
from computechain.queries.engine.money_inputs import (
    BASIS_NAMES,
    PRIOR,
    SUPPLY_KINDS,
    Concentration,
    channels,
    node_money,
    revenue_during,
    segment_inputs,
    segment_revenue,
)
from computechain.queries.engine.money_markets import market_entries, participant_sizes
from computechain.queries.engine.money_named import (
    balance_named,
    budgets,
    buyer_sizes,
    consumer_sizes,
    current_shares,
    in_money_period,
    named_customer_shares,
    spender_of,
)
from computechain.queries.engine.ras import RasReport
from computechain.queries.engine.view import ESTIMATE, REPORTED, CompiledView, compile_view

CACHE_KEY = "computechain_money_view"


@dataclass(frozen=True)
class MoneyView:
    """The flows (seller, buyer, share_of_seller, usd, basis; built on first use: the answers read
    the matrices, not this table); per-node money facts (id, type,
    revenue_usd, period, market_usd, capex_usd, coverage, passed_on: its spend over its budget
    before scaling, received_usd and market_demand_usd: the USD all capex plans send to a node and
    to a segment's product); the money A's entries with their products; the :class:`CompiledView`
    whose A and R come from the flows; how the named-customer balancing went; and its Monte Carlo
    (:class:`MoneyDraws`)."""

    nodes: pd.DataFrame
    spend: pd.DataFrame  # entries of the money A: row, col, value, product, basis, via_market
    view: CompiledView
    balancing: RasReport
    draws: MoneyDraws

    @cached_property
    def flows(self) -> pd.DataFrame:
        return _flows(self.view.revenue_entries, self.nodes["revenue_usd"].to_numpy(), self.view.nodes)


def _spend_entries(ch: pd.DataFrame, money: pd.DataFrame, seller_usd: np.ndarray, basis: np.ndarray,
                   spender: np.ndarray, sizes: pd.DataFrame, inputs: pd.DataFrame,
                   typical: Concentration) -> tuple[pd.DataFrame, np.ndarray]:
    """Entries of the money A: named flows over their spender's budget, a company's capex plan over
    its revenue, then capex into markets (flagged ``via_market``); and the segments' demand before
    the market caps (:func:`~computechain.queries.engine.money_markets.market_entries`)."""
    n = len(money)
    budget, amount, revenue = budgets(money), money["capex_usd"].to_numpy(), money["revenue_usd"].to_numpy()
    seller, buyer, product = (ch[column].to_numpy() for column in ("row", "col", "product"))
    named = ch["kind"].isin(SUPPLY_KINDS).to_numpy() & ~np.isnan(seller_usd) & (budget[spender] > 0)
    commits = (ch["kind"] == RelationKind.COMMITS_CAPEX.value).to_numpy() & ~np.isnan(amount[seller])
    plan_share = np.divide(amount[seller[commits]], revenue[buyer[commits]],
                           out=np.ones(int(commits.sum())), where=revenue[buyer[commits]] > 0)
    count = int(commits.sum())
    fixed = {"row": np.concatenate([seller[named], seller[commits]]),
             "col": np.concatenate([spender[named], buyer[commits]]),
             "value": np.concatenate([seller_usd[named] / budget[spender[named]], plan_share]),
             "product": np.concatenate([product[named], np.full(count, -1)]),
             "basis": np.concatenate([basis[named], np.full(count, REPORTED)])}
    left = np.clip(1.0 - np.bincount(fixed["col"], weights=fixed["value"], minlength=n), 0.0, None)
    named_usd = np.bincount(seller, weights=np.nan_to_num(seller_usd), minlength=n)
    market, demand = market_entries(ch, money, sizes, inputs, left, named_usd, typical)
    through_market = {column: market[column].to_numpy() for column in fixed}
    parts = [{**fixed, "via_market": np.zeros(len(fixed["row"]), dtype=bool)},
             {**through_market, "via_market": np.ones(len(market), dtype=bool)}]
    kept = [part["value"] > 0 for part in parts]
    columns = {column: np.concatenate([part[column][keep] for part, keep in zip(parts, kept, strict=True)])
               for column in parts[0]}
    for column in ("row", "col", "product"):
        columns[column] = columns[column].astype(np.int64)
    return pd.DataFrame(columns, copy=False), demand


def _within_budget(entries: pd.DataFrame, n: int) -> tuple[pd.DataFrame, np.ndarray]:
    """The entries with every column that would pass on more than all of its budget scaled to 1,
    and each column's sum before scaling (the audit lists the spenders above 1)."""
    column = np.bincount(entries["col"], weights=entries["value"], minlength=n)
    scale = np.where(column > 1.0, 1.0 / np.where(column > 0, column, 1.0), 1.0)
    return entries.assign(value=entries["value"].to_numpy() * scale[entries["col"]]), column


def _revenue_entries(ch: pd.DataFrame, money: pd.DataFrame, entries: pd.DataFrame, named_share: np.ndarray,
                     named_basis: np.ndarray, is_named: np.ndarray, spender: np.ndarray) -> pd.DataFrame:
    """Entries of the money R (row, col, value, basis, low, high, spender: whose budget the flow
    comes out of, -1 for none; by_buyer: a reported or estimated share of the buyer's spend, not of
    the seller's revenue): named customers' shares, a capex plan's revenue from its company (all of
    it), and participants' receipts from plans over their revenue."""
    row, col, low, high = (ch[column].to_numpy() for column in ("row", "col", "low", "high"))
    no_revenue_share = ch["revenue_share"].isna().to_numpy()
    commits = (ch["kind"] == RelationKind.COMMITS_CAPEX.value).to_numpy() & money["capex_usd"].notna().to_numpy()[row]

    def part(chosen: np.ndarray, value: np.ndarray, basis: np.ndarray, paid_by: np.ndarray) -> dict[str, np.ndarray]:
        chosen = chosen & (value > 0)
        return {"row": row[chosen], "col": col[chosen], "value": value[chosen], "basis": basis[chosen].astype(np.int8),
                "low": low[chosen], "high": high[chosen], "spender": paid_by[chosen],
                "by_buyer": (basis[chosen] <= ESTIMATE) & no_revenue_share[chosen]}

    via = entries["via_market"].to_numpy()
    via_row, via_col = entries["row"].to_numpy()[via], entries["col"].to_numpy()[via]
    usd = entries["value"].to_numpy()[via] * money["capex_usd"].to_numpy()[via_col]
    revenue = money["revenue_usd"].to_numpy()[via_row]
    known = revenue > 0
    n = len(money)
    pairs, at = np.unique(via_row[known] * n + via_col[known], return_inverse=True)  # one entry per pair, in order
    value = np.bincount(at, weights=usd[known] / revenue[known])
    pairs, value = pairs[value > 0], value[value > 0]
    market = {"row": pairs // n, "col": pairs % n, "value": value, "basis": np.full(len(pairs), PRIOR, dtype=np.int8),
              "low": np.full(len(pairs), np.nan), "high": np.full(len(pairs), np.nan), "spender": pairs % n,
              "by_buyer": np.zeros(len(pairs), dtype=bool)}
    parts = [part(is_named, named_share, named_basis, spender),
             part(commits, np.ones(len(ch)), np.full(len(ch), REPORTED), np.full(len(ch), -1)), market]
    return pd.DataFrame({column: np.concatenate([p[column] for p in parts]) for column in market}, copy=False)


def compile_money_view(G: nx.MultiDiGraph, *, as_of: date | None = None) -> MoneyView:
    """The money view of ``G`` on ``as_of`` (module doc), cached in ``G.__networkx_cache__`` (which
    networkx clears when the graph changes)."""
    cache: dict[Any, Any] = G.__networkx_cache__.setdefault(CACHE_KEY, {})
    if as_of in cache:
        return cache[as_of]
    ch, nodes = channels(G, as_of)
    n = len(nodes)
    money = node_money(G, nodes, as_of)
    ch = current_shares(ch[in_money_period(ch, money)].reset_index(drop=True), money)
    typical = Concentration.of(money)
    spend_view = compile_view(G, as_of=as_of, fill="market-share")
    revenue = money["revenue_usd"].to_numpy()
    is_named = (money["type"] == "company").to_numpy()[ch["row"]] & ch["kind"].isin(SUPPLY_KINDS).to_numpy()
    reported_segments = segment_revenue(G, spend_view.index, as_of)
    sizes = participant_sizes(ch, money, reported_segments)
    inputs = segment_inputs(G, as_of)
    money = money.assign(**_cost_ranges(inputs, n))
    buyer_size = buyer_sizes(ch, money, consumer_sizes(ch, money, reported_segments, inputs))
    named_share, named_basis = named_customer_shares(ch, money, typical, buyer_size, sizes)
    spender = spender_of(ch, money)
    seller_revenue = _seller_revenue(G, ch, money, spender, as_of, is_named)
    seller_usd, balancing = balance_named(ch, money, named_share * seller_revenue, named_basis, spender)
    named_share = np.where(is_named & ~np.isnan(seller_usd), seller_usd / revenue[ch["row"]], named_share)
    spent, demand = _spend_entries(ch, money, seller_usd, named_basis, spender, sizes, inputs, typical)
    entries, asked = _within_budget(spent, n)
    A = sp.csr_matrix((entries["value"], (entries["row"], entries["col"])), shape=(n, n))
    received = neumann_solve(A, np.nan_to_num(money["capex_usd"].to_numpy()), nodes=nodes)
    R = _revenue_entries(ch, money, entries, named_share, named_basis, is_named, spender)
    draws = MoneyDraws(R, entries, money, demand)
    result = MoneyView(_node_table(money, R, entries, received, asked), entries, _view(spend_view, A, R, n, draws),
                       balancing, draws)
    cache[as_of] = result
    return result


def _seller_revenue(G: nx.MultiDiGraph, ch: pd.DataFrame, money: pd.DataFrame, spender: np.ndarray,
                    as_of: date | None, is_named: np.ndarray) -> np.ndarray:
    """Per channel, the seller revenue its named share is a share of (NaN where it is no named
    customer): its latest year's, but for a reported or estimated revenue share paid out of a capex
    plan, its revenue over the plan's period (:func:`revenue_during`)."""
    revenue = money["revenue_usd"].to_numpy()[ch["row"]]
    from_plan = is_named & ch["revenue_share"].notna().to_numpy() & money["capex_usd"].notna().to_numpy()[spender]
    at = np.flatnonzero(from_plan)
    during = revenue_during(G, money["id"].to_numpy()[ch["row"].to_numpy()[at]],
                            money["period_start"].to_numpy()[spender[at]], money["period_end"].to_numpy()[spender[at]],
                            as_of)
    revenue[at] = np.where(np.isnan(during), revenue[at], during)
    return np.where(is_named, revenue, np.nan)


def _cost_ranges(inputs: pd.DataFrame, n: int) -> dict[str, np.ndarray]:
    """Per node: an input segment's cost share with its range (cost_share, cost_low, cost_high;
    NaN where it has none), the largest where it is priced in several segments."""
    priced = inputs.dropna(subset=["cost"]).sort_values("cost", kind="stable").drop_duplicates("input", keep="last")
    out = {}
    for column, name in (("cost", "cost_share"), ("cost_low", "cost_low"), ("cost_high", "cost_high")):
        values = np.full(n, np.nan)
        values[priced["input"].to_numpy(np.int64)] = priced[column].to_numpy(float)
        out[name] = values
    return out


def _flows(R: pd.DataFrame, revenue: np.ndarray, nodes: tuple[str, ...]) -> pd.DataFrame:
    """seller, buyer, share_of_seller, usd (the share times the seller's revenue), basis."""
    names = np.array(nodes, dtype=object)
    order = np.lexsort((R["col"].to_numpy(), R["row"].to_numpy()))  # by seller, then buyer (node order)
    R = R.iloc[order]
    bases = np.array([BASIS_NAMES[code] for code in sorted(BASIS_NAMES)], dtype=object)
    return pd.DataFrame({"seller": names[R["row"]], "buyer": names[R["col"]], "share_of_seller": R["value"].to_numpy(),
                         "usd": R["value"].to_numpy() * revenue[R["row"]],
                         "basis": bases[R["basis"].to_numpy()]})


def _view(spend_view: CompiledView, A: sp.csr_matrix, R: pd.DataFrame, n: int, draws: MoneyDraws) -> CompiledView:
    """A :class:`CompiledView` whose A is the money A and whose R entries are the money R's (a money
    answer's split by basis comes from the entries' basis codes; its Monte Carlo, ``draws``)."""
    zero = sp.csr_matrix((n, n))
    R_matrix = sp.csr_matrix((R["value"], (R["row"], R["col"])), shape=(n, n))
    return CompiledView(spend_view.nodes, spend_view.index, {"reported": zero, "estimate": zero, "filled": A},
                        {"reported": zero, "estimate": zero, "filled": R_matrix}, spend_view.entry_relations,
                        R[["row", "col", "value", "basis", "low", "high"]], spend_view.relation_ids, draws.values)


def _node_table(money: pd.DataFrame, R: pd.DataFrame, entries: pd.DataFrame, received: np.ndarray,
                asked: np.ndarray) -> pd.DataFrame:
    n = len(money)
    product, col, value = (entries[c].to_numpy() for c in ("product", "col", "value"))
    sold = product >= 0
    revenue = money["revenue_usd"].to_numpy()
    coverage = np.bincount(R["row"].to_numpy(), weights=R["value"].to_numpy(), minlength=n)
    return pd.DataFrame({
        **{c: money[c] for c in ("id", "type", "revenue_usd", "period", "market_usd", "capex_usd")},
        "coverage": np.where(np.isnan(revenue), np.nan, coverage),
        "passed_on": asked,
        "received_usd": received,
        "market_demand_usd": np.bincount(product[sold], weights=value[sold] * received[col[sold]], minlength=n)},
        copy=False)
