"""Turn a checked :class:`Dataset` into a networkx ``MultiDiGraph`` and back.

Nodes are entities (sources are kept in ``G.graph["sources"]``, not as nodes, so that graph
algorithms see only the supply chain). Edge keys are relation ids. All attribute values
are JSON-ready: dates are ISO strings (which compare correctly as strings), lists are lists,
and each weight is flattened to ``<meaning>``, ``<meaning>_low``, ``<meaning>_high``,
``<meaning>_basis`` and ``<meaning>_basis_note``.

Examples
--------
>>> from datetime import date
>>> from computechain.graph.dataset import Dataset, Origin
>>> from computechain.graph.schema import (Basis, Relation, RelationKind, Segment, Source,
...                                        Weight, WeightMeaning)
>>> ds = Dataset()
>>> o = Origin("x.csv", 2)
>>> for e in (Segment(id="segment:hbm", name="HBM"), Segment(id="segment:gpu", name="GPU"),
...           Source(id="source:acme", name="Acme report", publisher="Acme", date="2024",
...                  kind="filing")):
...     ds.add(e, o)
>>> ds.add(Relation(id="r", kind=RelationKind.INPUT_TO, source="segment:hbm",
...                 target="segment:gpu", as_of=date(2024, 12, 31), sources=("source:acme",),
...                 weights=(Weight(meaning=WeightMeaning.COST_SHARE, value=0.25,
...                                 basis=Basis.ESTIMATE, basis_note="teardown"),)), o)
>>> G = build_graph(ds)
>>> attrs = G.edges["segment:hbm", "segment:gpu", "r"]
>>> attrs["cost_share"], attrs["basis"]
(0.25, 'estimate')
>>> relation_from_edge("segment:hbm", "segment:gpu", "r", attrs) == ds.relations["r"]
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from enum import Enum
from functools import lru_cache
from operator import attrgetter
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from computechain.graph.dataset import Dataset
from computechain.graph.money_tables import money_rows, money_tables
from computechain.graph.relation_table import CACHE_KEY as RELATION_TABLE
from computechain.graph.relation_table import table_of_edges
from computechain.graph.schema import (
    ENTITY_MODELS,
    Basis,
    Entity,
    NodeType,
    Relation,
    WeightMeaning,
)

WEIGHT_PARTS = ("low", "high", "basis", "basis_note")
# per meaning, (weight field, edge attribute) of each flattened part: made once, not per edge
_WEIGHT_KEYS = {m: tuple((part, f"{m.value}_{part}") for part in WEIGHT_PARTS) for m in WeightMeaning}
_EDGE_FIELDS = tuple(name for name in Relation.model_fields if name not in ("id", "source", "target", "weights"))


@lru_cache(maxsize=4096)
def _iso(day: date) -> str:
    """A date's ISO text, one string per date: a million edges share a few dates."""
    return day.isoformat()


def _converter(kind: type) -> Callable[[Any], Any]:
    if issubclass(kind, date):
        return _iso
    if issubclass(kind, Enum):
        return attrgetter("value")
    if issubclass(kind, tuple):
        return list
    return _same


def _same(value: Any) -> Any:
    return value


_CONVERTERS: dict[type, Callable[[Any], Any]] = {}


def _plain(value: Any) -> Any:
    """A field value as JSON-ready data: dates as ISO strings, enums as values, tuples as lists
    (the conversion looked up by the value's type: a million relations build in seconds)."""
    kind = type(value)
    convert = _CONVERTERS.get(kind)
    if convert is None:
        convert = _CONVERTERS[kind] = _converter(kind)
    return convert(value)


def entity_attributes(entity: Entity) -> dict[str, Any]:
    """The node attributes of an entity: its fields but ``id`` (the node key) plus ``type``."""
    return {"type": entity.node_type.value, **entity.model_dump(mode="json", exclude={"id"})}


def edge_attributes(rel: Relation) -> dict[str, Any]:
    """The edge attributes of a relation, weights flattened (see the module docstring)."""
    # by hand rather than model_dump: a million relations build in seconds, not tens of seconds
    fields = rel.__dict__
    # None and text, most values, are kept without a call
    attrs = {name: v if (v := fields[name]) is None or type(v) is str else _plain(v) for name in _EDGE_FIELDS}
    if not fields["weights"]:
        attrs["basis"] = None
        return attrs
    for weight in fields["weights"]:
        dumped = weight.__dict__
        meaning = dumped["meaning"]
        attrs[meaning.value] = dumped["value"]
        attrs.update({key: _plain(dumped[part]) for part, key in _WEIGHT_KEYS[meaning]})
    bases = {w.basis for w in rel.weights}
    attrs["basis"] = (Basis.ESTIMATE if Basis.ESTIMATE in bases else Basis.REPORTED).value
    return attrs


