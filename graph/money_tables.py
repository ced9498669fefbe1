"""The graph's money figures as USD tables: revenue, revenue by segment and market sizes.

Figures are kept in ``G.graph["money"]`` as JSON-ready rows (one list per table) in their own
currency; :func:`money_tables` converts every figure to USD with the FX table's average rate
for the calendar year in which the figure's period ends (the one FX rule), and picks, per
company / segment, the latest figure valid on a date (:func:`latest`). The USD tables are cached
in ``G.__networkx_cache__``.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph(money={
...     "fx": [{"currency": "CNY", "period": "2024", "period_start": "2024-01-01",
...             "period_end": "2024-12-31", "usd_per_unit": 0.125, "sources": ["source:fed"]}],
...     "financials": [{"company": "company:acme", "period": "FY2024", "period_start": "2024-01-01",
...                     "period_end": "2024-12-31", "currency": "CNY", "revenue": 10e9,
...                     "basis": "reported", "as_of": "2025-03-31", "sources": ["source:ar"]}]})
>>> t = money_tables(G)
>>> t.revenue[["company", "period", "usd", "basis"]].to_dict("records")
[{'company': 'company:acme', 'period': 'FY2024', 'usd': 1250000000.0, 'basis': 'reported'}]
>>> latest(t.revenue, "company", None)["usd"].tolist()
[1250000000.0]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from computechain.graph.dataset import Origin
from computechain.graph.money import MONEY_MODELS, FxRate, MoneyRecord

CACHE_KEY = "computechain_money"
USD = "USD"


def money_rows(records: Iterable[tuple[MoneyRecord, Origin]]) -> dict[str, list[dict[str, Any]]]:
    """JSON-ready rows per table (the form kept in ``G.graph["money"]``)."""
    rows: dict[str, list[dict[str, Any]]] = {model.table: [] for model in MONEY_MODELS}
    for record, _ in records:
        rows[record.table].append(record.model_dump(mode="json", exclude_none=True))
    return rows


def fx_year(period_end: Any) -> int:
    """The calendar year whose average rate converts a figure: the year its period ends in."""
    return pd.Timestamp(period_end).year


def fx_rates(records: Iterable[FxRate | dict[str, Any]]) -> dict[tuple[str, int], float]:
    """(currency, year) -> USD per unit; USD converts at 1 in every year."""
    rates = {}
    for r in records:
        row = r.model_dump(mode="json") if isinstance(r, FxRate) else r
        rates[(row["currency"], fx_year(row["period_end"]))] = float(row["usd_per_unit"])
    return rates


def usd_rate(rates: dict[tuple[str, int], float], currency: str, period_end: Any) -> float | None:
    """USD per unit of ``currency`` for a figure whose period ends on ``period_end`` (None: no rate):
    the average of that calendar year; for a year that has not ended yet (a plan for this year or
    later), whose average nobody knows, the latest earlier year's.

    >>> rates = {("CNY", 2024): 0.139, ("CNY", 2025): 0.14}
    >>> usd_rate(rates, "CNY", "2024-12-31"), usd_rate(rates, "CNY", "2099-12-31"), usd_rate(rates, "CNY", "2020-12-31")
    (0.139, 0.14, None)
    """
    if currency == USD:
        return 1.0
    year = fx_year(period_end)
    if (currency, year) in rates or year < date.today().year:
        return rates.get((currency, year))
    earlier = [y for c, y in rates if c == currency and y < year]
    return rates[(currency, max(earlier))] if earlier else None


@dataclass(frozen=True)
class MoneyTables:
    """USD tables (``usd``, ``usd_low``, ``usd_high`` beside the original value and currency).

    revenue: company, period, period_start, period_end, usd*, basis, largest_customer_share,
    top5_customers_share, unnamed_customers_below, as_of, sources, cost_usd (its cost of revenue);
    segment_revenue: company,
    segment, ...; market_sizes:
    segment, scope, ...
    """

    revenue: pd.DataFrame
    segment_revenue: pd.DataFrame
    market_sizes: pd.DataFrame


_COLUMNS = {
    "financials": ["company", "largest_customer_share", "top5_customers_share", "unnamed_customers_below"],
    "segment_revenue": ["company", "segment"],
    "market_sizes": ["segment", "scope"],
}
# Amounts beside a table's value that convert at the same rate (column -> its USD column).
_OTHER_AMOUNTS = {"financials": {"cost_of_revenue": "cost_usd"}}
_COMMON = ["period", "period_start", "period_end", "currency", "basis", "as_of", "sources"]


def _usd_table(rows: list[dict[str, Any]], table: str, value: str,
               rates: dict[tuple[str, int], float]) -> pd.DataFrame:
    columns = [*_COLUMNS[table], *_COMMON, value, f"{value}_low", f"{value}_high", *_OTHER_AMOUNTS.get(table, {})]
    frame = pd.DataFrame(rows).reindex(columns=columns)
    for column in ("period_start", "period_end", "as_of"):
        frame[column] = pd.to_datetime(frame[column], format="ISO8601")
    codes, pairs = pd.factorize(pd.MultiIndex.from_arrays([frame["currency"], frame["period_end"].dt.year]))
    by_pair = np.array([usd_rate(rates, currency, f"{year}-12-31") for currency, year in pairs], dtype=float)
    rate = by_pair[codes] if len(frame) else np.zeros(0)
    for suffix in ("", "_low", "_high"):
        frame[f"usd{suffix}"] = pd.to_numeric(frame[f"{value}{suffix}"], errors="coerce") * rate
    for column, usd in _OTHER_AMOUNTS.get(table, {}).items():
        frame[usd] = pd.to_numeric(frame[column], errors="coerce") * rate
    return frame.drop(columns=[value, f"{value}_low", f"{value}_high", *_OTHER_AMOUNTS.get(table, {})]).sort_values(
        ["period_end", "as_of"], kind="stable").reset_index(drop=True)


def money_tables(G: nx.MultiDiGraph) -> MoneyTables:
    """The graph's money figures in USD (see module doc), cached beside the graph."""
    cache = getattr(G, "__networkx_cache__", None)
    if cache is not None and CACHE_KEY in cache:
        return cache[CACHE_KEY]
    money = G.graph.get("money") or {}
    rates = fx_rates(money.get("fx", []))
    tables = MoneyTables(
        _usd_table(money.get("financials", []), "financials", "revenue", rates),
        _usd_table(money.get("segment_revenue", []), "segment_revenue", "revenue", rates),
        _usd_table(money.get("market_sizes", []), "market_sizes", "amount", rates),
    )
    if cache is not None:
        cache[CACHE_KEY] = tables
    return tables


