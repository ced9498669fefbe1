"""Building the graph: the edges it adds directly are those networkx would add, and a consumed
dataset gives the same graph while leaving it without relations."""

from __future__ import annotations

from datetime import date

import networkx as nx
from hypothesis import given
from hypothesis import strategies as st

from computechain.bulk import share_fields_set
from computechain.graph.build import _add_edges, build_graph
from computechain.graph.dataset import Dataset, Origin
from computechain.graph.schema import Basis, Relation, RelationKind, Segment, Source, Weight, WeightMeaning

NODES = st.sampled_from(["a", "b", "c"])
EDGES = st.lists(st.tuples(NODES, NODES, st.integers(0, 3)), max_size=12, unique_by=lambda e: e)


def _adjacency(G: nx.MultiDiGraph) -> tuple[object, ...]:
    return (list(G.nodes), list(G.edges(keys=True, data=True)), {n: dict(G.pred[n]) for n in G})


@given(EDGES)
def test_edges_added_directly_are_those_add_edges_from_adds(edges: list[tuple[str, str, int]]) -> None:
    ours, theirs = nx.MultiDiGraph(), nx.MultiDiGraph()
    for G in (ours, theirs):
        G.add_node("c")  # a node before the edges keeps its place
    rows = [(u, v, f"{u}{v}{k}", {"k": k}) for u, v, k in edges]
    _add_edges(ours, rows)
    theirs.add_edges_from(rows)
    assert _adjacency(ours) == _adjacency(theirs)
    if rows:  # the same dict, not a copy
        u, v, key, attrs = rows[0]
        assert ours.edges[u, v, key] is attrs


def _dataset() -> Dataset:
    ds = Dataset()
    origin = Origin("x.csv", 2)
    for entity in (Segment(id="segment:hbm", name="HBM"), Segment(id="segment:gpu", name="GPU"),
                   Segment(id="segment:cpu", name="CPU"),
                   Source(id="source:acme", name="Acme report", publisher="Acme", date="2024", kind="filing")):
        ds.add(entity, origin)
    for target, share in (("segment:gpu", 0.25), ("segment:cpu", 0.5)):
        weight = Weight(meaning=WeightMeaning.COST_SHARE, value=share, basis=Basis.REPORTED)
        ds.add(Relation(id=f"hbm->{target}", kind=RelationKind.INPUT_TO, source="segment:hbm", target=target,
                        as_of=date(2024, 12, 31), sources=("source:acme",), weights=(weight,)), origin)
    return ds


def test_a_consumed_dataset_gives_the_same_graph_and_keeps_no_relation() -> None:
    kept, consumed = _dataset(), _dataset()
    G, H = build_graph(kept), build_graph(consumed, consume=True)
    assert list(G.edges(keys=True, data=True)) == list(H.edges(keys=True, data=True))
    assert [d["cost_share"] for *_, d in H.edges(data=True)] == [0.25, 0.5]
    assert consumed.relations == {} and set(consumed.origins) == set(consumed.entities)
    assert len(kept.relations) == 2


def test_records_sharing_a_fields_set_are_copied_apart() -> None:
    a, b = (share_fields_set(Segment(id=f"segment:{s}", name=s)) for s in ("x", "y"))
    changed = a.model_copy(update={"parent": "segment:y"})
    assert a.model_fields_set is b.model_fields_set
    assert (sorted(changed.model_fields_set), sorted(b.model_fields_set)) == (["id", "name", "parent"], ["id", "name"])
