"""The evidence behind an answer: the relations it rests on and the sources they cite.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph(sources={"source:r": {"name": "Annual report", "publisher": "Acme", "date": "2025"}})
>>> _ = G.add_edge("company:a", "company:b", key="r1", kind="supplies", product=None, as_of="2024-12-31",
...                sources=["source:r"], basis="reported", share_of_customer_spend=0.3)
>>> explain(G, relation_ids=["r1", "r1"])[["relation_id", "weights", "source_titles"]].to_dict("records")
[{'relation_id': 'r1', 'weights': 'share_of_customer_spend=0.3', 'source_titles': 'Annual report (Acme, 2025)'}]
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
import pandas as pd

from computechain.graph.relations import relations
from computechain.queries.neighbours import weight_summary

EXPLAIN_COLUMNS = ["relation_id", "kind", "source", "target", "product", "weights", "basis", "as_of", "sources",
                   "source_titles"]


def explain(G: nx.MultiDiGraph, *, relation_ids: Iterable[str]) -> pd.DataFrame:
    """One row per distinct relation id (in first-seen order) with its weights and cited sources.

    Columns: relation_id, kind, source, target, product, weights, basis, as_of, sources,
    source_titles ("title (publisher, date)", ``;``-joined).
    """
    wanted = list(dict.fromkeys(relation_ids))
    found = relations(G)
    found = found[found["relation"].isin(wanted)]
    ends = dict(zip(found["relation"], zip(found["source"], found["target"], strict=True), strict=True))
    rows = []
    for rid in wanted:
        u, v = ends[rid]
        d = G.edges[u, v, rid]
        cited = [G.graph["sources"].get(s, {}) for s in d["sources"]]
        rows.append({
            "relation_id": rid, "kind": d["kind"], "source": u, "target": v, "product": d.get("product"),
            "weights": weight_summary(d), "basis": d.get("basis"), "as_of": d["as_of"],
            "sources": ";".join(d["sources"]),
            "source_titles": "; ".join(f"{c.get('name')} ({c.get('publisher')}, {c.get('date')})" for c in cited),
        })
    return pd.DataFrame(rows, columns=EXPLAIN_COLUMNS)
