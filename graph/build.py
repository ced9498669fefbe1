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

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from enum import Enum
from functools import lru_cache
from itertools import repeat
from operator import itemgetter
from types import NoneType, UnionType
from typing import Annotated, Any, Union, get_args, get_origin

import networkx as nx
import numpy as np

from computechain.graph.dataset import Dataset, RelationFields
from computechain.graph.money_tables import money_rows, money_tables
from computechain.graph.relation_table import CACHE_KEY as RELATION_TABLE
from computechain.graph.relation_table import assembled_table
from computechain.graph.schema import (
    ENTITY_MODELS,
    Basis,
    Entity,
    NodeType,
    Relation,
    RelationKind,
    Weight,
    WeightMeaning,
)

WEIGHT_PARTS = ("low", "high", "basis", "basis_note")
# per meaning, (weight field, edge attribute) of each flattened part: made once, not per edge
_WEIGHT_KEYS = {m: tuple((part, f"{m.value}_{part}") for part in WEIGHT_PARTS) for m in WeightMeaning}
# the relation fields the relation table is made of
TABLE_FIELDS = ("source", "target", "kind", "product", "as_of", "valid_from", "valid_to")
_NOT_EDGE_FIELDS = ("id", "source", "target", "weights")  # the edge's key, its ends, and flattened weights
_EDGE_FIELDS = tuple(name for name in Relation.model_fields if name not in _NOT_EDGE_FIELDS)


def _is_text(annotation: Any) -> bool:
    """Whether a field's values are text or None (kept as they are in JSON)."""
    if get_origin(annotation) is Annotated:
        return _is_text(get_args(annotation)[0])
    if get_origin(annotation) in (Union, UnionType):
        return all(map(_is_text, get_args(annotation)))
    return annotation in (str, NoneType)


# the edge fields whose values are converted to JSON-ready data (dates, enums, tuples)
_CONVERTED_FIELDS = tuple(name for name, info in Relation.model_fields.items()
                          if name not in _NOT_EDGE_FIELDS and not _is_text(info.annotation))


@lru_cache(maxsize=4096)
def _iso(day: date) -> str:
    """A date's ISO text, one string per date: a million edges share a few dates."""
    return day.isoformat()


def _converter(kind: type) -> Callable[[Any], Any]:
    if issubclass(kind, date):
        return _iso
    if issubclass(kind, Enum):  # a member's value by lookup: .value is a Python-level property
        return {member: member.value for member in kind}.__getitem__
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


def weight_attributes(weights: tuple[Weight, ...]) -> dict[str, Any]:
    """The edge attributes of a relation's weights: each flattened (see the module docstring),
    and ``basis``, estimate if any weight is one (None without weights)."""
    attrs: dict[str, Any] = {}
    for weight in weights:
        dumped = weight.__dict__
        meaning = dumped["meaning"]
        attrs[meaning.value] = dumped["value"]
        attrs.update({key: _plain(dumped[part]) for part, key in _WEIGHT_KEYS[meaning]})
    bases = {w.basis for w in weights}
    attrs["basis"] = (Basis.ESTIMATE if Basis.ESTIMATE in bases else Basis.REPORTED).value if weights else None
    return attrs


Flatten = Callable[[tuple[Weight, ...]], dict[str, Any]]


def edge_attribute_dicts(fields: RelationFields, flat: Flatten = weight_attributes) -> list[dict[str, Any]]:
    """The edge attributes of relations given field by field: every field but the edge's key, its
    ends and its weights, JSON-ready, then the weights flattened by ``flat`` (see the module
    docstring; ``basis`` None without weights). Made column by column, each date or kind converted
    once per distinct value: a million relations build in seconds, not tens of seconds.

    >>> from computechain.graph.dataset import Relations
    >>> rel = Relation(id="r", kind="owns", source="company:a", target="company:b",
    ...                as_of=date(2024, 1, 1), sources=("source:x",))
    >>> edge_attribute_dicts(RelationFields(Relations({"r": rel})))[0]  # doctest: +NORMALIZE_WHITESPACE
    {'kind': 'owns', 'product': None, 'as_of': '2024-01-01', 'valid_from': None, 'valid_to': None,
     'sources': ['source:x'], 'dataset': 'seed', 'confidence': None, 'note': None, 'basis': None}
    """
    columns: list[Iterable[Any]] = [_json_column(fields[name]) if name in _CONVERTED_FIELDS else fields[name]
                                    for name in _EDGE_FIELDS]
    columns.append(repeat(None, len(fields["id"])))  # basis
    names = (*_EDGE_FIELDS, "basis")
    attrs = [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]
    weights = fields["weights"]
    for at in fields.weighted:
        edge = attrs[at]
        del edge["basis"]  # after the flattened weights, as weight_attributes orders it
        edge.update(flat(weights[at]))
    return attrs


