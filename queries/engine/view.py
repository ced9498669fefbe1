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

Revenue evidence (R): ``share_of_supplier_revenue``, else ``share_of_supplier_output`` (see
:func:`revenue_evidence`). ``share_of_supplier_output`` does not enter A: a share of the seller's
units says nothing of how the buyer's spend divides without prices and the buyer's total.

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

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any, Literal

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from computechain.errors import QueryError
from computechain.graph.facts import latest_shares
from computechain.graph.relation_table import (
    BASES,
    OPEN_TO,
    RelationTable,
    latest_known,
    relation_table,
    visible_on,
)
from computechain.graph.schema import RelationKind

FillRule = Literal["market-share", "equal", "none"]
FILL_RULES: tuple[FillRule, ...] = ("market-share", "equal", "none")
REPORTED, ESTIMATE, FILLED = range(len(BASES))


BATCH = 32  # Monte Carlo draws are made and solved this many at a time


@dataclass(frozen=True)
class DrawnValues:
    """Monte Carlo draws of R's entries, in batches: the ``positions`` (in
    :attr:`CompiledView.revenue_entries`) every draw sets, and ``batches(wanted)``: per batch, the
    values of the ``wanted`` ones (indices into ``positions``; a column per draw, single
    precision) with, per draw, the other entries it changes (positions, values).

    >>> values = np.array([[0.4, 0.5], [0.25, 0.75]], dtype=np.float32)  # two entries, two draws
    >>> others = [(np.array([1]), np.array([0.3])), (np.array([], dtype=int), np.array([]))]
    >>> drawn = DrawnValues(np.array([0, 2]), lambda wanted: iter([(values[wanted], others)]))
    >>> [(v.tolist(), [o.tolist() for o, _ in other]) for v, other in drawn.batches(np.array([1]))]
    [([[0.25, 0.75]], [[1], []])]
    """

    positions: np.ndarray
    batches: Callable[[np.ndarray], Iterable[tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray]]]]]


@dataclass(frozen=True)
class CompiledView:
    """Index of nodes and the split sparse matrices (CSR) of one graph at one date."""

    nodes: tuple[str, ...]
    index: dict[str, int]
    A_parts: dict[str, sp.csr_matrix]
    R_parts: dict[str, sp.csr_matrix]
    # row, col (node indices), relation (table position): every relation behind an entry of A
    entry_relations: pd.DataFrame
    revenue_entries: pd.DataFrame  # row, col, value, basis (code), low, high (NaN without a range): R's entries
    relation_ids: tuple[str, ...]  # relation id of each table position
    # Monte Carlo: (the draws' numbers, seed) -> their values (None: each ranged share drawn alone)
    draws: Callable[[range, int], DrawnValues] | None = None

    @cached_property
    def A(self) -> sp.csr_matrix:
        return self.A_parts["reported"] + self.A_parts["estimate"] + self.A_parts["filled"]

    @cached_property
    def R(self) -> sp.csr_matrix:
        return self.R_parts["reported"] + self.R_parts["estimate"] + self.R_parts["filled"]

    @cached_property
    def derived(self) -> dict[Any, Any]:
        """What queries derive from the view once (kept with it, so it goes when the view goes)."""
        return {}

    @cached_property
    def _entry_keys(self) -> tuple[np.ndarray, np.ndarray]:
        """(sorted row * n + col keys, the entry_relations positions in that order): found by binary
        search, so a million relations need no Python dictionary."""
        rows, cols = self.entry_relations["row"], self.entry_relations["col"]
        keys = rows.to_numpy(dtype=np.int64) * len(self.nodes) + cols.to_numpy()
        order = np.argsort(keys, kind="stable")
        return keys[order], order

    def relations_along(self, pairs: Iterable[tuple[int, int]]) -> list[str]:
        """The relation ids behind each (row, col) entry of A, in the order of ``pairs``."""
        keys, order = self._entry_keys
        relation = self.entry_relations["relation"].to_numpy()
        found = []
        for row, col in pairs:
            key = row * len(self.nodes) + col
            start, stop = np.searchsorted(keys, key, "left"), np.searchsorted(keys, key, "right")
            found += [self.relation_ids[relation[i]] for i in order[start:stop]]
        return found

    @property
    def nbytes(self) -> int:
        """Memory held by the view: the matrices (data + indices + indptr) and its tables (entry_relations,
        R's entries); the node index and relation ids are shared with the graph's relation table."""
        parts = [*self.A_parts.values(), *self.R_parts.values()]
        tables = (self.entry_relations, self.revenue_entries)
        return (sum(m.data.nbytes + m.indices.nbytes + m.indptr.nbytes for m in parts)
                + sum(int(t.memory_usage(index=False).sum()) for t in tables))


