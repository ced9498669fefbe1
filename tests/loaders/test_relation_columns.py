"""Column-wise validation of relation rows: a record only for a row the per-row path accepts,
the same record (fields and given field names), and None for every row it would reject."""

from __future__ import annotations

from datetime import date

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from computechain.graph.schema import Relation
from computechain.loaders.csvtable import Row
from computechain.loaders.relation_columns import RELATION_COLUMNS, RelationColumns
from computechain.loaders.seed import _relation_payload, _source_ids

OWNS = {"kind": "owns", "source": "company:acme", "target": "company:acme-sub", "as_of": "2024-12-31",
        "sources": "acme-ar"}


def _row(line: int, **cells: str) -> Row:
    return Row("r.csv", line, {**OWNS, **cells})


def _cells(rows: list[Row]) -> pd.DataFrame:
    """The rows as the loader hands them to the column checks: one frame, NaN where empty."""
    return pd.DataFrame([row.cells for row in rows])


def _one_by_one(row: Row) -> Relation | None:
    """The per-row path: the record, or None when it reports a problem."""
    payload, problems = _relation_payload(row)
    try:
        relation = Relation.model_validate(payload)
    except ValidationError:
        return None
    return None if problems else relation


def test_valid_row_becomes_the_record_the_per_row_path_makes() -> None:
    row = _row(2, weight="0.25", weight_meaning="ownership_share", basis="reported", valid_from="2024-01-01")
    (record,) = RelationColumns(_source_ids).validated(_cells([row]))
    assert record == _one_by_one(row)
    assert record is not None and record.id == "owns:company:acme->company:acme-sub@2024-01-01"
    assert record.sources == ("source:acme-ar",)  # a bare slug names a source
    assert record.model_fields_set == {"id", "kind", "source", "target", "as_of", "sources", "weights",
                                       "valid_from"}
    assert record.weights[0].model_fields_set == {"meaning", "value", "basis"}


def test_flagged_rows_are_left_to_the_per_row_path() -> None:
    rows = [_row(2),
            _row(3, as_of="2024-13-01"),  # no such month: the field check flags it
            _row(4, valid_from="2024-06-01", valid_to="2024-01-01"),  # the cross-field rule flags it
            _row(5, weight_meaning="ownership_share"),  # weight cells without a weight
            _row(6, weight="0.5", weight_meaning="market_share", basis="reported"),  # owns cannot carry it
            _row(7, product="segment:hbm"),  # owns takes no product
            Row("r.csv", 8, {k: v for k, v in OWNS.items() if k != "sources"})]  # a required cell is empty
    verdicts = RelationColumns(_source_ids).validated(_cells(rows))
    assert [v is not None for v in verdicts] == [True, False, False, False, False, False, False]


def test_cross_field_rule_is_checked_per_combination_not_per_batch() -> None:
    """The same dates pass in one combination (owns, no weight) and fail in none; a second batch
    reuses the first one's cell verdicts and agrees."""
    columns = RelationColumns(_source_ids)
    first = columns.validated(_cells([_row(2, valid_from="2024-01-01", valid_to="2024-12-31")]))
    second = columns.validated(_cells([_row(3, valid_from="2024-01-01", valid_to="2024-12-31"),
                                       _row(4, valid_from="2024-12-31", valid_to="2024-01-01")]))
    assert [r is not None for r in first + second] == [True, True, False]
    assert second[0] is not None and second[0].valid_to == date(2024, 12, 31)


CELLS = {
    "kind": st.sampled_from(["owns", "supplies", "participates_in", "Owns", "nope"]),
    "source": st.sampled_from(["company:acme", "company:b", "Company:acme", "company:", "segment:hbm"]),
    "target": st.sampled_from(["company:acme-sub", "segment:hbm", "company:acme", "x"]),
    "product": st.sampled_from(["segment:hbm", "hbm"]),
    "weight": st.sampled_from(["0.25", "1.5", "-0.1", "nan", "0_1", "1e309", ".5"]),
    "weight_meaning": st.sampled_from(["ownership_share", "market_share", "share_of_customer_spend", "x"]),
    "low": st.sampled_from(["0.1", "0.3", "2"]),
    "high": st.sampled_from(["0.2", "0.4", "x"]),
    "basis": st.sampled_from(["reported", "estimate", "guess"]),
    "basis_note": st.sampled_from(["teardown"]),
    "as_of": st.sampled_from(["2024-12-31", "2024-02-30", "1899-12-31", "2099-01-01", "20241231",
                              "2024-12-31T00:00:00", "1735603200"]),
    "valid_from": st.sampled_from(["2024-01-01", "2025-01-01", "20240101", "2024-01-01T00:00", "0"]),
    "valid_to": st.sampled_from(["2024-12-31", "2023-12-31", "9999-12-31"]),
    "sources": st.sampled_from(["acme-ar", "source:acme-ar", "a;b", ";", "source:Bad"]),
    "note": st.sampled_from(["why", "x;y"]),
}
assert set(CELLS) == set(RELATION_COLUMNS)
REQUIRED = ("kind", "source", "target", "as_of", "sources")
# mostly given and valid, so that the cross-field rule and the weights are reached
ROW = st.fixed_dictionaries(
    {name: st.one_of(st.just(OWNS[name]), CELLS[name]) for name in REQUIRED},
    optional={name: cells for name, cells in CELLS.items() if name not in REQUIRED})


@settings(max_examples=300, deadline=None)
@given(st.lists(ROW, min_size=1, max_size=8))
def test_a_record_only_where_the_per_row_path_makes_the_same_one(cells: list[dict[str, str]]) -> None:
    rows = [Row("r.csv", line, row) for line, row in enumerate(cells, start=2)]
    for row, record in zip(rows, RelationColumns(_source_ids).validated(_cells(rows)), strict=True):
        expected = _one_by_one(row)
        if record is not None:  # (None where the row is valid only costs time)
            assert expected is not None and record == expected
            assert record.model_fields_set == expected.model_fields_set
            assert record.id == expected.id
