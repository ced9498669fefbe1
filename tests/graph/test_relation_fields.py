"""A dataset's relations field by field: the lists a bulk load hands over are the fields of its
records, and any change to the relations (an add, a replacement in place) is seen."""

from __future__ import annotations

from datetime import date

from computechain.graph.dataset import Dataset, Origin
from computechain.graph.schema import Relation
from computechain.loaders import seed
from computechain.loaders.lookups import shipped_seed


def _columns(relations: list[Relation]) -> tuple[dict[str, list[object]], list[set[str]]]:
    """Relations as a bulk loader hands them over: every field a column, and the fields each gave."""
    return ({name: [getattr(rel, name) for rel in relations] for name in Relation.model_fields},
            [set(rel.model_fields_set) for rel in relations])


def _relation(target: str, **fields) -> Relation:
    return Relation(id=f"owns:company:a->{target}", kind="owns", source="company:a", target=target,
                    as_of=date(2024, 1, 1), sources=("source:x",), **fields)


def test_the_fields_a_bulk_load_keeps_are_those_of_its_records() -> None:
    ds = seed.load(shipped_seed())
    fields = ds.relation_fields()
    assert len(fields["id"]) == len(ds.relations) > 100
    for name in Relation.model_fields:
        assert fields[name] == [getattr(rel, name) for rel in ds.relations.values()], name
    assert fields.weighted == [i for i, rel in enumerate(ds.relations.values()) if rel.weights]


def test_an_add_or_a_replacement_in_place_is_seen() -> None:
    ds = Dataset()
    first = _relation("company:b")
    assert ds.add_new(*_columns([first]), "r.csv", [2])
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
    assert ds.add_new(*_columns(rels[:2]), "r.csv", [2, 3])
    assert ds.relation_fields().weighted == []
    assert ds.add_new(*_columns(rels[2:]), "r.csv", [4])
    assert ds.relation_fields()["target"] == ["company:t0", "company:t1", "company:t2"]
    assert not ds.add_new(*_columns(rels[:1]), "r.csv", [5])  # a taken id: nothing is added
    assert len(ds.relations) == 3
    assert list(ds.relations.values()) == rels and dict(ds.origins)[rels[2].id] == Origin("r.csv", 4)