def relation_from_edge(source: str, target: str, key: str, attrs: dict[str, Any]) -> Relation:
    """Rebuild the Relation record of an edge (inverse of :func:`edge_attributes`)."""
    fields = set(Relation.model_fields)
    weights = [
        {"meaning": m.value, "value": attrs[m.value],
         **{part: attrs.get(f"{m.value}_{part}") for part in WEIGHT_PARTS}}
        for m in WeightMeaning if attrs.get(m.value) is not None
    ]
    plain = {k: v for k, v in attrs.items() if k in fields}
    return Relation.model_validate(
        {**plain, "id": key, "source": source, "target": target, "weights": weights}
    )


def entity_from_node(node: str, attrs: dict[str, Any]) -> Entity:
    """Rebuild the Entity record of a node (inverse of :func:`entity_attributes`)."""
    model = ENTITY_MODELS[NodeType(attrs["type"])]
    return model.model_validate({"id": node, **{k: v for k, v in attrs.items() if k != "type"}})


def _add_edges(G: nx.MultiDiGraph, edges: Iterable[tuple[str, str, str, dict[str, Any]]]) -> None:
    """Add ``(u, v, key, attrs)`` edges of distinct keys, each ``attrs`` dict kept as the edge's
    data: ``add_edges_from`` would copy each into a new one (for a million edges, twice the time
    and a second set of dicts alive at once). The same adjacency as ``add_edge`` makes."""
    succ, pred = G._succ, G._pred
    for u, v, key, attrs in edges:
        if u not in succ:
            G.add_node(u)
        if v not in succ:
            G.add_node(v)
        keydict = succ[u].get(v)
        if keydict is None:
            keydict = succ[u][v] = pred[v][u] = G.edge_key_dict_factory()
        keydict[key] = attrs
    nx._clear_cache(G)


def _graph_order(nodes: tuple[str, ...], edges: list[tuple[str, str, str, dict[str, Any]]]) -> np.ndarray:
    """The order in which ``G.edges`` yields ``edges`` once :func:`_add_edges` has added them: by
    source node, then by each pair's first appearance, then as added (so that the table made here
    is the one a later extraction from the graph makes).

    >>> _graph_order(("a", "b", "c"), [("b", "c", "r1", {}), ("a", "c", "r2", {}), ("b", "a", "r3", {}),
    ...                                ("b", "c", "r4", {})]).tolist()
    [1, 0, 3, 2]
    """
    index = {node: i for i, node in enumerate(nodes)}
    u = np.fromiter((index[e[0]] for e in edges), dtype=np.int64, count=len(edges))
    v = np.fromiter((index[e[1]] for e in edges), dtype=np.int64, count=len(edges))
    pair = pd.factorize(u * len(nodes) + v)[0]  # codes in order of first appearance
    return np.lexsort((pair, u))


def _taken(ds: Dataset) -> Iterator[Relation]:
    """The relations of ``ds`` in order, each removed with its origin as it is taken."""
    relations, ds.relations = ds.relations, {}
    for rid in list(relations):
        ds.origins.pop(rid, None)
        yield relations.pop(rid)


def build_graph(ds: Dataset, *, consume: bool = False) -> nx.MultiDiGraph:
    """Build the graph of a dataset (which the caller has checked), with its columnar relation
    table (:func:`computechain.graph.relation_table.relation_table`) that queries compile from and
    its money figures in USD (:func:`computechain.graph.money_tables.money_tables`).

    With ``consume``, each relation leaves ``ds`` (with its origin) as it becomes an edge: for a
    caller that drops the dataset, so that a large load never holds a million records beside
    their million edges (measured: a third of the peak memory).

    >>> from computechain.graph.dataset import Origin
    >>> ds = Dataset()
    >>> ds.add(Relation(id="r", kind="owns", source="company:a", target="company:b",
    ...                 as_of=date(2024, 1, 1), sources=("source:x",)), Origin("x.csv", 2))
    >>> G = build_graph(ds, consume=True)
    >>> list(G.edges(keys=True)), ds.relations, ds.origins
    ([('company:a', 'company:b', 'r')], {}, {})
    """
    G = nx.MultiDiGraph(sources={}, money=money_rows(ds.money))
    for entity in ds.entities.values():
        if entity.node_type is NodeType.SOURCE:
            G.graph["sources"][entity.id] = entity_attributes(entity)
        else:
            G.add_node(entity.id, **entity_attributes(entity))
    relations = _taken(ds) if consume else ds.relations.values()
    edges = [(rel.source, rel.target, rel.id, edge_attributes(rel)) for rel in relations]
    _add_edges(G, edges)
    nodes = tuple(G.nodes)
    order = _graph_order(nodes, edges)
    edges = [edges[i] for i in order.tolist()]
    weighted = np.flatnonzero([attrs["basis"] is not None for *_, attrs in edges])  # basis: set by a weight
    G.__networkx_cache__[RELATION_TABLE] = table_of_edges(nodes, edges, weighted)
    money_tables(G)
    return G
