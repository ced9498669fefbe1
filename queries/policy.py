"""Which companies and segments a policy supports or restricts, directly and through the chain.

Direct targets are the policy's ``supports`` / ``restricts`` relations; a region target brings
in everything located in it (clusters in a hub, companies in a cluster). The policy's effect on
demand then travels upstream like any demand (:mod:`computechain.queries.trace`): one unit at
every direct target is propagated with the Leontief inverse of the spend matrix, so a policy
that supports data centres reaches the cooling, power and fibre suppliers they buy from. A
restriction also reaches downstream: the direct customers of a restricted company, or of a
restricted segment's participants, lose that supply.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph(sources={})
>>> G.add_node("policy:p", type="policy", name="P")
>>> G.add_node("region:hub", type="region", name="Hub")
>>> G.add_nodes_from(["company:idc", "company:cool"], type="company", roles=[])
>>> G.nodes["company:idc"]["name"], G.nodes["company:cool"]["name"] = "IDC", "Cool"
>>> for u, v, kind in [("policy:p", "region:hub", "supports"), ("company:idc", "region:hub", "located_in"),
...                    ("company:cool", "company:idc", "supplies")]:
...     _ = G.add_edge(u, v, kind=kind, as_of="2024-01-01", sources=[])
>>> policy_impact(G, policy="P")[["id", "effect", "channel", "share"]].to_dict("records")
... # doctest: +NORMALIZE_WHITESPACE
[{'id': 'region:hub', 'effect': 'supports', 'channel': 'direct', 'share': 1.0},
 {'id': 'company:idc', 'effect': 'supports', 'channel': 'located in a target', 'share': 1.0},
 {'id': 'company:cool', 'effect': 'supports', 'channel': 'upstream demand', 'share': 1.0}]
"""

from __future__ import annotations

from datetime import date

import networkx as nx
import numpy as np
import pandas as pd

from computechain.errors import QueryError
from computechain.graph.facts import located_in, segment_members
from computechain.graph.relations import relations
from computechain.graph.schema import RelationKind
from computechain.queries.engine.leontief import neumann_solve
from computechain.queries.engine.view import FillRule, compile_view
from computechain.queries.lookup import find_entity

POLICY_COLUMNS = ["id", "name", "type", "effect", "channel", "share"]
SUPPORTS, RESTRICTS = RelationKind.SUPPORTS.value, RelationKind.RESTRICTS.value  # a policy's effect is its kind
CHANNEL_ORDER = {"direct": 0, "located in a target": 1, "upstream demand": 2, "downstream supply": 3}


def _targets(G: nx.MultiDiGraph, policy: str, as_of: date | None) -> dict[str, str]:
    """Direct targets -> "supports" or "restricts"."""
    rows = relations(G, as_of=as_of, kinds=[RelationKind(SUPPORTS), RelationKind(RESTRICTS)])
    rows = rows[rows["source"] == policy]
    return dict(zip(rows["target"], rows["kind"], strict=True))


def policy_impact(G: nx.MultiDiGraph, *, policy: str, as_of: date | None = None,
                  fill: FillRule = "market-share") -> pd.DataFrame:
    """Everything ``policy`` reaches.

    Columns: id, name, type, effect (supports / restricts), channel (direct, located in a target,
    upstream demand, downstream supply), share (of one unit of demand at each direct target that
    reaches the node; 1.0 for direct and located nodes, NaN downstream). Rows: by channel, then
    largest share, then id.
    """
    node = find_entity(G, policy)
    if G.nodes[node].get("type") != "policy":
        raise QueryError(f"{node!r} is a {G.nodes[node].get('type')}, not a policy")
    targets = _targets(G, node, as_of)
    rows: dict[str, dict[str, object]] = {}

    def add(n: str, effect: str, channel: str, share: float) -> None:
        if n not in rows and n != node:
            rows[n] = {"id": n, "name": G.nodes[n].get("name"), "type": G.nodes[n].get("type"), "effect": effect,
                       "channel": channel, "share": share}

    for target, effect in targets.items():
        add(target, effect, "direct", 1.0)
    for target, effect in targets.items():
        for inside in located_in(G, target, as_of=as_of):
            add(inside, effect, "located in a target", 1.0)
    view = compile_view(G, as_of=as_of, fill=fill)
    for effect in (SUPPORTS, RESTRICTS):
        starts = [n for n, r in rows.items() if r["effect"] == effect]
        f = np.zeros(len(view.nodes))
        f[[view.index[n] for n in starts]] = 1.0
        x = neumann_solve(view.A, f, nodes=view.nodes)
        for i in np.flatnonzero(x > 1e-12):
            add(view.nodes[i], effect, "upstream demand", float(x[i]))
    restricted = {n for n, r in rows.items() if r["effect"] == RESTRICTS and r["channel"] == "direct"}
    members = segment_members(G, as_of=as_of)
    sellers = restricted | set(members.loc[members["participates"] & members["segment"].isin(restricted), "company"])
    supplies = relations(G, as_of=as_of, kinds=[RelationKind.SUPPLIES])
    for customer in supplies.loc[supplies["source"].isin(sellers), "target"]:
        add(customer, RESTRICTS, "downstream supply", float("nan"))
    frame = pd.DataFrame(list(rows.values()), columns=POLICY_COLUMNS)
    order = frame["channel"].map(CHANNEL_ORDER)
    return (frame.assign(_o=order, _s=-frame["share"].fillna(0)).sort_values(["_o", "_s", "id"])
            .drop(columns=["_o", "_s"]).reset_index(drop=True))
