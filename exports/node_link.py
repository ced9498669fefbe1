"""The graph as networkx node-link JSON, with the cited sources in a top-level table.

The contract other tools rely on: ``nx.node_link_data(G, edges="edges")`` — nodes carry
``id``, ``type``, ``name``, ``aliases`` (companies also ``country``, ``listings``, ``roles``);
edges carry ``source``, ``target``, ``key`` (the relation id), ``kind``, weights, ``basis``,
dates and ``sources``; ``sources`` maps each source id to title, publisher, date and url.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph(sources={"source:s": {"name": "Report", "publisher": "P",
...                                          "date": "2024", "url": None}})
>>> G.add_node("segment:hbm", type="segment", name="HBM", aliases=[])
>>> data = node_link(G)
>>> data["nodes"][0]["id"], data["sources"][0]["title"]
('segment:hbm', 'Report')
>>> sorted(graph_from_node_link(data).nodes) == ["segment:hbm"]
True
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

from computechain.exports.files import write_text_atomic


def node_link(G: nx.MultiDiGraph) -> dict[str, Any]:
    """Node-link data of ``G`` plus a ``sources`` table (title = the source's name)."""
    data = nx.node_link_data(G, edges="edges")
    data["graph"] = dict(data["graph"])  # node_link_data shares G.graph: never mutate it
    sources = data["graph"].pop("sources", {})
    data["sources"] = [
        {"id": sid, "title": s["name"], **{k: v for k, v in s.items() if k not in ("name", "type")}}
        for sid, s in sorted(sources.items())
    ]
    return data


def graph_from_node_link(data: dict[str, Any]) -> nx.MultiDiGraph:
    """Inverse of :func:`node_link`."""
    sources = {s["id"]: {"type": "source", "name": s["title"],
                         **{k: v for k, v in s.items() if k not in ("id", "title")}}
               for s in data.get("sources", [])}
    graph_data = {k: v for k, v in data.items() if k != "sources"}
    graph_data["graph"] = {**data.get("graph", {}), "sources": sources}
    return nx.node_link_graph(graph_data, directed=True, multigraph=True, edges="edges")


def write_json(G: nx.MultiDiGraph, path: Path) -> None:
    """Write :func:`node_link` of ``G`` to ``path`` (UTF-8, atomic)."""
    write_text_atomic(path, json.dumps(node_link(G), ensure_ascii=False, indent=1))
