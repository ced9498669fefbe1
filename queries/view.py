"""The compiled sparse-matrix view of a graph: the spend matrix A and the revenue matrix R.

``A[i, j]`` is the share of node j's spend that goes to node i; ``R[i, j]`` is the share of
node i's revenue that comes from node j (see docs/methodology.md). Both are split by how the
entry is known, so that every answer can say how much of it rests on reported weights,
estimates, or the missing-weight rule: ``A = A_reported + A_estimate + A_filled``.

Spend channels of a spender j (one column of A):

- ``supplies`` / ``provides_compute`` u -> j: ``share_of_customer_spend``;
- ``participates_in`` i -> segment j: a segment is a market, its spend goes to its participants
  by ``market_share``;
- ``allocates_capex`` capex j -> segment i: ``capex_allocation_share``;
- ``commits_capex`` company j -> capex i: no weight (filled);
- ``develops`` lab i -> model j: a model's demand is its developer's demand (1, structural);
- ``input_to`` P -> S: a company j in segment S that has no explicit supplier of product P
  spends ``cost_share`` on the market P.

Missing weights (:data:`FILL_RULES`): a column's unallocated spend ``1 - sum(known)`` is split
over its unweighted channels in proportion to the market share of each channel's supplier in
its product (``"market-share"``, falling back to equal when a share is missing), equally
(``"equal"``), or not at all (``"none"``). R is filled the same way over a node's customers.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_nodes_from(["company:lab", "company:cloud", "company:chip"], type="company")
>>> _ = G.add_edge("company:cloud", "company:lab", key="c", kind="provides_compute",
...                as_of="2024-01-01", share_of_customer_spend=0.8, share_of_customer_spend_basis="reported")
>>> _ = G.add_edge("company:chip", "company:cloud", key="s", kind="supplies", as_of="2024-01-01")
>>> view = compile_view(G)
>>> float(view.A[view.index["company:cloud"], view.index["company:lab"]])
0.8
>>> float(view.A[view.index["company:chip"], view.index["company:cloud"]])  # filled: the only channel
1.0
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any, Literal

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from computechain.errors import ComputechainError
from computechain.queries.edges import edge_table

FillRule = Literal["market-share", "equal", "none"]
FILL_RULES: tuple[FillRule, ...] = ("market-share", "equal", "none")
BASES = ("reported", "estimate", "filled")


class QueryError(ComputechainError):
    """A query cannot be answered as asked (bad parameter, non-converging model ...)."""


@dataclass(frozen=True)
class CompiledView:
    """Index of nodes and the split sparse matrices (CSR) of one graph at one date."""

    nodes: tuple[str, ...]
    index: dict[str, int]
    A_parts: dict[str, sp.csr_matrix]
    R_parts: dict[str, sp.csr_matrix]
    links: pd.DataFrame  # row, col (node indices), relation: every relation behind an entry of A
    revenue_ranges: pd.DataFrame  # row, col (indices), weight, low, high: revenue shares with a range

    @property
    def A(self) -> sp.csr_matrix:
        return self.A_parts["reported"] + self.A_parts["estimate"] + self.A_parts["filled"]

    @property
    def R(self) -> sp.csr_matrix:
        return self.R_parts["reported"] + self.R_parts["estimate"] + self.R_parts["filled"]

    @cached_property
    def _link_keys(self) -> tuple[np.ndarray, np.ndarray]:
        """(sorted row * n + col keys, the link positions in that order): found by binary search,
        so a million links need no Python dictionary."""
        keys = self.links["row"].to_numpy(dtype=np.int64) * len(self.nodes) + self.links["col"].to_numpy()
        order = np.argsort(keys, kind="stable")
        return keys[order], order

    def relations_along(self, pairs: Iterable[tuple[int, int]]) -> list[str]:
        """The relation ids behind each (row, col) entry of A, in the order of ``pairs``."""
        keys, order = self._link_keys
        relation = self.links["relation"].to_numpy()
        found = []
        for row, col in pairs:
            key = row * len(self.nodes) + col
            start, stop = np.searchsorted(keys, key, "left"), np.searchsorted(keys, key, "right")
            found += [str(relation[i]) for i in order[start:stop]]
        return found

    @property
    def nbytes(self) -> int:
        """Memory held by the matrices (data + indices + indptr)."""
        parts = [*self.A_parts.values(), *self.R_parts.values()]
        return sum(m.data.nbytes + m.indices.nbytes + m.indptr.nbytes for m in parts)


def valid_edges(G: nx.MultiDiGraph, as_of: date | None) -> list[tuple[str, str, str, dict[str, Any]]]:
    """Edges valid on ``as_of`` (all edges when None): valid_from <= as_of <= valid_to, and not
    asserted after ``as_of``."""
    if as_of is None:
        return list(G.edges(keys=True, data=True))
    day = as_of.isoformat()
    return [(u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True)
            if d["as_of"] <= day and (d.get("valid_from") or "") <= day <= (d.get("valid_to") or "9999")]


def latest_market_shares(G: nx.MultiDiGraph, as_of: date | None = None) -> dict[tuple[str, str], float]:
    """(company, segment) -> its latest market share valid on ``as_of`` (the same rule the
    compiled view uses: newest as_of, ties by valid_from, then relation id)."""
    table = latest_shares_table(_valid_rows(edge_table(G), as_of))
    return dict(zip(zip(table["company"], table["product"], strict=True), table["share"], strict=True))


def _valid_rows(table: pd.DataFrame, as_of: date | None) -> pd.DataFrame:
    if as_of is not None:
        day = as_of.isoformat()
        table = table[(table["as_of"] <= day) & (table["valid_from"] <= day) & (table["valid_to"] >= day)]
    # as-of order decides which of a relation's dated weights is the latest; ties by valid_from,
    # then relation id (the same rule as the Cypher library's)
    return table.sort_values(["as_of", "valid_from", "key"], kind="stable").assign(order=lambda t: np.arange(len(t)))


def _channels(t: pd.DataFrame, row: str, col: str, weight: str | float | None, product: str | None) -> pd.DataFrame:
    """Channels ``row`` supplies ``col`` from the edge rows ``t``; ``weight`` names a table
    column, or is a constant."""
    if isinstance(weight, str):
        value = t[weight]
        basis = np.where(value.notna(), t[f"{weight}_basis"].fillna("reported"), "filled")
    else:
        value = pd.Series(np.nan if weight is None else weight, index=t.index, dtype=float)
        basis = np.where(value.notna(), "reported", "filled")
    return pd.DataFrame({"row": t[row], "col": t[col], "weight": value, "basis": basis,
                         "product": t[product] if product else None, "relation": t["key"], "order": t["order"]})


def spend_channels(t: pd.DataFrame) -> pd.DataFrame:
    """Every spend channel (row supplies col) with its known weight or NaN (see module doc)."""
    kind = t["kind"]
    supply = t[kind.isin(["supplies", "provides_compute"])]
    participation = t[kind == "participates_in"]
    parts = [
        _channels(supply, "u", "v", "spend", "product"),
        _channels(participation, "u", "v", "market", "v"),
        _channels(t[kind == "allocates_capex"], "v", "u", "capex", "v"),
        _channels(t[kind == "commits_capex"], "v", "u", None, None),
        _channels(t[kind == "develops"], "u", "v", 1.0, None),
    ]
    # input_to P -> S: a company in S with no explicit supplier of P spends cost_share / |its segments| on P
    segments = participation[["u", "v"]].drop_duplicates().rename(columns={"u": "company", "v": "segment"})
    count = segments.groupby("company")["segment"].transform("size")
    inputs = _channels(t[kind == "input_to"], "u", "v", "cost", "u").rename(columns={"col": "segment"})
    derived = segments.assign(count=count).merge(inputs, on="segment")
    explicit = supply[["v", "product"]].dropna().drop_duplicates().rename(columns={"v": "company", "product": "row"})
    derived = derived.merge(explicit, on=["company", "row"], how="left", indicator=True)
    derived = derived[derived["_merge"] == "left_only"]
    parts.append(pd.DataFrame({"row": derived["row"], "col": derived["company"],
                               "weight": derived["weight"] / derived["count"], "basis": derived["basis"],
                               "product": derived["product"], "relation": derived["relation"],
                               "order": len(t) + np.arange(len(derived))}))
    return pd.concat(parts, ignore_index=True).sort_values("order", kind="stable").reset_index(drop=True)


def _merge_duplicates(channels: pd.DataFrame) -> pd.DataFrame:
    """One channel per (row, col): of dated duplicates (in as-of order) the latest known weight
    wins; without any, the first."""
    known = channels[channels["weight"].notna()].drop_duplicates(["row", "col"], keep="last")
    unknown = channels[channels["weight"].isna()].drop_duplicates(["row", "col"], keep="first")
    unknown = unknown.merge(known[["row", "col"]], on=["row", "col"], how="left", indicator=True)
    unknown = unknown[unknown["_merge"] == "left_only"].drop(columns="_merge")
    return pd.concat([known, unknown], ignore_index=True)


def latest_shares_table(t: pd.DataFrame) -> pd.DataFrame:
    """company, product, share: each participant's latest known market share."""
    known = t[(t["kind"] == "participates_in") & t["market"].notna()]
    latest = known.drop_duplicates(["u", "v"], keep="last")  # t is in as-of order
    return pd.DataFrame({"company": latest["u"], "product": latest["v"], "share": latest["market"]})


