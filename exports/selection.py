"""Selections: which part of the graph an export shows (the CLI's view options).

A :class:`Selection` names at most one of these; :func:`select` applies it and returns a new graph
(``G`` is never mutated) holding the chosen nodes and relations, with ``graph["sources"]``
cut down to the sources they cite.

- whole graph (no option);
- ``focus`` NAME, ``depth`` N: every node within N relations of NAME, in either direction
  (the ego network), and the relations among them;
- ``trace`` SOURCE: the nodes that :func:`computechain.queries.trace.trace` reaches upstream
  from a lab or capex source, each with its ``tier`` (hops from the source, 0 for the source)
  and ``share`` as node attributes, and the relations among them;
- ``segment`` S: the segment, its sub-segments (``parent`` chain), the companies that
  participate in them or supply them as a product, those companies' customers for that
  product, and the relations among all of these;
- ``listed`` exchanges: the companies listed on any of them, the relations among them, and
  their relations to segments (with those segments).

Names are resolved with :func:`computechain.queries.lookup.find_entity` (name, Chinese name,
alias, ticker or id).

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph(sources={"source:s": {"name": "Report"}})
>>> G.add_node("company:a", type="company", name="A", listings=[{"exchange": "SSE", "ticker": "600000"}],
...            sources=["source:s"])
>>> G.add_node("company:b", type="company", name="B", listings=[])
>>> G.add_node("segment:hbm", type="segment", name="HBM")
>>> _ = G.add_edge("company:b", "company:a", key="r1", kind="supplies", sources=["source:s"])
>>> _ = G.add_edge("company:a", "segment:hbm", key="r2", kind="participates_in", sources=["source:s"])
>>> sorted(select(G, Selection(focus="B", depth=1)).nodes)
['company:a', 'company:b']
>>> H = select(G, Selection(listed=("SSE",)))
>>> sorted(H.nodes), list(H.edges(keys=True)), sorted(H.graph["sources"])
(['company:a', 'segment:hbm'], [('company:a', 'segment:hbm', 'r2')], ['source:s'])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx
import pandas as pd

from computechain.errors import SelectionError
from computechain.graph.facts import listed_on, listings, segment_members
from computechain.graph.relations import relations
from computechain.graph.schema import RelationKind
from computechain.queries.lookup import find_entity
from computechain.queries.trace import trace

# trace(G, *, source, as_of=None) -> DataFrame with at least the columns id, tier, share.
Tracer = Callable[..., pd.DataFrame]
EdgeKey = tuple[str, str, str]


@dataclass(frozen=True)
class Selection:
    """At most one of ``focus`` (with ``depth``, default 1), ``trace``, ``segment``, ``listed``.

    >>> Selection(focus="TSMC", depth=2).describe()
    'focus on TSMC, depth 2'
    >>> Selection(segment="HBM", trace="OpenAI")
    Traceback (most recent call last):
    ...
    computechain.errors.SelectionError: choose one view, not --trace and --segment together
    """

    focus: str | None = None
    depth: int | None = None
    trace: str | None = None
    segment: str | None = None
    listed: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        chosen = [f"--{name}" for name in ("focus", "trace", "segment", "listed") if getattr(self, name)]
        if len(chosen) > 1:
            raise SelectionError(f"choose one view, not {' and '.join(chosen)} together")
        if self.depth is not None and not self.focus:
            raise SelectionError(f"--depth {self.depth} needs --focus NAME")
        if self.depth is not None and self.depth < 0:
            raise SelectionError(f"--depth must be 0 or more, got {self.depth}")

    def describe(self) -> str:
        """A short human title for the selection."""
        if self.focus:
            return f"focus on {self.focus}, depth {self.depth if self.depth is not None else 1}"
        if self.trace:
            return f"demand trace from {self.trace}"
        if self.segment:
            return f"segment {self.segment}"
        if self.listed:
            return f"companies listed on {', '.join(self.listed)}"
        return "whole graph"


def _cited(attrs: dict[str, Any]) -> list[str]:
    return list(attrs.get("sources") or [])


def subgraph(G: nx.MultiDiGraph, nodes: Iterable[str], edges: Iterable[EdgeKey] | None = None) -> nx.MultiDiGraph:
    """A new graph of ``nodes`` and ``edges`` (default: every relation among ``nodes``), with copied
    attributes and only the sources they cite. Node order follows ``G``.

    >>> G = nx.MultiDiGraph(sources={"source:s": {}, "source:t": {}})
    >>> _ = G.add_edge("a", "b", key="r", sources=["source:s"])
    >>> H = subgraph(G, ["a", "b"])
    >>> list(H.edges(keys=True)), list(H.graph["sources"])
    ([('a', 'b', 'r')], ['source:s'])
    """
    keep = set(nodes)
    H = nx.MultiDiGraph()
    H.add_nodes_from((n, dict(attrs)) for n, attrs in G.nodes(data=True) if n in keep)
    if edges is None:
        chosen = [(u, v, k, dict(d)) for u, v, k, d in G.edges(keys=True, data=True) if u in keep and v in keep]
    else:
        chosen = [(u, v, k, dict(G.edges[u, v, k])) for u, v, k in edges]
    H.add_edges_from(chosen)
    cited = {s for _, attrs in H.nodes(data=True) for s in _cited(attrs)}
    cited |= {s for *_, attrs in chosen for s in _cited(attrs)}
    H.graph.update({k: v for k, v in G.graph.items() if k != "sources"})
    H.graph["sources"] = {sid: s for sid, s in G.graph.get("sources", {}).items() if sid in cited}
    return H


def _node_of_type(G: nx.MultiDiGraph, name: str, node_type: str, option: str) -> str:
    node = find_entity(G, name)
    found = G.nodes[node].get("type")
    if found != node_type:
        raise SelectionError(f"{option} {name!r} is {node} (a {found}); {option} needs a {node_type}")
    return node


def focus_subgraph(G: nx.MultiDiGraph, *, name: str, depth: int = 1) -> nx.MultiDiGraph:
    """Every node within ``depth`` relations of ``name`` (either direction) and the relations among them."""
    node = find_entity(G, name)
    reached = nx.single_source_shortest_path_length(G.to_undirected(as_view=True), node, cutoff=depth)
    return subgraph(G, reached)


def segment_subgraph(G: nx.MultiDiGraph, *, segment: str) -> nx.MultiDiGraph:
    """The segment, its sub-segments, their participants, suppliers and customers, and the relations
    among them."""
    root = _node_of_type(G, segment, "segment", "--segment")
    parents = {n: a.get("parent") for n, a in G.nodes(data=True) if a.get("type") == "segment"}
    children = nx.DiGraph([(p, n) for n, p in parents.items() if p])
    segments = {root} | (nx.descendants(children, root) if root in children else set())
    members = segment_members(G)
    supplies = relations(G, kinds=[RelationKind.SUPPLIES])
    customers = set(supplies.loc[supplies["product"].isin(segments), "target"])
    return subgraph(G, segments | set(members.loc[members["segment"].isin(segments), "company"]) | customers)


def listed_subgraph(G: nx.MultiDiGraph, *, exchanges: Iterable[str]) -> nx.MultiDiGraph:
    """Companies listed on any of ``exchanges``, relations among them and to segments."""
    wanted = {e.strip().upper() for e in exchanges}
    known = set(listings(G)["exchange"])
    unknown = sorted(wanted - known)
    if unknown:
        raise SelectionError(f"--listed: no company is listed on {', '.join(unknown)}; "
                        f"exchanges in the graph: {', '.join(sorted(known)) or 'none'}")
    listed = set(listed_on(G, wanted))

    def kept(node: str) -> bool:
        return node in listed or G.nodes[node].get("type") == "segment"

    edges = [(u, v, k) for u, v, k in G.edges(keys=True)
             if (u in listed or v in listed) and kept(u) and kept(v)]
    return subgraph(G, listed | {n for e in edges for n in e[:2]}, edges)


def trace_subgraph(G: nx.MultiDiGraph, *, source: str, tracer: Tracer | None = None) -> nx.MultiDiGraph:
    """The nodes ``tracer`` (default :func:`computechain.queries.trace.trace`) reaches from
    ``source``, with their ``tier`` and ``share`` as node attributes, and the relations among them."""
    node = find_entity(G, source)
    frame = (tracer or trace)(G, source=node)
    missing = {"id", "tier", "share"} - set(frame.columns)
    if missing:
        raise SelectionError(f"the trace of {node} lacks the columns {', '.join(sorted(missing))}")
    H = subgraph(G, set(frame["id"]) | {node})
    # the closest tier wins when the trace reaches a node more than once
    ordered = frame.sort_values("tier", ascending=False)
    for reached, tier, share in zip(ordered["id"], ordered["tier"], ordered["share"], strict=True):
        H.nodes[reached].update(tier=int(tier), share=float(share))
    H.nodes[node].update(tier=0)
    return H


def select(G: nx.MultiDiGraph, selection: Selection, *, tracer: Tracer | None = None) -> nx.MultiDiGraph:
    """Apply ``selection`` to ``G``; the whole graph is returned as it is (not copied)."""
    if selection.focus:
        return focus_subgraph(G, name=selection.focus, depth=1 if selection.depth is None else selection.depth)
    if selection.trace:
        return trace_subgraph(G, source=selection.trace, tracer=tracer)
    if selection.segment:
        return segment_subgraph(G, segment=selection.segment)
    if selection.listed:
        return listed_subgraph(G, exchanges=selection.listed)
    return G
