"""A graph's relations as one columnar, integer-coded table in as-of order, cached per graph.

The compiled query view (:mod:`computechain.queries.engine.view`) is built from this table with
vectorised integer operations, so compiling a view for another date or missing-weight rule never
walks the networkx graph again. :func:`computechain.graph.build.build_graph` builds the table
with the graph; a graph built by hand gets its table on first use.

Columns of :attr:`RelationTable.frame` (one row per relation, sorted by as_of, then valid_from,
then relation id, which is the order in which a later weight replaces an earlier one):

- ``u``, ``v``: the relation's source and target as node codes (positions in ``nodes``);
- ``kind``: the relation kind (categorical); ``product``: the product's node code, -1 when none;
- ``as_of``, ``valid_from`` (0001-01-01 when open), ``valid_to`` (9999-12-31 when open): dates;
- per weight column of :data:`WEIGHT_COLUMNS` its value (NaN when absent) and ``<name>_basis``
  (a :data:`BASES` code: 0 reported, 1 estimate); ``revenue_low`` / ``revenue_high`` and
  ``output_low`` / ``output_high``;
- ``weighted``: the relation carries a weight of any meaning (it states a figure).

:func:`visible_on` is the one rule of which rows hold on a date (docs/methodology.md, Time).

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> _ = G.add_edge("company:a", "company:b", key="r", kind="supplies", as_of="2024-12-31",
...                share_of_customer_spend=0.4, share_of_customer_spend_basis="estimate")
>>> table = relation_table(G)
>>> table.nodes, table.frame[["u", "v", "kind", "spend", "spend_basis"]].to_dict("records")
(('company:a', 'company:b'), [{'u': 0, 'v': 1, 'kind': 'supplies', 'spend': 0.4, 'spend_basis': 1}])
>>> table.relation_ids
('r',)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import repeat
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from computechain.bulk import gc_paused
from computechain.graph.schema import WeightMeaning

ALL_MEANINGS = tuple(m.value for m in WeightMeaning)

# table column -> weight meaning of the edge attributes it comes from
WEIGHT_COLUMNS = {
    "spend": "share_of_customer_spend",
    "market": "market_share",
    "capex": "capex_allocation_share",
    "cost": "cost_share",
    "revenue": "share_of_supplier_revenue",
    "output": "share_of_supplier_output",
}
RANGED = ("revenue", "output", "cost")  # weights whose low / high the queries draw from
# how an answer's part is known: weights are reported or estimated; the missing-weight rule fills
BASES = ("reported", "estimate", "filled")
OPEN_FROM, OPEN_TO = "0001-01-01", "9999-12-31"


@dataclass(frozen=True)
class RelationTable:
    """The node order, the relation ids in table order, and the coded table (module doc)."""

    nodes: tuple[str, ...]
    index: dict[str, int]
    relation_ids: tuple[str, ...]
    frame: pd.DataFrame
    # table position -> product id, for products that are no node (code -1): only hand-built graphs have them
    stray_products: dict[int, str] = dataclasses.field(default_factory=dict)


CACHE_KEY = "computechain_relation_table"


def _coded(values: list[Any], convert: Any) -> np.ndarray:
    """``convert`` applied to the few distinct values (None becomes NaN), then spread back:
    dates and bases repeat a lot."""
    codes, distinct = pd.factorize(np.array(values, dtype=object), use_na_sentinel=False)
    return convert(list(distinct))[codes]


def _dates(values: list[Any], missing: str) -> np.ndarray:
    """ISO texts or dates (None or empty: ``missing``) as datetime64 days."""
    return _coded(values, lambda distinct: np.array([v.isoformat() if isinstance(v, date) else v if
                                                     isinstance(v, str) and v else missing for v in distinct],
                                                    dtype="datetime64[D]"))


def as_of_order(columns: dict[str, Any], keys: np.ndarray) -> np.ndarray:
    """Row order in which a later row's weight replaces an earlier one's: by as_of, then
    valid_from, then relation id. Only rows between the same two nodes compete, so relation ids
    are ranked only among rows that tie on both dates and the node pair (sorting a million
    strings would take most of the extraction time)."""
    u, v = columns["u"], columns["v"]
    ties = pd.DataFrame({"as_of": columns["as_of"], "valid_from": columns["valid_from"],
                         "low": np.minimum(u, v), "high": np.maximum(u, v)}).duplicated(keep=False).to_numpy()
    rank = np.zeros(len(keys), dtype=np.int64)
    rank[ties] = pd.factorize(keys[ties], sort=True)[0]
    return np.lexsort((rank, columns["valid_from"], columns["as_of"]))


_MEANING_SET = frozenset(ALL_MEANINGS)
# table column -> edge attribute of every weight figure the table keeps, and of each basis
_FIGURES = {**WEIGHT_COLUMNS, **{f"{name}_{end}": f"{WEIGHT_COLUMNS[name]}_{end}" for name in RANGED
                                  for end in ("low", "high")}}
_BASES = {f"{name}_basis": f"{meaning}_basis" for name, meaning in WEIGHT_COLUMNS.items()}


def _carries_weight(attrs: dict[str, Any]) -> bool:
    """Whether an edge's attributes state a weight of any meaning."""
    return not _MEANING_SET.isdisjoint(attrs) and any(attrs.get(m) is not None for m in ALL_MEANINGS)