def fill_weights(channels: pd.DataFrame, by: str, shares: pd.DataFrame, rule: FillRule) -> pd.DataFrame:
    """Give every unweighted channel a share of its group's unallocated total (see module doc).

    ``by`` is "col" (spend: a spender's channels) or "row" (revenue: a seller's channels).
    """
    channels = _merge_duplicates(channels)
    known = channels[channels["weight"].notna()]
    missing = channels[channels["weight"].isna()]
    if rule == "none" or missing.empty:
        return known
    left = (1.0 - known.groupby(by)["weight"].sum()).clip(lower=0.0)
    missing = missing.assign(left=missing[by].map(left).fillna(1.0))
    missing = missing[missing["left"] > 0]
    other = "row" if by == "col" else "col"
    sized = missing.merge(shares.rename(columns={"company": other}), on=[other, "product"], how="left")
    size = sized["share"].fillna(0.0)
    every_sized = (size > 0).groupby(sized[by]).transform("all")
    size = size.where((rule == "market-share") & every_sized, 1.0)
    sized = sized.assign(weight=sized["left"] * size / size.groupby(sized[by]).transform("sum"), basis="filled")
    return pd.concat([known, sized.drop(columns=["left", "share"])], ignore_index=True)


def revenue_channels(t: pd.DataFrame, spend: pd.DataFrame) -> pd.DataFrame:
    """Revenue channels: row earns from col wherever row is in col's spend, with the reported
    ``share_of_supplier_revenue`` (and its range) when an edge between them has one."""
    known = t[t["revenue"].notna()].drop_duplicates(["u", "v"], keep="last")
    known = pd.DataFrame({"row": known["u"], "col": known["v"], "rev": known["revenue"],
                          "rev_basis": known["revenue_basis"].fillna("reported"),
                          "low": known["revenue_low"], "high": known["revenue_high"]})
    merged = spend.drop(columns=["weight", "basis"]).merge(known, on=["row", "col"], how="left")
    return merged.assign(weight=merged["rev"], basis=np.where(merged["rev"].notna(), merged["rev_basis"], "filled"))


