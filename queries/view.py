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
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import networkx as nx
import numpy as np
import scipy.sparse as sp

from computechain.errors import ComputechainError

FillRule = Literal["market-share", "equal", "none"]
FILL_RULES: tuple[FillRule, ...] = ("market-share", "equal", "none")
SPEND_WEIGHT = {
    "supplies": "share_of_customer_spend",
    "provides_compute": "share_of_customer_spend",
    "participates_in": "market_share",
    "allocates_capex": "capex_allocation_share",
}
BASES = ("reported", "estimate", "filled")


class QueryError(ComputechainError):
    """A query cannot be answered as asked (bad parameter, non-converging model ...)."""


@dataclass(frozen=True)
class Channel:
    """One spend (or revenue) link: row node, column node, weight or None, its basis, product."""

    row: str
    col: str
    weight: float | None
    basis: str
    product: str | None
    relation: str
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class CompiledView:
    """Index of nodes and the split sparse matrices (CSR) of one graph at one date."""

    nodes: tuple[str, ...]
    index: dict[str, int]
    A_parts: dict[str, sp.csr_matrix]
    R_parts: dict[str, sp.csr_matrix]
    relations: dict[tuple[int, int], tuple[str, ...]]  # (row, col) -> relation ids behind it
    revenue_ranges: tuple[Channel, ...]  # known revenue shares that carry a low/high range

    @property
    def A(self) -> sp.csr_matrix:
        return self.A_parts["reported"] + self.A_parts["estimate"] + self.A_parts["filled"]

    @property
    def R(self) -> sp.csr_matrix:
        return self.R_parts["reported"] + self.R_parts["estimate"] + self.R_parts["filled"]

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


def _weight(attrs: dict[str, Any], meaning: str) -> tuple[float | None, str]:
    value = attrs.get(meaning)
    if value is None:
        return None, "filled"
    return float(value), attrs.get(f"{meaning}_basis") or "reported"


def _range(attrs: dict[str, Any], meaning: str) -> tuple[float | None, float | None]:
    return attrs.get(f"{meaning}_low"), attrs.get(f"{meaning}_high")


def latest_market_shares(edges: list[tuple[str, str, str, dict[str, Any]]]) -> dict[tuple[str, str], float]:
    """(company, segment) -> its latest market share among ``edges``."""
    latest: dict[tuple[str, str], tuple[str, float]] = {}
    for u, v, _, d in edges:
        newer = (u, v) not in latest or d["as_of"] >= latest[(u, v)][0]
        if d["kind"] == "participates_in" and d.get("market_share") is not None and newer:
            latest[(u, v)] = (d["as_of"], float(d["market_share"]))
    return {pair: share for pair, (_, share) in latest.items()}


def spend_channels(G: nx.MultiDiGraph, edges: list[tuple[str, str, str, dict[str, Any]]]) -> list[Channel]:
    """Every spend channel (row supplies col) with its known weight or None."""
    channels: list[Channel] = []
    explicit_products: dict[str, set[str]] = defaultdict(set)
    segments_of: dict[str, set[str]] = defaultdict(set)
    inputs_of: dict[str, list[tuple[str, float | None, str, str]]] = defaultdict(list)
    for u, v, key, d in edges:
        kind = d["kind"]
        if kind in ("supplies", "provides_compute"):
            weight, basis = _weight(d, "share_of_customer_spend")
            channels.append(Channel(u, v, weight, basis, d.get("product"), key))
            if d.get("product"):
                explicit_products[v].add(d["product"])
        elif kind == "participates_in":
            weight, basis = _weight(d, "market_share")
            channels.append(Channel(u, v, weight, basis, v, key))
            segments_of[u].add(v)
        elif kind == "allocates_capex":
            weight, basis = _weight(d, "capex_allocation_share")
            channels.append(Channel(v, u, weight, basis, v, key))
        elif kind == "commits_capex":
            channels.append(Channel(v, u, None, "filled", None, key))
        elif kind == "develops":
            channels.append(Channel(u, v, 1.0, "reported", None, key))
        elif kind == "input_to":
            weight, basis = _weight(d, "cost_share")
            inputs_of[v].append((u, weight, basis, key))
    for company, segments in segments_of.items():
        for segment in sorted(segments):
            for product, weight, basis, key in inputs_of.get(segment, []):
                if product not in explicit_products[company]:
                    share = None if weight is None else weight / len(segments)
                    channels.append(Channel(product, company, share, basis, product, key))
    return channels


def _merge_duplicates(channels: list[Channel]) -> list[Channel]:
    """One channel per (row, col): of dated duplicates (channels come in as-of order) the latest
    known weight wins."""
    merged: dict[tuple[str, str], Channel] = {}
    for ch in channels:
        seen = merged.get((ch.row, ch.col))
        if seen is None or ch.weight is not None:
            merged[(ch.row, ch.col)] = ch
    return list(merged.values())