def _weight_columns(count: int, weighted: np.ndarray, codes: list[int], attrs: list[dict[str, Any]]
                    ) -> dict[str, np.ndarray]:
    """Each weight's value, basis code and the revenue share's range for ``count`` relations,
    read only from those that carry a weight (positions ``weighted``; most carry none), whose
    edge attributes are ``attrs[code]`` for their ``codes`` (the distinct ones read once, in one
    pass of pandas)."""
    chosen = pd.DataFrame(attrs, columns=[*_FIGURES.values(), *_BASES.values()]).iloc[codes]
    columns: dict[str, np.ndarray] = {"weighted": np.zeros(count, dtype=bool)}
    columns["weighted"][weighted] = True
    for name, field in _FIGURES.items():
        columns[name] = np.full(count, np.nan)
        columns[name][weighted] = chosen[field].to_numpy(dtype=float, na_value=np.nan)
    for name, field in _BASES.items():
        columns[name] = np.zeros(count, dtype=np.int8)
        columns[name][weighted] = (chosen[field] == "estimate").to_numpy()
    return columns


def period_figures(frame: pd.DataFrame) -> np.ndarray:
    """Which rows of a relation table are *figures for a period*: weighted, with both bounds (a
    market share for 2025). Such a figure dates the figure, not the link: it holds on after its
    period until a newer one supersedes it (:func:`visible_on`).

    >>> frame = pd.DataFrame({"weighted": [True, True, False],
    ...     "valid_from": np.array(["2025-01-01", OPEN_FROM, "2025-01-01"], dtype="datetime64[D]"),
    ...     "valid_to": np.array(["2025-12-31", "2025-12-31", "2025-12-31"], dtype="datetime64[D]")})
    >>> period_figures(frame).tolist()
    [True, False, False]
    """
    return (frame["weighted"].to_numpy() & (frame["valid_from"].to_numpy() != np.datetime64(OPEN_FROM))
            & (frame["valid_to"].to_numpy() != np.datetime64(OPEN_TO)))


