"""What the money view reads: each node's money facts on a date, and the graph's spend channels.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph(money={"financials": [{"company": "company:acme", "period": "FY2024",
...     "period_start": "2024-01-01", "period_end": "2024-12-31", "currency": "USD", "revenue": 5e9,
...     "basis": "reported", "as_of": "2025-03-01", "sources": ["source:ar"], "top5_customers_share": 0.4}]})
>>> G.add_node("company:acme", type="company", country="US")
>>> facts = node_money(G, ("company:acme",), None)
>>> facts[["id", "revenue_usd", "top5_customers_share"]].to_dict("records")
[{'id': 'company:acme', 'revenue_usd': 5000000000.0, 'top5_customers_share': 0.4}]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from computechain.graph.money_tables import fx_rates, latest, money_tables, published, usd_rate
from computechain.graph.relation_table import OPEN_TO, latest_known, period_figures, relation_table, visible_on
from computechain.graph.schema import RelationKind
from computechain.queries.engine.view import (
    ESTIMATE,
    FILLED,
    REPORTED,
    channels_on,
    revenue_channels,
)

PRIOR = 3  # basis code of a figure given by a size prior (after REPORTED, ESTIMATE, FILLED)
BASIS_NAMES = {REPORTED: "reported", ESTIMATE: "estimate", FILLED: "filled", PRIOR: "prior"}
SUPPLY_KINDS = (RelationKind.SUPPLIES.value, RelationKind.PROVIDES_COMPUTE.value)
# A company whose roles are all among these is a lab: its revenue is what funds its compute.
LAB_ROLES = frozenset({"model-lab", "ai-services"})
# Used where no seller in the graph discloses a concentration (see Concentration).
DEFAULT_TOP5 = 0.5
DEFAULT_LARGEST = 0.2
CONCENTRATION = ("largest_customer_share", "top5_customers_share", "unnamed_customers_below")


@dataclass(frozen=True)
class Concentration:
    """What a seller that discloses no customer concentration is taken to have: the median, over
    the companies that disclose one (each with its latest disclosure, as :func:`node_money` carries
    it), of the top-five customers' share and of the largest customer's share.

    >>> money = pd.DataFrame({"largest_customer_share": [0.3, 0.1, None, None],
    ...                       "top5_customers_share": [0.6, None, 0.4, None]})
    >>> Concentration.of(money)
    Concentration(top5=0.5, largest=0.2)
    """

    top5: float
    largest: float

    @classmethod
    def of(cls, money: pd.DataFrame) -> Concentration:
        largest, top5 = (pd.to_numeric(money[c], errors="coerce").dropna()
                         for c in ("largest_customer_share", "top5_customers_share"))
        return cls(float(top5.median()) if len(top5) else DEFAULT_TOP5,
                   float(largest.median()) if len(largest) else DEFAULT_LARGEST)

    def one_customer(self, money: pd.DataFrame) -> np.ndarray:
        """Per node, the most of its revenue one customer without a reported share can be: its
        disclosed largest-customer share, else the typical one, and below the share under which the
        filing leaves customers unnamed (a US 10-K names every customer of 10 % or more).

        >>> money = pd.DataFrame({"largest_customer_share": [0.4, None, 0.19],
        ...                       "unnamed_customers_below": [None, None, 0.10]})
        >>> Concentration(top5=0.5, largest=0.2).one_customer(money).tolist()
        [0.4, 0.2, 0.1]
        """
        largest = pd.to_numeric(money["largest_customer_share"], errors="coerce").fillna(self.largest).to_numpy()
        if "unnamed_customers_below" not in money:
            return largest
        return np.fmin(largest, pd.to_numeric(money["unnamed_customers_below"], errors="coerce").to_numpy(float))


def node_money(G: nx.MultiDiGraph, nodes: tuple[str, ...], as_of: date | None) -> pd.DataFrame:
    """Per node code: id, type, country, company (a capex plan's company code, else -1), lab (a
    company whose roles are all in LAB_ROLES), revenue_usd
    (latest fiscal year on ``as_of``) with its revenue_low_usd / revenue_high_usd range, cost_usd (that
    year's cost of revenue), period,
    customer concentration, market_usd (segments: latest global size, else China's) with its
    market_low_usd / market_high_usd range, capex_usd (a company's chosen plan, :func:`chosen_capex`) and
    own_capex_usd (on the company's own row); period_start / period_end: the revenue's fiscal year,
    on a plan's row the plan's period."""
    tables = money_tables(G)
    attrs = _attributes(G, nodes)
    index = pd.Index(nodes)
    kinds, countries, roles = zip(*((d.get("type"), d.get("country"), tuple(d.get("roles") or ())) for d in attrs),
                                  strict=True) if attrs else ((), (), ())
    plans = np.flatnonzero(np.asarray(kinds) == "capex")
    company = np.full(len(nodes), -1)  # -1: not a capex plan
    company[plans] = index.get_indexer(pd.Index([attrs[i].get("company") for i in plans]))
    is_lab = {these: bool(these) and set(these) <= LAB_ROLES for these in set(roles)}
    frame = pd.DataFrame({"id": nodes, "type": kinds, "country": countries, "company": company,
                          "lab": [is_lab[these] for these in roles]})
    revenue = _with_last_concentration(latest(tables.revenue, "company", as_of), tables.revenue, as_of)
    _put(frame, index, revenue["company"],
         revenue[["usd", "usd_low", "usd_high", "cost_usd", "period", "period_start", "period_end",
                  *CONCENTRATION]]
         .rename(columns={"usd": "revenue_usd", "usd_low": "revenue_low_usd", "usd_high": "revenue_high_usd"}))
    markets = tables.market_sizes.assign(is_global=tables.market_sizes["scope"] == "global")
    markets = latest(markets.sort_values(["is_global", "period_end"], kind="stable"), "segment", as_of)
    _put(frame, index, markets["segment"], markets[["usd", "usd_low", "usd_high"]].rename(
        columns={"usd": "market_usd", "usd_low": "market_low_usd", "usd_high": "market_high_usd"}))
    frame["capex_usd"] = chosen_capex(G, attrs, as_of)
    chosen = frame["capex_usd"].notna().to_numpy()
    for bound in ("period_start", "period_end"):
        frame[bound] = pd.to_datetime(frame[bound]).to_numpy("datetime64[D]")
        frame.loc[chosen, bound] = pd.to_datetime([attrs[i][bound] for i in np.flatnonzero(chosen)]).to_numpy(
            "datetime64[D]")
    own = np.full(len(nodes), np.nan)
    plans = np.flatnonzero(chosen)
    own[company[plans]] = frame["capex_usd"].to_numpy()[plans]
    frame["own_capex_usd"] = own
    return frame


def revenue_during(G: nx.MultiDiGraph, company: np.ndarray, start: np.ndarray, end: np.ndarray,
                   as_of: date | None) -> np.ndarray:
    """Each query's company (an id) revenue per year over the window ``start`` .. ``end``
    (ISO days): its fiscal years' revenue (published by ``as_of``) spread evenly over their days,
    summed over the part of the window they cover and annualised over that part; NaN where no
    fiscal year touches the window. A share of a seller's revenue paid out of a buyer's capex plan
    is priced at this over the plan's period, not at the seller's latest year: Microsoft's FY2025
    (July 2024 - June 2025) falls in Nvidia's fiscal 2025 and 2026.

    >>> G = nx.MultiDiGraph(money={"financials": [
    ...     {"company": "company:n", "period": p, "period_start": a, "period_end": b, "currency": "USD",
    ...      "revenue": r, "basis": "reported", "as_of": "2026-03-01", "sources": ["source:s"]}
    ...     for p, a, b, r in (("FY2025", "2024-01-01", "2024-12-31", 366.0), ("FY2026", "2025-01-01",
    ...                                                                        "2025-12-31", 730.0))]})
    >>> day = lambda *d: np.array(d, dtype="datetime64[D]")
    >>> revenue_during(G, np.array(["company:n"] * 2), day("2024-07-01", "2026-01-01"),
    ...                day("2025-06-30", "2026-12-31"), None).round(1).tolist()  # 184 days at 1 a day, 181 at 2
    [546.0, nan]
    """
    years = published(money_tables(G).revenue, as_of).drop_duplicates(["company", "period_end"], keep="last")
    years = years[["company", "period_start", "period_end", "usd"]]
    asked = pd.DataFrame({"query": np.arange(len(company)), "company": company,
                          "start": pd.to_datetime(start), "end": pd.to_datetime(end)}).dropna()
    out = np.full(len(company), np.nan)
    years = years.dropna(subset=["usd"])
    if asked.empty or years.empty:
        return out
    both = asked.merge(years.astype({"company": object}), on="company")
    start_day, end_day, first, last = (both[c].to_numpy("datetime64[D]").astype(np.int64)
                                       for c in ("start", "end", "period_start", "period_end"))
    covered = np.clip(np.minimum(end_day, last) - np.maximum(start_day, first) + 1, 0, None)
    length = last - first + 1
    parts = pd.DataFrame({"query": both["query"], "usd": both["usd"] * covered / length, "days": covered})
    summed = parts[parts["days"] > 0].groupby("query")[["usd", "days"]].sum()
    out[summed.index.to_numpy()] = (summed["usd"] * 365.0 / summed["days"]).to_numpy()
    return out


def _with_last_concentration(revenue: pd.DataFrame, every: pd.DataFrame, as_of: date | None) -> pd.DataFrame:
    """``revenue`` (one row per company) with a concentration its year does not disclose taken from
    the company's latest earlier year that does (published by ``as_of``): who a company sells to
    changes slowly, and A-share and 10-K disclosures are not made every year for every company."""
    visible = published(every, as_of)  # sorted by period end
    columns = list(CONCENTRATION)
    # each column's last disclosure per company (a group's last skips the years without one)
    last = visible[["company", *columns]].groupby("company", sort=False, observed=True).last()
    at = last.index.get_indexer(pd.Index(revenue["company"]))
    carried = {column: revenue[column].fillna(pd.Series(np.where(at >= 0, last[column].to_numpy()[at], np.nan),
                                                        index=revenue.index)) for column in columns}
    return revenue.assign(**carried)


def _put(frame: pd.DataFrame, index: pd.Index, keys: pd.Series, values: pd.DataFrame) -> None:
    """Add ``values``' columns to ``frame``, row by row at the node ``keys`` name (missing elsewhere;
    a key that is no node is dropped)."""
    at = index.get_indexer(pd.Index(keys))
    found = at >= 0
    placed = values[found].set_axis(at[found]).reindex(range(len(frame)))
    for column in values.columns:
        frame[column] = placed[column].to_numpy()


def _attributes(G: nx.MultiDiGraph, nodes: tuple[str, ...]) -> list[dict[str, Any]]:
    """The attribute dicts of ``nodes``, in their order (one pass over the graph's node data)."""
    data = dict(G.nodes(data=True))
    return [data[n] for n in nodes]


def chosen_capex(G: nx.MultiDiGraph, attrs: list[dict[str, Any]], as_of: date | None) -> np.ndarray:
    """Amount (USD) of each company's latest reported or estimated single-period capex plan ending
    on or before ``as_of`` (today when None), the larger when two end on one day (a figure with
    finance leases beside one without); NaN for every other plan (superseded, guided, multi-year).
    ``attrs``: the attributes of each node, in code order."""
    rates = fx_rates((G.graph.get("money") or {}).get("fx", []))
    day = (as_of or date.today()).isoformat()
    plans = []
    for code, d in enumerate(attrs):
        if d.get("type") != "capex" or d.get("basis") == "guidance" or d.get("period_kind") == "multi-year":
            continue
        rate = usd_rate(rates, d["currency"], d["period_end"])
        if rate is not None and str(d["period_end"]) <= day:
            plans.append((d["company"], str(d["period_end"]), d["amount"] * rate, code))
    amounts = np.full(len(attrs), np.nan)
    best = (pd.DataFrame(plans, columns=["company", "end", "usd", "code"])
            .sort_values(["company", "end", "usd"], kind="stable").drop_duplicates("company", keep="last"))
    amounts[best["code"].to_numpy(np.int64)] = best["usd"].to_numpy(float)
    return amounts


def channels(G: nx.MultiDiGraph, as_of: date | None) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """One row per spend channel of the compiled view (row sells to col) valid on ``as_of``: row,
    col, product (-1 when none), relation, kind, spend_share / spend_basis (NaN when unknown),
    revenue_share / revenue_basis, the revenue share's low / high and the end of the period it
    describes (revenue_to), and the pair's span of validity
    (valid_from / valid_to, :func:`_pair_validity`)."""
    table = relation_table(G)
    on = channels_on(G, as_of)  # the spend view's channels: computed once for both views
    spend = on.merged
    revenue = revenue_channels(on.rows, spend, len(table.nodes))
    kinds = table.frame["kind"].array.take(spend["relation"].to_numpy())  # categorical: cheap to compare
    valid_from, valid_to = _pair_validity(table.frame, on.spend, spend, len(table.nodes))
    frame = pd.DataFrame({"row": spend["row"], "col": spend["col"], "product": spend["product"],
                          "relation": spend["relation"], "kind": kinds,
                          "spend_share": spend["weight"], "spend_basis": spend["basis"],
                          "revenue_share": revenue["weight"], "revenue_basis": revenue["basis"],
                          "low": revenue["low"], "high": revenue["high"], "revenue_to": revenue["revenue_to"],
                          "valid_from": valid_from, "valid_to": valid_to}, copy=False)  # copy on write keeps them apart
    return frame, table.nodes


def _pair_validity(frame: pd.DataFrame, every: pd.DataFrame, merged: pd.DataFrame,
                   n: int) -> tuple[np.ndarray, np.ndarray]:
    """Each merged channel's span of validity: the earliest ``valid_from`` and the latest
    ``valid_to`` of all the relations between its two nodes (open bounds stay open). A figure for
    a period (:func:`~computechain.graph.relation_table.period_figures`, such as a revenue share for
    2023) dates the figure, not the link: as in :func:`~computechain.graph.relation_table.visible_on`,
    it holds on after its period until a newer figure replaces it."""
    relation = every["relation"].to_numpy()
    valid_from, valid_to = frame["valid_from"].to_numpy()[relation], frame["valid_to"].to_numpy()[relation]
    period_figure = period_figures(frame)[relation]
    valid_to = np.where(period_figure, np.datetime64(OPEN_TO), valid_to)
    key = every["row"].to_numpy(np.int64) * n + every["col"].to_numpy()
    order = np.argsort(key, kind="stable")
    key = key[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])  # each pair's first relation, by pair
    earliest = np.minimum.reduceat(valid_from[order], starts)
    latest_to = np.maximum.reduceat(valid_to[order], starts)
    at = np.searchsorted(key[starts], merged["row"].to_numpy(np.int64) * n + merged["col"].to_numpy())
    return earliest[at], latest_to[at]


def segment_inputs(G: nx.MultiDiGraph, as_of: date | None) -> pd.DataFrame:
    """input, target (segment codes), cost (the latest known ``cost_share``, else NaN) and its
    cost_low / cost_high range of every ``input_to`` relation valid on ``as_of``."""
    frame = relation_table(G).frame
    t = frame[frame["kind"] == RelationKind.INPUT_TO.value]
    if as_of is not None:
        t = t[visible_on(t, as_of)]
    pairs = t[["u", "v"]].drop_duplicates()
    known = latest_known(t, "cost")[["u", "v", "cost", "cost_low", "cost_high"]]
    pairs = pairs.merge(known, on=["u", "v"], how="left")
    return pd.DataFrame({"input": pairs["u"].to_numpy(), "target": pairs["v"].to_numpy(),
                         **{column: pairs[column].to_numpy(float) for column in ("cost", "cost_low", "cost_high")}})


def segment_revenue(G: nx.MultiDiGraph, index: dict[str, int], as_of: date | None) -> dict[tuple[int, int], float]:
    """(company code, segment code) -> USD of the latest reported revenue in the segment."""
    latest_rows = latest(money_tables(G).segment_revenue, ["company", "segment"], as_of)
    return {(index.get(c, -1), index.get(s, -1)): float(u) for c, s, u in
            zip(latest_rows["company"], latest_rows["segment"], latest_rows["usd"], strict=True)}