def _matrices(channels: pd.DataFrame, index: pd.Index) -> dict[str, sp.csr_matrix]:
    n = len(index)
    parts = {}
    for basis in BASES:
        chosen = channels[(channels["basis"] == basis) & (channels["weight"] != 0)]
        rows, cols = index.get_indexer(pd.Index(chosen["row"])), index.get_indexer(pd.Index(chosen["col"]))
        parts[basis] = sp.csr_matrix((chosen["weight"].to_numpy(dtype=float), (rows, cols)), shape=(n, n))
    return parts


# Views are cached per graph object without touching the graph (queries never mutate G). A graph
# must not be edited after its first query: edit a copy (shocks do), which compiles afresh.
_VIEW_CACHE: weakref.WeakKeyDictionary[nx.MultiDiGraph, dict[tuple[Any, ...], CompiledView]] = (
    weakref.WeakKeyDictionary()
)


def compile_view(G: nx.MultiDiGraph, *, as_of: date | None = None, fill: FillRule = "market-share") -> CompiledView:
    """Compile (once per graph, date and rule; cached beside the graph object) the sparse view."""
    if fill not in FILL_RULES:
        raise QueryError(f"unknown fill rule {fill!r}; use one of {', '.join(FILL_RULES)}")
    cache = _VIEW_CACHE.setdefault(G, {})
    key = (as_of, fill, G.number_of_nodes())  # counting a multigraph's edges costs a full pass
    if key in cache:
        return cache[key]
    t = _valid_rows(edge_table(G), as_of)
    nodes = tuple(G.nodes)
    index = pd.Index(nodes)
    shares = latest_shares_table(t)
    spend = spend_channels(t)
    revenue = fill_weights(revenue_channels(t, spend), "row", shares, fill)
    ranged = revenue[revenue["low"].notna() & revenue["high"].notna() & (revenue["weight"] != 0)]
    view = CompiledView(
        nodes, {node: i for i, node in enumerate(nodes)},
        _matrices(fill_weights(spend, "col", shares, fill), index), _matrices(revenue, index),
        pd.DataFrame({"row": index.get_indexer(spend["row"]), "col": index.get_indexer(spend["col"]),
                      "relation": spend["relation"]}),
        pd.DataFrame({"row": index.get_indexer(ranged["row"]), "col": index.get_indexer(ranged["col"]),
                      "weight": ranged["weight"], "low": ranged["low"], "high": ranged["high"]}),
    )
    cache[key] = view
    return view