def visible_on(frame: pd.DataFrame, day: date) -> np.ndarray:
    """Which rows of a relation table hold on ``day`` (the period rule of docs/methodology.md).

    A relation is known from its ``valid_from`` (else its ``as_of``) and holds until its
    ``valid_to``. A *figure for a period* (a weighted relation with both bounds, e.g. a market
    share for 2025) stays the latest known figure after its period ends, until a newer figure
    of the same kind, endpoints and product supersedes it: so ``--as-of`` on any day in or after
    the period sees it. ``frame`` must be in as-of order (as the table is).

    >>> frame = pd.DataFrame({"kind": ["participates_in"] * 2, "u": [0, 0], "v": [1, 1],
    ...     "product": [-1, -1], "weighted": [True, True],
    ...     "as_of": np.array(["2024-12-31", "2025-12-31"], dtype="datetime64[D]"),
    ...     "valid_from": np.array(["2024-01-01", "2025-01-01"], dtype="datetime64[D]"),
    ...     "valid_to": np.array(["2024-12-31", "2025-12-31"], dtype="datetime64[D]")})
    >>> [visible_on(frame, date(y, m, 1)).tolist() for y, m in ((2023, 6), (2024, 6), (2025, 6), (2026, 3))]
    [[False, False], [True, False], [False, True], [False, True]]
    """
    day64 = np.datetime64(day, "D")
    valid_from = frame["valid_from"].to_numpy()
    known_from = np.where(valid_from == np.datetime64(OPEN_FROM), frame["as_of"].to_numpy(), valid_from)
    started = known_from <= day64
    valid_to = frame["valid_to"].to_numpy()
    ongoing = valid_to >= day64
    weighted = frame["weighted"].to_numpy()
    period = period_figures(frame)
    candidates = started & weighted
    latest = np.zeros(len(frame), dtype=bool)
    keys = frame.loc[candidates, ["kind", "u", "v", "product"]]
    latest[np.flatnonzero(candidates)[~keys.duplicated(keep="last").to_numpy()]] = True
    return started & (ongoing | (period & latest))


@gc_paused()
def extract_relation_table(G: nx.MultiDiGraph) -> RelationTable:
    """The relation table of ``G``, extracted afresh (use the cached :func:`relation_table`)."""
    edges = [edge for edge in G.edges(keys=True, data=True)]  # list(view) would count the edges first
    return table_of_edges(tuple(G.nodes), edges)


def table_of_edges(nodes: tuple[str, ...], edges: Sequence[tuple[str, str, str, dict[str, Any]]]) -> RelationTable:
    """The relation table of a graph of ``nodes`` whose edges are ``edges`` (``(u, v, key,
    attrs)`` in the graph's order)."""
    index = {node: i for i, node in enumerate(nodes)}
    attrs = [e[3] for e in edges]
    weighted = np.array([i for i, d in enumerate(attrs) if _carries_weight(d)], dtype=np.int64)
    columns = {"source": [e[0] for e in edges], "target": [e[1] for e in edges], "kind": [d["kind"] for d in attrs],
               **{name: [d.get(name) for d in attrs] for name in ("product", "as_of", "valid_from", "valid_to")}}
    return assembled_table(nodes, index, columns, [e[2] for e in edges], weighted, list(range(len(weighted))),
                           [attrs[i] for i in weighted])


