"""A graph's relations as one columnar table, extracted once per graph and cached.

The compiled view (:mod:`computechain.queries.view`) is built from this table with vectorised
pandas operations, so compiling a view for another date or missing-weight rule never walks
the networkx graph again.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> _ = G.add_edge("company:a", "company:b", key="r", kind="supplies", as_of="2024-12-31",
...                share_of_customer_spend=0.4, share_of_customer_spend_basis="estimate")
>>> edge_table(G)[["u", "v", "kind", "spend", "spend_basis"]].to_dict("records")
[{'u': 'company:a', 'v': 'company:b', 'kind': 'supplies', 'spend': 0.4, 'spend_basis': 'estimate'}]
"""

from __future__ import annotations

import weakref
from typing import Any

import networkx as nx
import pandas as pd

# table column -> weight meaning of the edge attributes it comes from
WEIGHT_COLUMNS = {
    "spend": "share_of_customer_spend",
    "market": "market_share",
    "capex": "capex_allocation_share",
    "cost": "cost_share",
    "revenue": "share_of_supplier_revenue",
}
_TABLES: weakref.WeakKeyDictionary[nx.MultiDiGraph, tuple[int, pd.DataFrame]] = weakref.WeakKeyDictionary()


def _row(u: str, v: str, key: str, d: dict[str, Any]) -> tuple[Any, ...]:
    weights: list[Any] = []
    for meaning in WEIGHT_COLUMNS.values():
        weights += [d.get(meaning), d.get(f"{meaning}_basis")]
    return (u, v, key, d["kind"], d.get("product"), d["as_of"], d.get("valid_from") or "",
            d.get("valid_to") or "9999-12-31", *weights,
            d.get("share_of_supplier_revenue_low"), d.get("share_of_supplier_revenue_high"))


def edge_table(G: nx.MultiDiGraph) -> pd.DataFrame:
    """Columns: u, v, key, kind, product, as_of, valid_from ("" when open), valid_to
    ("9999-12-31" when open), and per weight ``spend``, ``market``, ``capex``, ``cost``,
    ``revenue`` its value (NaN when absent) and ``<name>_basis``, plus ``revenue_low`` and
    ``revenue_high``. Cached per graph object (queries never edit a graph; edit a copy, as
    :func:`computechain.queries.shock.shocked_graph` does, and the copy gets its own table)."""
    cached = _TABLES.get(G)
    if cached is not None and cached[0] == G.number_of_nodes():
        return cached[1]
    columns = ["u", "v", "key", "kind", "product", "as_of", "valid_from", "valid_to"]
    for name in WEIGHT_COLUMNS:
        columns += [name, f"{name}_basis"]
    columns += ["revenue_low", "revenue_high"]
    table = pd.DataFrame([_row(u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True)], columns=columns)
    for name in [*WEIGHT_COLUMNS, "revenue_low", "revenue_high"]:
        table[name] = table[name].astype(float)
    _TABLES[G] = (G.number_of_nodes(), table)
    return table