def fill_weights(channels: list[Channel], by: str, shares: dict[tuple[str, str], float],
                 rule: FillRule) -> list[Channel]:
    """Give every unweighted channel a share of its group's unallocated total (see module doc).

    ``by`` is "col" (spend: a spender's channels) or "row" (revenue: a seller's channels).
    """
    groups: dict[str, list[Channel]] = defaultdict(list)
    for ch in _merge_duplicates(channels):
        groups[getattr(ch, by)].append(ch)
    out: list[Channel] = []
    for group in groups.values():
        known = [ch for ch in group if ch.weight is not None]
        missing = [ch for ch in group if ch.weight is None]
        out += known
        left = max(0.0, 1.0 - sum(ch.weight for ch in known if ch.weight is not None))
        if not missing or rule == "none" or left <= 0:
            continue
        sizes = [shares.get((ch.row if by == "col" else ch.col, ch.product or ""), 0.0) for ch in missing]
        if rule == "equal" or not all(sizes):
            sizes = [1.0] * len(missing)
        total = sum(sizes)
        out += [Channel(ch.row, ch.col, left * s / total, "filled", ch.product, ch.relation)
                for ch, s in zip(missing, sizes, strict=True)]
    return out


def _matrices(channels: list[Channel], index: dict[str, int]) -> dict[str, sp.csr_matrix]:
    n = len(index)
    parts = {}
    for basis in BASES:
        chosen = [ch for ch in channels if ch.basis == basis and ch.weight]
        rows = np.fromiter((index[ch.row] for ch in chosen), dtype=np.int32, count=len(chosen))
        cols = np.fromiter((index[ch.col] for ch in chosen), dtype=np.int32, count=len(chosen))
        data = np.fromiter((ch.weight or 0.0 for ch in chosen), dtype=np.float64, count=len(chosen))
        parts[basis] = sp.csr_matrix((data, (rows, cols)), shape=(n, n))
    return parts


def revenue_channels(G: nx.MultiDiGraph, edges: list[tuple[str, str, str, dict[str, Any]]],
                     spend: list[Channel]) -> list[Channel]:
    """Revenue channels: row earns from col wherever row is in col's spend, with the reported
    ``share_of_supplier_revenue`` when an edge has one."""
    meaning = "share_of_supplier_revenue"
    known = {(u, v): (*_weight(d, meaning), *_range(d, meaning)) for u, v, _, d in edges
             if d.get(meaning) is not None}
    out = []
    for ch in spend:
        weight, basis, low, high = known.get((ch.row, ch.col), (None, "filled", None, None))
        out.append(Channel(ch.row, ch.col, weight, basis, ch.product, ch.relation, low, high))
    return out


# Views are cached per graph object without touching the graph (queries never mutate G); the key
# includes the graph's size so that a graph edited after compiling is compiled again.
_VIEW_CACHE: weakref.WeakKeyDictionary[nx.MultiDiGraph, dict[tuple[Any, ...], CompiledView]] = (
    weakref.WeakKeyDictionary()
)


def compile_view(G: nx.MultiDiGraph, *, as_of: date | None = None, fill: FillRule = "market-share") -> CompiledView:
    """Compile (once per graph, date and rule; cached on the graph object) the sparse view."""
    if fill not in FILL_RULES:
        raise QueryError(f"unknown fill rule {fill!r}; use one of {', '.join(FILL_RULES)}")
    cache = _VIEW_CACHE.setdefault(G, {})
    key = (as_of, fill, G.number_of_nodes(), G.number_of_edges())
    if key in cache:
        return cache[key]
    edges = sorted(valid_edges(G, as_of), key=lambda edge: edge[3]["as_of"])
    shares = latest_market_shares(edges)
    spend = spend_channels(G, edges)
    nodes = tuple(G.nodes)
    index = {node: i for i, node in enumerate(nodes)}
    spend_filled = fill_weights(spend, "col", shares, fill)
    revenue_filled = fill_weights(revenue_channels(G, edges, spend), "row", shares, fill)
    relations: dict[tuple[int, int], list[str]] = defaultdict(list)
    for ch in spend:
        relations[(index[ch.row], index[ch.col])].append(ch.relation)
    ranged = tuple(ch for ch in revenue_filled if ch.low is not None and ch.high is not None and ch.weight)
    view = CompiledView(nodes, index, _matrices(spend_filled, index), _matrices(revenue_filled, index),
                        {k: tuple(v) for k, v in relations.items()}, ranged)
    cache[key] = view
    return view