def insertion_to_graph_order(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """The order in which ``G.edges`` yields edges added in the order of ``u`` and ``v`` (their
    node codes) to a MultiDiGraph: by source node, then by each pair's first appearance, then as
    added.

    >>> insertion_to_graph_order(np.array([1, 0, 1, 1]), np.array([2, 2, 0, 2])).tolist()
    [1, 0, 3, 2]
    """
    pair = pd.factorize(u * (max(u.max(initial=0), v.max(initial=0)) + 1) + v)[0]  # codes in order of first appearance
    return np.lexsort((pair, u))


def assembled_table(nodes: tuple[str, ...], index: dict[str, int], fields: dict[str, list[Any]], keys: list[str],
                    weighted: np.ndarray, weight_codes: list[int], weight_attrs: list[dict[str, Any]], *,
                    insertion_order: bool = False) -> RelationTable:
    """The relation table of relations given field by field (``fields``: source, target, kind,
    product, as_of, valid_from, valid_to as lists, dates as ISO texts or dates, kinds as texts)
    in the graph's order (or, with ``insertion_order``, in the order they were added to it),
    with their ``keys`` and, for those that carry a weight (positions ``weighted``), their edge
    attributes ``weight_attrs[code]`` by their ``weight_codes``."""
    count = len(keys)
    columns: dict[str, Any] = {
        "u": np.fromiter(map(index.__getitem__, fields["source"]), dtype=np.int64, count=count),
        "v": np.fromiter(map(index.__getitem__, fields["target"]), dtype=np.int64, count=count),
        "kind": pd.Categorical(fields["kind"]),
        "product": np.fromiter(map(index.get, fields["product"], repeat(-1)), dtype=np.int64, count=count),
        "as_of": _dates(fields["as_of"], OPEN_TO),  # a hand-built edge may have none
        "valid_from": _dates(fields["valid_from"], OPEN_FROM),
        "valid_to": _dates(fields["valid_to"], OPEN_TO),
        **_weight_columns(count, weighted, weight_codes, weight_attrs),
    }
    key_array = np.array(keys, dtype=object)
    products = np.array(fields["product"], dtype=object)
    if insertion_order:
        graph_order = insertion_to_graph_order(columns["u"], columns["v"])
        columns = {name: column[graph_order] for name, column in columns.items()}
        key_array, products = key_array[graph_order], products[graph_order]
    order = as_of_order(columns, key_array)
    frame = pd.DataFrame({name: column[order] for name, column in columns.items()}, copy=False)
    position = np.empty(len(order), dtype=np.int64)
    position[order] = np.arange(len(order))
    stray = {int(position[i]): products[i] for i in np.flatnonzero(columns["product"] < 0) if products[i] is not None}
    return RelationTable(nodes, index, tuple(key_array[order].tolist()), frame, stray)


def valid_on(frame: pd.DataFrame, day: date | np.ndarray) -> pd.Series:
    """Rows of ``frame`` (its ``as_of``, ``valid_from``, ``valid_to``) valid on ``day`` (one date, or
    one per row): valid_from <= day <= valid_to, and not asserted after it.

    The data's own rule, for checks on the data (the share-sum check of
    :mod:`computechain.graph.weight_checks`); queries use :func:`visible_on`. The two differ on
    purpose, and only here: a figure counts once it is stated (its ``as_of``) and holds *in* its
    period, so a check asks whether the figures stated for one day add past 100 %;
    :func:`visible_on` also carries a period's figure forward after it ends until a newer one
    supersedes it, a query-time fallback that combines figures of different periods (a 2024
    share beside 2025's), which the data never claims hold together and a check must not flag.

    >>> frame = pd.DataFrame({"as_of": np.array(["2024-12-31"], dtype="datetime64[D]"),
    ...     "valid_from": np.array(["2024-01-01"], dtype="datetime64[D]"),
    ...     "valid_to": np.array(["2024-12-31"], dtype="datetime64[D]")})
    >>> [bool(valid_on(frame, date(y, 6, 1)).iloc[0]) for y in (2024, 2025)]  # visible_on: [True, True]
    [False, False]
    >>> bool(valid_on(frame, date(2024, 12, 31)).iloc[0])
    True
    """
    when = np.asarray(day, dtype="datetime64[D]")
    return (frame["as_of"] <= when) & (frame["valid_from"] <= when) & (frame["valid_to"] >= when)


def latest_known(rows: pd.DataFrame, column: str, pair: Sequence[str] = ("u", "v")) -> pd.DataFrame:
    """The current figure of ``column`` for each ``pair``: of the rows that know it, the last in
    as-of order (``rows`` must be in that order, as the table is). The one rule by which a later
    figure supersedes an earlier one, used by the query view and the share-sum check alike.

    >>> rows = pd.DataFrame({"u": [0, 0, 1], "v": [2, 2, 2], "w": [0.6, 0.3, np.nan]})
    >>> latest_known(rows, "w")["w"].tolist()
    [0.3]
    """
    return rows[rows[column].notna()].drop_duplicates(list(pair), keep="last")


def relation_table(G: nx.MultiDiGraph) -> RelationTable:
    """The relation table of ``G``, extracted once and kept in ``G.__networkx_cache__``, which
    networkx clears whenever a node or edge is added or removed (an attribute edited in place is
    not seen: call ``G.__networkx_cache__.clear()`` after one)."""
    cache = G.__networkx_cache__
    if CACHE_KEY not in cache:
        cache[CACHE_KEY] = extract_relation_table(G)
    return cache[CACHE_KEY]