def _valid_rows(table: RelationTable, as_of: date | None) -> pd.DataFrame:
    """The table's rows valid on ``as_of``, with ``relation`` = their table position (which is
    also their as-of order: the table is sorted)."""
    t = table.frame.assign(relation=np.arange(len(table.frame)))
    return t if as_of is None else t[visible_on(t, as_of)]


def _pair_keys(rows: Any, cols: Any, n: int) -> np.ndarray:
    """One int64 key per (row, col) pair of node codes."""
    return np.asarray(rows, dtype=np.int64) * n + np.asarray(cols, dtype=np.int64)


def _channels(t: pd.DataFrame, row: str, col: str, weight: str | float | None, product: str | None) -> pd.DataFrame:
    """Channels ``row`` supplies ``col`` from the table rows ``t``; ``weight`` names a table
    column, or is a constant."""
    if isinstance(weight, str):
        value = t[weight].to_numpy()
        basis = np.where(np.isnan(value), FILLED, t[f"{weight}_basis"].to_numpy())
    else:
        value = np.full(len(t), np.nan if weight is None else weight)
        basis = np.where(np.isnan(value), FILLED, REPORTED)
    return pd.DataFrame({"row": t[row].to_numpy(), "col": t[col].to_numpy(), "weight": value,
                         "basis": basis.astype(np.int8), "product": t[product].to_numpy() if product else -1,
                         "relation": t["relation"].to_numpy(), "order": t["relation"].to_numpy()})


def spend_channels(t: pd.DataFrame, n: int) -> pd.DataFrame:
    """Every spend channel (row supplies col) with its known weight or NaN (see module doc), in
    as-of order."""
    kind = t["kind"]
    supply = t[kind.isin([RelationKind.SUPPLIES, RelationKind.PROVIDES_COMPUTE])]
    participation = t[kind == RelationKind.PARTICIPATES_IN]
    parts = [
        _channels(supply, "u", "v", "spend", "product"),
        _channels(participation, "u", "v", "market", "v"),
        _channels(t[kind == RelationKind.ALLOCATES_CAPEX], "v", "u", "capex", "v"),
        _channels(t[kind == RelationKind.COMMITS_CAPEX], "v", "u", None, None),
        _channels(t[kind == RelationKind.DEVELOPS], "u", "v", 1.0, None),
    ]
    # input_to P -> S: a company in S with no explicit supplier of P spends cost_share / |its segments| on P
    segments = participation[["u", "v"]].drop_duplicates().rename(columns={"u": "company", "v": "segment"})
    count = segments.groupby("company")["segment"].transform("size")
    inputs = _channels(t[kind == RelationKind.INPUT_TO], "u", "v", "cost", "u").rename(columns={"col": "segment"})
    derived = segments.assign(count=count).merge(inputs, on="segment")
    with_product = supply[supply["product"] >= 0]
    explicit = _pair_keys(with_product["v"], with_product["product"], n)
    derived = derived[~pd.Series(_pair_keys(derived["company"], derived["row"], n)).isin(explicit).to_numpy()]
    after_table = t["relation"].to_numpy().max(initial=-1) + 1  # derived channels come after every row
    parts.append(pd.DataFrame({"row": derived["row"], "col": derived["company"],
                               "weight": derived["weight"] / derived["count"], "basis": derived["basis"],
                               "product": derived["product"], "relation": derived["relation"],
                               "order": after_table + np.arange(len(derived))}))
    channels = pd.concat(parts, ignore_index=True)
    return channels.iloc[np.argsort(channels["order"].to_numpy(), kind="stable")].reset_index(drop=True)


