"""The graph for other tools: GraphML and GEXF (Gephi, yEd, igraph) and Cytoscape.js JSON.

GraphML and GEXF hold only scalar attributes, so :func:`encode_for_xml` writes

- every attribute whose schema type is a list (:data:`JSON_ATTRIBUTES`: ``aliases``,
  ``listings``, ``roles``, ``sources``) as JSON text, e.g. ``["source:a", "source:b"]`` and
  ``[{"exchange": "SSE", "ticker": "688981"}]``;
- nothing for a missing value (``None``);
- a ``label`` on each node (the name, then the Chinese name), which Gephi shows;
- the relation id on each edge as the GraphML/GEXF edge id and as the attribute ``relation_id``
  (igraph drops GraphML edge ids);
- in GraphML, the sources table as JSON text in the graph attribute ``sources`` (GEXF has no
  graph attributes: take the sources from the CSV or JSON export).

:func:`decode_from_xml` undoes all of this for a graph read back with networkx.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph(sources={"source:s": {"name": "Report"}})
>>> G.add_node("company:a", type="company", name="Acme", name_zh="艾克", aliases=["A"], note=None)
>>> G.add_node("segment:hbm", type="segment", name="HBM")
>>> _ = G.add_edge("company:a", "segment:hbm", key="r", kind="participates_in", market_share=0.5,
...                sources=["source:s"])
>>> import io
>>> back = decode_from_xml(nx.read_graphml(io.BytesIO(graphml_text(G).encode()), force_multigraph=True))
>>> back.nodes["company:a"], back.graph["sources"]
({'type': 'company', 'name': 'Acme', 'name_zh': '艾克', 'aliases': ['A']}, {'source:s': {'name': 'Report'}})
>>> list(back.edges(keys=True, data=True))
[('company:a', 'segment:hbm', 'r', {'kind': 'participates_in', 'market_share': 0.5, 'sources': ['source:s']})]
>>> cytoscape(G)["elements"]["edges"][0]["data"]["key"]
'r'
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, get_origin

import networkx as nx
from pydantic import BaseModel

from computechain.exports.controls import escape_controls, escape_value
from computechain.exports.files import write_text_atomic
from computechain.graph.facts import listing_text
from computechain.graph.schema import ENTITY_MODELS, Relation

SCHEMA_MODELS: tuple[type[BaseModel], ...] = (*ENTITY_MODELS.values(), Relation)


def schema_fields(test: Callable[[Any], bool]) -> frozenset[str]:
    """Names of the entity and relation fields whose type annotation passes ``test``.

    >>> sorted(schema_fields(lambda annotation: annotation is bool))
    []
    """
    return frozenset(name for model in SCHEMA_MODELS for name, field in model.model_fields.items()
                     if test(field.annotation))


# weights are flattened into scalar attributes, so they are not among the list attributes
JSON_ATTRIBUTES = schema_fields(lambda annotation: get_origin(annotation) in (tuple, list, dict)) - {"weights"}
DERIVED = ("label", "id", "relation_id")  # added for the tools, dropped when decoding


def cell_text(value: Any, sep: str = ";") -> str:
    """A value as one spreadsheet cell: lists ``sep``-joined as in the seed, listings as ``EXCHANGE:TICKER``.

    >>> cell_text([{"exchange": "SSE", "ticker": "688981"}, {"exchange": "HKEX", "ticker": "0981"}])
    'SSE:688981;HKEX:0981'
    >>> cell_text(None), cell_text(0.25), cell_text(["a", "b"], "; ")
    ('', '0.25', 'a; b')
    """
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return sep.join(cell_text(item, sep) for item in value)
    if isinstance(value, dict):
        return listing_text(value) if set(value) == {"exchange", "ticker"} else json.dumps(
            value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _scalars(attrs: dict[str, Any]) -> dict[str, Any]:
    # json.dumps writes C0 controls as \u00XX; XML 1.0 can hold the rest
    return {k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | tuple | dict) else escape_value(v)
            for k, v in attrs.items() if v is not None}


def encode_for_xml(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``G`` that GraphML and GEXF can hold (see the module docstring); control
    characters in text are written as ``\\xNN`` (:func:`~computechain.exports.controls.escape_controls`)."""
    H = nx.MultiDiGraph(sources=json.dumps(G.graph.get("sources", {}), ensure_ascii=False, sort_keys=True))
    for node, attrs in G.nodes(data=True):
        name, zh = attrs.get("name", node), attrs.get("name_zh")
        H.add_node(escape_controls(node), **_scalars(attrs), label=escape_controls(f"{name} {zh}" if zh else name))
    H.add_edges_from((escape_controls(u), escape_controls(v), escape_controls(k), {**_scalars(d), "relation_id":
                      escape_controls(k)}) for u, v, k, d in G.edges(keys=True, data=True))
    return H


def _decoded(attrs: dict[str, Any]) -> dict[str, Any]:
    return {k: json.loads(v) if k in JSON_ATTRIBUTES else v for k, v in attrs.items() if k not in DERIVED}


def decode_from_xml(H: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Inverse of :func:`encode_for_xml` for a graph read back by networkx."""
    G = nx.MultiDiGraph(sources=json.loads(H.graph.get("sources", "{}")))
    G.add_nodes_from((n, _decoded(a)) for n, a in H.nodes(data=True))
    G.add_edges_from((u, v, k, _decoded(d)) for u, v, k, d in H.edges(keys=True, data=True))
    return G


def graphml_text(G: nx.MultiDiGraph) -> str:
    """GraphML of :func:`encode_for_xml` of ``G`` (networkx writes edge keys as GraphML edge ids)."""
    H = encode_for_xml(G)
    return "\n".join(nx.generate_graphml(H, prettyprint=True)) + "\n"


def gexf_text(G: nx.MultiDiGraph) -> str:
    """GEXF 1.2 of :func:`encode_for_xml` of ``G`` (no graph attributes: GEXF has none)."""
    H = encode_for_xml(G)
    del H.graph["sources"]
    for *_, key, d in H.edges(keys=True, data=True):
        d["id"] = key  # networkx's GEXF writer numbers edges unless told their id
    return "\n".join(nx.generate_gexf(H, prettyprint=True)) + "\n"


def cytoscape(G: nx.MultiDiGraph) -> dict[str, Any]:
    """Cytoscape.js elements JSON (``nx.cytoscape_data``): node ``data`` holds every attribute plus
    ``id``, ``value`` and ``name``; edge ``data`` holds ``source``, ``target``, ``key`` (the relation id)
    and every attribute; the sources table is in the top-level ``data``."""
    return nx.cytoscape_data(G)


def write_graphml(G: nx.MultiDiGraph, path: Path) -> None:
    """Write :func:`graphml_text` of ``G`` to ``path`` (UTF-8, atomic)."""
    write_text_atomic(path, graphml_text(G))


def write_gexf(G: nx.MultiDiGraph, path: Path) -> None:
    """Write :func:`gexf_text` of ``G`` to ``path`` (UTF-8, atomic)."""
    write_text_atomic(path, gexf_text(G))


def write_cytoscape(G: nx.MultiDiGraph, path: Path) -> None:
    """Write :func:`cytoscape` of ``G`` to ``path`` (UTF-8, atomic)."""
    write_text_atomic(path, json.dumps(cytoscape(G), ensure_ascii=False, indent=1))
