"""Relations, the mapping of id -> Relation whose bulk blocks stay columns until read: checked against
a plain dict under random operations, and a bulk load built from its columns."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import networkx as nx
from hypothesis import given
from hypothesis import strategies as st

from bench.synthetic import generate
from computechain.graph.build import build_graph
from computechain.graph.dataset import Dataset, Relations
from computechain.graph.schema import Relation
from computechain.loaders import load_dataset


def _relation(i: int, note: str | None = None) -> Relation:
    return Relation(id=f"r{i}", kind="owns", source="company:a", target=f"company:t{i}",
                    as_of=date(2024, 1, 1), sources=("source:x",), note=note)


def _block(relations: list[Relation]) -> tuple[dict[str, list[object]], list[set[str]]]:
    return ({name: [getattr(rel, name) for rel in relations] for name in Relation.model_fields},
            [set(rel.model_fields_set) for rel in relations])


NUMBERS = st.integers(0, 7)
OPERATIONS = st.lists(st.one_of(
    st.tuples(st.just("block"), st.lists(NUMBERS, max_size=4, unique=True)),
    st.tuples(st.just("set"), st.tuples(NUMBERS)),
    st.tuples(st.just("get"), st.tuples(NUMBERS)),
    st.tuples(st.just("del"), st.tuples(NUMBERS)),
), max_size=25)


@given(OPERATIONS)
def test_relations_behave_as_a_dict(operations: list[tuple[str, tuple[int, ...]]]) -> None:
    relations, model = Relations(), {}
    for step, (operation, numbers) in enumerate(operations):
        ids = [f"r{i}" for i in numbers]
        version = relations.version
        if operation == "block":
            if set(ids) & model.keys():
                continue  # a block never holds an id held already (Dataset.add_new checks it)
            made = [_relation(i, note=f"block {step}") for i in numbers]
            relations.add_block(*_block(made))
            model.update((rel.id, rel) for rel in made)
        elif operation == "set":
            relations[ids[0]] = model[ids[0]] = _relation(numbers[0], note=f"set {step}")
        elif operation == "get":
            assert relations.get(ids[0]) == model.get(ids[0])
        elif ids[0] in model:
            del relations[ids[0]], model[ids[0]]
        assert list(relations) == list(model) and len(relations) == len(model)
        assert relations.version > version or operation == "get" or (operation == "del" and ids[0] not in model)
    assert list(relations.items()) == list(model.items()) and relations.unmade == 0


def test_a_bulk_load_is_checked_and_built_from_its_columns(tmp_path: Path) -> None:
    root = generate(tmp_path, companies=60, relations=400)
    lazy = load_dataset(root)
    assert lazy.relations.unmade == len(lazy.relations) == 400  # checked without a record made
    made = load_dataset(root)
    made = Dataset(entities=made.entities, relations=Relations(dict(made.relations.items())), origins=made.origins,
                   money=made.money)
    assert made.relations.unmade == 0
    G, H = build_graph(lazy, consume=True), build_graph(made)
    assert nx.utils.edges_equal(G.edges(keys=True, data=True), H.edges(keys=True, data=True))
    assert list(G.edges(keys=True)) == list(H.edges(keys=True))