def _merge_duplicates(channels: pd.DataFrame, n: int) -> pd.DataFrame:
    """One channel per (row, col): of dated duplicates (in as-of order) the latest known weight
    wins (:func:`~computechain.graph.relation_table.latest_known`); without any, the first."""
    latest = latest_known(channels, "weight", ("row", "col"))
    unknown = channels[channels["weight"].isna()].drop_duplicates(["row", "col"], keep="first")
    weighted = _pair_keys(latest["row"], latest["col"], n)
    unknown = unknown[~np.isin(_pair_keys(unknown["row"], unknown["col"], n), weighted)]
    return pd.concat([latest, unknown]).sort_index().reset_index(drop=True)


def _group_sums(groups: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(groups, weights=values, minlength=n)


def fill_weights(channels: pd.DataFrame, by: str, shares: pd.DataFrame, rule: FillRule, n: int) -> pd.DataFrame:
    """Give every unweighted channel of ``channels`` (one per pair: :func:`_merge_duplicates`) a
    share of its group's unallocated total (see module doc).

    ``by`` is "col" (spend: a spender's channels) or "row" (revenue: a seller's channels).
    """
    weight = channels["weight"].to_numpy()
    known, missing = channels[~np.isnan(weight)], channels[np.isnan(weight)]
    if rule == "none" or missing.empty:
        return known
    group = missing[by].to_numpy()
    left = np.clip(1.0 - _group_sums(known[by].to_numpy(), known["weight"].to_numpy(), n), 0.0, None)[group]
    other = missing["row" if by == "col" else "col"]
    share_of = pd.Series(shares["share"].to_numpy(), index=_pair_keys(shares["company"], shares["product"], n))
    product = missing["product"].to_numpy()
    size = share_of.reindex(_pair_keys(other, product, n)).fillna(0.0).to_numpy() * (product >= 0)
    unsized = _group_sums(group, (size <= 0).astype(float), n)[group]
    size = np.where((rule == "market-share") & (unsized == 0), size, 1.0)
    filled = missing.assign(weight=left * size / _group_sums(group, size, n)[group], basis=np.int8(FILLED))
    return pd.concat([known, filled[left > 0]], ignore_index=True)


def revenue_evidence(t: pd.DataFrame) -> pd.DataFrame:
    """u, v, revenue, revenue_basis, revenue_low, revenue_high: per seller and buyer the latest
    reported or estimated ``share_of_supplier_revenue``, else the latest ``share_of_supplier_output``
    (the buyer's share of the seller's units, e.g. Epoch's H100-equivalents, with its p5-p95 range):
    a buyer taking 23 % of an accelerator maker's output is evidence that it brings about 23 % of
    the maker's revenue from that product; revenue_to: the end of the figure's validity (the
    period it describes; open when it has none). Rows of ``t`` are in as-of order."""
    columns = ["u", "v", "revenue", "revenue_basis", "revenue_low", "revenue_high", "valid_to"]
    revenue = latest_known(t, "revenue")[columns]
    output = latest_known(t, "output")[["u", "v", "output", "output_basis", "output_low", "output_high", "valid_to"]]
    output = output.set_axis(columns, axis=1)
    output = output[~pd.Index(_pair_keys(output["u"], output["v"], 1 << 31)).isin(
        _pair_keys(revenue["u"], revenue["v"], 1 << 31))]
    return pd.concat([revenue, output], ignore_index=True)


def revenue_channels(t: pd.DataFrame, spend: pd.DataFrame, n: int) -> pd.DataFrame:
    """Revenue channels: row earns from col wherever row is in col's spend, with the evidence of
    :func:`revenue_evidence` (and its range) when an edge between them has some."""
    known = revenue_evidence(t)
    where = pd.Index(_pair_keys(known["u"], known["v"], n)).get_indexer(_pair_keys(spend["row"], spend["col"], n))

    def pick(column: str, missing: float) -> np.ndarray:
        values = np.append(known[column].to_numpy(dtype=float), missing)  # where = -1 picks ``missing``
        return values[where]

    to = np.append(known["valid_to"].to_numpy("datetime64[D]"), np.datetime64(OPEN_TO, "D"))[where]
    return spend.assign(weight=pick("revenue", np.nan), basis=pick("revenue_basis", FILLED).astype(np.int8),
                        low=pick("revenue_low", np.nan), high=pick("revenue_high", np.nan), revenue_to=to)


def _matrices(channels: pd.DataFrame, n: int) -> dict[str, sp.csr_matrix]:
    weight, basis = channels["weight"].to_numpy(), channels["basis"].to_numpy()
    rows, cols = channels["row"].to_numpy(), channels["col"].to_numpy()
    parts = {}
    for code, name in enumerate(BASES):
        chosen = (basis == code) & (weight != 0)
        parts[name] = sp.csr_matrix((weight[chosen], (rows[chosen], cols[chosen])), shape=(n, n))
    return parts


# Views live in G.__networkx_cache__, which networkx clears when the graph's nodes or edges change.
CACHE_KEY = "computechain_views"
CHANNELS_KEY = "computechain_channels"


@dataclass(frozen=True)
class Channels:
    """The spend channels on one date, as both the spend view and the money view read them: the
    table rows valid on the date, every channel (:func:`spend_channels`) and one per pair
    (:func:`_merge_duplicates`)."""

    rows: pd.DataFrame
    spend: pd.DataFrame
    merged: pd.DataFrame


def channels_on(G: nx.MultiDiGraph, as_of: date | None) -> Channels:
    """The :class:`Channels` of ``G`` on ``as_of``, built once and cached in ``G.__networkx_cache__``."""
    cache: dict[date | None, Channels] = G.__networkx_cache__.setdefault(CHANNELS_KEY, {})
    if as_of not in cache:
        n = len(relation_table(G).nodes)
        t = _valid_rows(relation_table(G), as_of)
        spend = spend_channels(t, n)
        cache[as_of] = Channels(t, spend, _merge_duplicates(spend, n))
    return cache[as_of]


def compile_view(G: nx.MultiDiGraph, *, as_of: date | None = None, fill: FillRule = "market-share") -> CompiledView:
    """Compile (once per graph, date and rule; cached in ``G.__networkx_cache__``) the sparse view."""
    if fill not in FILL_RULES:
        raise QueryError(f"unknown fill rule {fill!r}; use one of {', '.join(FILL_RULES)}")
    cache: dict[tuple[Any, ...], CompiledView] = G.__networkx_cache__.setdefault(CACHE_KEY, {})
    key = (as_of, fill)
    if key in cache:
        return cache[key]
    table = relation_table(G)
    n = len(table.nodes)
    channels = channels_on(G, as_of)
    t = channels.rows
    shares = latest_shares(t)
    revenue = fill_weights(_merge_duplicates(revenue_channels(t, channels.spend, n), n), "row", shares, fill, n)
    entries = revenue[revenue["weight"] != 0]
    view = CompiledView(
        table.nodes, table.index, _matrices(fill_weights(channels.merged, "col", shares, fill, n), n),
        _matrices(revenue, n), channels.spend[["row", "col", "relation"]],
        entries[["row", "col", "weight", "basis", "low", "high"]].rename(columns={"weight": "value"})
        .reset_index(drop=True),
        table.relation_ids,
    )
    cache[key] = view
    return view
