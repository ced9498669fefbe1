"""The relations of one entity, in and out, with weights and sources: an entity card's body.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("company:acme-hbm", name="Acme HBM", type="company")
>>> G.add_node("company:acme-gpu", name="Acme GPU", type="company")
>>> G.add_edge("company:acme-hbm", "company:acme-gpu", key="r1", kind="supplies",
...            product="segment:hbm", as_of="2024-12-31", sources=["source:a"],
...            share_of_customer_spend=0.4, basis="reported")
'r1'
>>> relations_of(G, entity="company:acme-gpu")[["direction", "other", "weights"]].to_dict("records")
[{'direction': 'in', 'other': 'company:acme-hbm', 'weights': 'share_of_customer_spend=0.4'}]
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import pandas as pd

from computechain.graph.schema import WeightMeaning

RELATION_COLUMNS = ["direction", "kind", "other", "other_name", "product", "weights", "basis",
                    "as_of", "sources", "relation_id"]


def weight_summary(attrs: dict[str, Any]) -> str:
    """``meaning=value [low-high]`` for each weight of an edge, ``;``-joined.

    >>> weight_summary({"market_share": 0.5, "market_share_low": 0.45, "market_share_high": 0.55})
    'market_share=0.5 [0.45-0.55]'
    """
    parts = []
    for meaning in WeightMeaning:
        value = attrs.get(meaning.value)
        if value is None:
            continue
        low, high = attrs.get(f"{meaning.value}_low"), attrs.get(f"{meaning.value}_high")
        span = f" [{low:g}-{high:g}]" if low is not None and high is not None else ""
        parts.append(f"{meaning.value}={value:g}{span}")
    return "; ".join(parts)


def relations_of(G: nx.MultiDiGraph, *, entity: str) -> pd.DataFrame:
    """Every relation into and out of ``entity``, outgoing first, each sorted by kind and other.

    Columns: direction (out/in), kind, other (id), other_name, product, weights (text),
    basis, as_of, sources (``;``-joined ids), relation_id.
    """
    rows = []
    for direction, edges in (("out", G.out_edges(entity, keys=True, data=True)),
                             ("in", G.in_edges(entity, keys=True, data=True))):
        for u, v, key, attrs in edges:
            other = v if direction == "out" else u
            rows.append({
                "direction": direction, "kind": attrs["kind"], "other": other,
                "other_name": G.nodes[other].get("name"), "product": attrs.get("product"),
                "weights": weight_summary(attrs), "basis": attrs.get("basis"),
                "as_of": attrs["as_of"], "sources": ";".join(attrs["sources"]), "relation_id": key,
            })
    frame = pd.DataFrame(rows, columns=RELATION_COLUMNS)
    order = frame["direction"].map({"out": 0, "in": 1})
    return (frame.assign(_o=order).sort_values(["_o", "kind", "other", "relation_id"])
            .drop(columns="_o").reset_index(drop=True))
