"""Trace where a demand source's spend lands: every upstream company and segment it reaches.

One unit of spend at the source (a lab, hyperscaler, capex plan or model) is propagated with
the Leontief inverse of the spend matrix, ``x = (I - A)^-1 e_source``; ``share`` is ``x`` at
each node reached. It is split by how it is known: ``share_reported`` flows only through
reported weights, ``share_estimate`` needs at least one estimate, ``share_filled`` at least
one weight given by the missing-weight rule (see :mod:`computechain.queries.engine.view`).

Examples
--------
A lab spends 80 % with a cloud (reported); the cloud's only supplier is a chip maker (its
weight is filled: 1.0); so 0.8 of the lab's spend reaches the chip maker, all of it resting
on a filled weight.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> for n in ("lab", "cloud", "chip"):
...     G.add_node(f"company:{n}", type="company", name=n.title())
>>> _ = G.add_edge("company:cloud", "company:lab", key="c", kind="provides_compute", as_of="2024-01-01",
...                share_of_customer_spend=0.8, share_of_customer_spend_basis="reported")
>>> _ = G.add_edge("company:chip", "company:cloud", key="s", kind="supplies", as_of="2024-01-01")
>>> trace(G, source="Lab")[["id", "tier", "share", "share_reported", "share_filled", "path"]].to_dict("records")
... # doctest: +NORMALIZE_WHITESPACE
[{'id': 'company:chip', 'tier': 2, 'share': 0.8, 'share_reported': 0.0, 'share_filled': 0.8,
  'path': 'Lab <- Cloud <- Chip'},
 {'id': 'company:cloud', 'tier': 1, 'share': 0.8, 'share_reported': 0.8, 'share_filled': 0.0,
  'path': 'Lab <- Cloud'}]
"""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import networkx as nx
import numpy as np
import pandas as pd

from computechain.queries.engine.leontief import neumann_solve
from computechain.queries.engine.paths import best_paths, path_nodes
from computechain.queries.engine.view import CompiledView, FillRule, compile_view
from computechain.queries.lookup import find_entity

TRACE_COLUMNS = ["id", "name", "type", "tier", "share", "share_reported", "share_estimate", "share_filled", "path",
                 "relations"]
MIN_SHARE = 1e-12


def propagate_by_basis(view: CompiledView, f: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(x using reported weights only, x using reported + estimated, x using all weights)."""
    reported = view.A_parts["reported"]
    with_estimates = reported + view.A_parts["estimate"]
    return (neumann_solve(reported, f, nodes=view.nodes),
            neumann_solve(with_estimates, f, nodes=view.nodes),
            neumann_solve(view.A, f, nodes=view.nodes))


def path_text(G: nx.MultiDiGraph, view: CompiledView, steps: list[int]) -> str:
    """Names along a path, demand side first."""
    return " <- ".join(str(G.nodes[view.nodes[i]].get("name", view.nodes[i])) for i in steps)


def path_relations(view: CompiledView, steps: list[int]) -> list[str]:
    """Relation ids behind each step of a spend path (spender -> supplier: entry A[supplier, spender])."""
    return view.relations_along((supplier, spender) for spender, supplier in pairwise(steps))


def trace(G: nx.MultiDiGraph, *, source: str, as_of: date | None = None,
          fill: FillRule = "market-share") -> pd.DataFrame:
    """Every node the spend of ``source`` reaches, with its tier, share and best path.

    Columns: id, name, type, tier (hops from the source), share (of one unit of the source's
    spend; may exceed the direct share where paths converge), share_reported,
    share_estimate, share_filled (they sum to share), path (the largest-product path),
    relations (``;``-joined ids of the relations along that path).
    Rows: largest share first, then id.
    """
    node = find_entity(G, source)
    view = compile_view(G, as_of=as_of, fill=fill)
    start = view.index[node]
    f = np.zeros(len(view.nodes))
    f[start] = 1.0
    reported, with_estimates, total = propagate_by_basis(view, f)
    tiers, predecessors = best_paths(view.A.T.tocsr(), start)
    reached = [int(i) for i in np.flatnonzero(total > MIN_SHARE) if i != start]
    rows = [{
        "id": view.nodes[i], "name": G.nodes[view.nodes[i]].get("name"), "type": G.nodes[view.nodes[i]].get("type"),
        "tier": int(tiers[i]), "share": float(total[i]), "share_reported": float(reported[i]),
        "share_estimate": float(with_estimates[i] - reported[i]), "share_filled": float(total[i] - with_estimates[i]),
        "path": path_text(G, view, path_nodes(predecessors, i)),
        "relations": ";".join(path_relations(view, path_nodes(predecessors, i))),
    } for i in reached]
    frame = pd.DataFrame(rows, columns=TRACE_COLUMNS)
    return frame.sort_values(["share", "id"], ascending=[False, True]).reset_index(drop=True)