def _json_column(values: list[Any]) -> list[Any]:
    """A field's values as JSON-ready data (:func:`_plain`): tuples as lists of their own, other
    values converted once per distinct value."""
    if values and all(type(value) is tuple for value in values):
        return list(map(list, values))
    made = {value: _plain(value) for value in set(values)}
    return list(map(made.__getitem__, values))


class _SharedWeights:
    """The flattened attributes of each distinct weights tuple of one build, made once: a large
    load shares one tuple among the relations that state the same weights. Keyed by identity,
    with the tuple held so that no id is reused while the build runs."""

    def __init__(self) -> None:
        self.made: dict[int, tuple[tuple[Weight, ...], dict[str, Any]]] = {}

    def __call__(self, weights: tuple[Weight, ...]) -> dict[str, Any]:
        entry = self.made.get(id(weights))
        if entry is None:
            entry = self.made[id(weights)] = (weights, weight_attributes(weights))
        return entry[1]

    def codes(self, tuples: list[tuple[Weight, ...]]) -> tuple[list[int], list[dict[str, Any]]]:
        """Per tuple, the position of its attributes among the distinct ones, and those."""
        for weights in tuples:
            self(weights)
        position = {key: i for i, key in enumerate(self.made)}
        return [position[id(weights)] for weights in tuples], [attrs for _, attrs in self.made.values()]


def relation_from_edge(source: str, target: str, key: str, attrs: dict[str, Any]) -> Relation:
    """Rebuild the Relation record of an edge (inverse of :func:`edge_attribute_dicts`)."""
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


def _add_edges(G: nx.MultiDiGraph, edges: Sequence[tuple[str, str, str, dict[str, Any]]]) -> None:
    """Add ``(u, v, key, attrs)`` edges of distinct keys, each ``attrs`` dict kept as the edge's
    data: ``add_edges_from`` would copy each into a new one (for a million edges, twice the time
    and a second set of dicts alive at once). The same adjacency as ``add_edge`` makes on a plain
    MultiDiGraph, whose key dicts are dicts (made here as literals)."""
    succ, pred = G._succ, G._pred
    ends = set(map(itemgetter(0), edges)).union(map(itemgetter(1), edges))
    if not ends <= succ.keys():  # rare (a checked dataset's ends are its entities): nodes in order of appearance
        G.add_nodes_from(end for u, v, *_ in edges for end in (u, v) if end not in succ)
    for u, v, key, attrs in edges:
        out = succ[u]
        keydict = out.get(v)
        if keydict is None:
            out[v] = pred[v][u] = {key: attrs}
        else:
            keydict[key] = attrs
    nx._clear_cache(G)


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
    >>> list(G.edges(keys=True)), ds.relations, dict(ds.origins)
    ([('company:a', 'company:b', 'r')], {}, {})
    """
    G = nx.MultiDiGraph(sources={}, money=money_rows(ds.money))
    for entity in ds.entities.values():
        if entity.node_type is NodeType.SOURCE:
            G.graph["sources"][entity.id] = entity_attributes(entity)
        else:
            G.add_node(entity.id, **entity_attributes(entity))
    fields = ds.relation_fields()
    columns = {name: fields[name] for name in TABLE_FIELDS}
    columns["kind"] = list(map(_converter(RelationKind), columns["kind"]))  # the table holds kinds as texts
    weighted = np.array(fields.weighted, dtype=np.int64)
    shared = _SharedWeights()
    weight_codes = shared.codes(list(map(fields["weights"].__getitem__, weighted.tolist())))
    fields = fields.detached([*Relation.model_fields])  # the columns alone, not the records
    if consume:
        ds.drop_relations()
    keys = fields["id"]
    edges = list(zip(fields["source"], fields["target"], keys, edge_attribute_dicts(fields, shared), strict=True))
    del fields
    _add_edges(G, edges)
    nodes = tuple(G.nodes)
    G.__networkx_cache__[RELATION_TABLE] = assembled_table(
        nodes, {node: i for i, node in enumerate(nodes)}, columns, keys, weighted, *weight_codes,
        insertion_order=True)
    money_tables(G)
    return G
