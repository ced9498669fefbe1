from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from computechain.errors import SchemaError
from computechain.graph import schema
from computechain.graph.schema import (
    Basis,
    Relation,
    RelationKind,
    Weight,
    WeightMeaning,
    relation_id,
    seed_relation_ids,
)


def _relation(**changes: object) -> Relation:
    fields: dict[str, object] = dict(
        id="r", kind=RelationKind.SUPPLIES, source="company:a", target="company:b",
        as_of=date(2024, 12, 31), sources=("source:s",),
    )
    fields.update(changes)
    return Relation.model_validate(fields)


def test_the_shipped_schema_is_consistent() -> None:
    schema.check_schema()


def test_a_relation_kind_without_spec_fails_the_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(schema.RELATION_SPECS, RelationKind.OWNS)
    with pytest.raises(SchemaError, match="relation kinds without a spec: owns"):
        schema.check_schema()


def test_a_weight_meaning_without_whole_fails_the_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(schema.WEIGHT_WHOLE, WeightMeaning.COST_SHARE)
    with pytest.raises(SchemaError, match="weight meanings without a whole: cost_share"):
        schema.check_schema()


def test_an_undeclared_node_type_in_a_spec_fails_the_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(schema.ENTITY_MODELS, schema.NodeType.REGION)
    with pytest.raises(SchemaError, match=r"names node type .*region.* with no model"):
        schema.check_schema()


def test_relation_ids_are_deterministic_readable_slugs() -> None:
    rid = relation_id(RelationKind.SUPPLIES, "company:a", "company:b", "segment:hbm",
                      date(2025, 1, 1))
    assert rid == "supplies:company:a->company:b#segment:hbm@2025-01-01"


def test_a_kind_rejects_a_weight_meaning_it_does_not_allow() -> None:
    weight = Weight(meaning=WeightMeaning.MARKET_SHARE, value=0.5, basis=Basis.REPORTED)
    with pytest.raises(ValidationError, match="cannot carry market_share; allowed: share_of"):
        _relation(weights=(weight,))


@pytest.mark.parametrize(("fields", "message"), [
    ({"value": 1.2}, "less than or equal to 1"),
    ({"value": 0.5, "low": 0.6}, "low 0.6 is above the weight 0.5"),
    ({"value": 0.5, "low": 0.6, "high": 0.55}, "low 0.6 is above high 0.55"),
    ({"value": 0.5, "basis": "estimate"}, "an estimate needs basis_note"),
])
def test_weights_are_checked(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Weight.model_validate({"meaning": "market_share", "basis": "reported", **fields})


def test_a_product_is_refused_where_the_kind_takes_none() -> None:
    with pytest.raises(ValidationError, match="a owns relation takes no product"):
        _relation(kind=RelationKind.OWNS, product="segment:hbm")


def test_records_are_frozen_and_forbid_extra_fields() -> None:
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        _relation(colour="red")
    with pytest.raises(ValidationError, match="frozen"):
        _relation().as_of = date(2020, 1, 1)  # type: ignore[misc]


def test_relation_cross_fields_name_every_field_its_cross_field_rule_reads() -> None:
    # the bulk loader checks Relation._consistent once per combination of Relation.cross_fields
    # (loaders/relation_columns.py): a rule reading any other field would pass unchecked rows
    import ast
    import inspect
    import textwrap

    from computechain.graph.schema import Relation

    tree = ast.parse(textwrap.dedent(inspect.getsource(Relation._consistent)))
    read = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name) and node.value.id == "self"}
    assert read and read <= set(Relation.cross_fields)


_SLUG = st.from_regex(r"[a-z]+:[a-z0-9]+(-[a-z0-9]+)*", fullmatch=True)


@given(st.lists(st.tuples(st.sampled_from(list(RelationKind)), _SLUG, _SLUG, st.none() | _SLUG,
                          st.none() | st.dates()), max_size=20))
def test_seed_relation_ids_are_the_ids_relation_id_mints(rows) -> None:
    """The bulk minting used by the seed loader gives, relation for relation, relation_id's text."""
    columns = [list(column) for column in zip(*rows, strict=True)] or [[]] * 5
    assert seed_relation_ids(*columns) == [relation_id(*row) for row in rows]
