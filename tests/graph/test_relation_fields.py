"""A dataset's relations field by field: the lists a bulk load hands over are the fields of its
records, and any change to the relations (an add, a replacement in place) is seen."""

from __future__ import annotations

from datetime import date

from computechain.graph.dataset import Dataset, Origin
from computechain.graph.schema import Relation
from computechain.loaders import seed
from computechain.loaders.lookups import shipped_seed


def _relation(target: str, **fields) -> Relation:
    return Relation(id=f"owns:company:a->{target}", kind="owns", source="company:a", target=target,
                    as_of=date(2024, 1, 1), sources=("source:x",), **fields)


def test_the_fields_a_bulk_load_keeps_are_those_of_its_records() -> None:
    ds = seed.load(shipped_seed())
    fields = ds.relation_fields()
    assert len(fields.relations) == len(ds.relations) > 100
    for name in Relation.model_fields:
        assert fields[name] == [getattr(rel, name) for rel in ds.relations.values()], name
    assert fields.weighted == [i for i, rel in enumerate(ds.relations.values()) if rel.weights]


def test_an_add_or_a_replacement_in_place_is_seen() -> None:
    ds = Dataset()
    first = _relation("company:b")
    assert ds.add_new([first], "r.csv", [2], {"id": [first.id], "target": ["company:b"]})
    assert ds.relation_fields()["target"] == ["company:b"]
    second = _relation("company:c", note="later")
    ds.add(second, Origin("r.csv", 3))
    assert ds.relation_fields()["target"] == ["company:b", "company:c"]
    ds.relations[first.id] = first.model_copy(update={"note": "restated"})  # as restatements do
    assert ds.relation_fields()["note"] == ["restated", "later"]
    assert ds.relation_fields().weighted == []


def test_a_bulk_add_after_fields_were_read_extends_them() -> None:
    ds = Dataset()
    rels = [_relation(f"company:t{i}") for i in range(3)]
    assert ds.add_new(rels[:2], "r.csv", [2, 3], {"target": ["company:t0", "company:t1"]})
    assert ds.relation_fields().weighted == []
    assert ds.add_new(rels[2:], "r.csv", [4], {"target": ["company:t2"]})
    assert ds.relation_fields()["target"] == ["company:t0", "company:t1", "company:t2"]
    assert not ds.add_new(rels[:1], "r.csv", [5])  # a taken id: nothing is added
    assert len(ds.relations) == 3