CLOUD_SEGMENT = "segment:cloud-compute"


def cloud_shares(G: nx.MultiDiGraph, *, as_of: date | None = None) -> pd.Series:
    """Per company, the share of its revenue that its cloud business makes: its revenue in
    ``segment:cloud-compute`` over its total revenue, in the latest period that reports both
    (published by ``as_of``), at most 1. Companies without both figures (or an FX rate for
    them) are left out.

    A telecom operator with 500 of revenue, 100 of it from its cloud:

    >>> year = {"company": "company:telco", "period": "FY2024", "period_start": "2024-01-01",
    ...         "period_end": "2024-12-31", "currency": "USD", "as_of": "2025-03-20"}
    >>> G = nx.MultiDiGraph(money={"financials": [{**year, "revenue": 500.0}],
    ...                            "segment_revenue": [{**year, "segment": CLOUD_SEGMENT, "revenue": 100.0}]})
    >>> cloud_shares(G).to_dict()
    {'company:telco': 0.2}
    """
    tables = money_tables(G)
    cloud = published(tables.segment_revenue, as_of)
    cloud = cloud[cloud["segment"] == CLOUD_SEGMENT]
    both = cloud.merge(published(tables.revenue, as_of), on=["company", "period"], suffixes=("_cloud", ""))
    both = both.sort_values("period_end", kind="stable").drop_duplicates("company", keep="last")
    shares = pd.Series((both["usd_cloud"] / both["usd"]).clip(upper=1.0).to_numpy(), index=both["company"].to_numpy(),
                       name="cloud_share", dtype=float)
    return shares.dropna()


def latest(frame: pd.DataFrame, by: str | list[str], as_of: date | None) -> pd.DataFrame:
    """Per ``by`` key, the figure with the latest period end among those published on or before
    ``as_of`` (all when None): a newer figure supersedes an older one."""
    return published(frame, as_of).drop_duplicates(by, keep="last").reset_index(drop=True)  # sorted by period end


def published(frame: pd.DataFrame, as_of: date | None) -> pd.DataFrame:
    """The figures of ``frame`` published on or before ``as_of`` (all when None)."""
    return frame if as_of is None else frame[frame["as_of"] <= pd.Timestamp(as_of)]
