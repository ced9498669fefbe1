"""Relation rows validated column by column, by the :class:`Relation` model's own validators.

A million relation rows hold few distinct values per column (a handful of kinds, dates, weights
and source lists; one id per entity), so each distinct cell is validated once, by its field's
pydantic validator (the schema stays the one home of every rule), and the verdict is spread back
to the rows through the column's codes (:func:`pandas.factorize`). Relation's cross-field rule
reads only :attr:`~computechain.graph.schema.Relation.cross_fields`, so it runs once per distinct
combination of those, on the first row that has it. A row that passes becomes its record without
a second validation; any other row is left to the per-row path (None), whose problems name file,
line and field as they always did.

Examples
--------
>>> block = pd.DataFrame({"kind": ["owns", "owns"], "source": ["company:a"] * 2, "target": ["company:b"] * 2,
...                       "as_of": ["2024-12-31", "2024-13-31"], "sources": ["source:x"] * 2})
>>> first, second = RelationColumns(lambda cell: (cell,)).validated(block)
>>> first.id, first.as_of.isoformat(), second
('owns:company:a->company:b', '2024-12-31', None)
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Annotated, Any

import numpy as np
import pandas as pd
from pydantic import TypeAdapter, ValidationError

from computechain.bulk import share_fields_set, trusted_many
from computechain.graph.schema import Relation, RelationKind, Weight, relation_id, seed_relation_ids

# weight field -> its column, and every column of a relation table
WEIGHT_COLUMNS = {"meaning": "weight_meaning", "value": "weight", "low": "low", "high": "high",
                  "basis": "basis", "basis_note": "basis_note"}
RELATION_COLUMNS = ("kind", "source", "target", "product", *WEIGHT_COLUMNS.values(),
                    "as_of", "valid_from", "valid_to", "sources", "note")
# the columns that are one field each (a relation's weight takes the six weight columns)
_FIELD_COLUMNS = tuple(c for c in RELATION_COLUMNS if c not in WEIGHT_COLUMNS.values())
_FIELDS = tuple(Relation.model_fields)
_KINDS = {kind.value: kind for kind in RelationKind}


@cache
def _adapter(name: str) -> TypeAdapter[Any]:
    """The validator of one Relation field, with its constraints, as the model runs it."""
    field = Relation.model_fields[name]
    return TypeAdapter(Annotated[field.annotation, field], config=Relation.model_config)  # type: ignore[arg-type]


_Verdict = tuple[bool, Any]  # a cell's validity and its validated value


def _iso_day(cell: str) -> date | None:
    try:
        return date.fromisoformat(cell)
    except ValueError:
        return None


def _weights(cells: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, list[tuple[Weight, ...] | None]]:
    """Per row: the code of its combination of weight cells, whether they are valid, and its
    weights (one Weight per distinct combination, shared by the rows that give it)."""
    columns = list(WEIGHT_COLUMNS.values())
    codes = cells.groupby(columns, dropna=False, sort=False).ngroup().to_numpy()
    made: list[tuple[Weight, ...] | None] = []
    for key in cells[columns][~cells.duplicated(columns)].itertuples(index=False):
        given = {name: cell for name, cell in zip(WEIGHT_COLUMNS, key, strict=True) if isinstance(cell, str)}
        try:  # weight cells without a weight (no value) are left to the per-row path to explain
            made.append((share_fields_set(Weight.model_validate(given)),) if "value" in given else
                        () if not given else None)
        except ValidationError:
            made.append(None)
    ok = np.array([w is not None for w in made], dtype=bool)
    return codes, ok[codes], [made[code] for code in codes.tolist()]


class RelationColumns:
    """Validates batches of relation rows column-wise, remembering every distinct cell's verdict
    across the batches of one load (a million rows name a hundred thousand entities, each in
    many batches)."""

    def __init__(self, source_ids: Callable[[str], tuple[str, ...]]) -> None:
        self._prepare: dict[str, Callable[[str], Any]] = {"sources": source_ids}
        self._seen: dict[str, dict[str, _Verdict]] = {name: {} for name in _FIELD_COLUMNS}
        self.fields: dict[str, list[Any]] = {}  # the field values of the last block, one list per field
        self.given: list[set[str]] = []  # per row of the last block, the fields its payload gives

    def _verdict(self, name: str, cell: str) -> _Verdict:
        """Validate one distinct cell of field ``name`` (text interned: the rows of every batch
        share one string per entity id)."""
        prepare = self._prepare.get(name)
        try:
            value = _adapter(name).validate_python(cell if prepare is None else prepare(cell))
        except ValidationError:
            return False, None
        if name == "valid_from" and _iso_day(cell) != value:  # the id is minted from date.fromisoformat
            return False, None
        return True, sys.intern(value) if type(value) is str else value

    def _column(self, cells: pd.Series, name: str) -> tuple[np.ndarray, np.ndarray, list[Any]]:
        """Per row: the code of its cell, whether it is valid (an absent one when the field has
        a default) and the field's value; each distinct cell checked once per load."""
        codes, distinct = pd.factorize(cells.to_numpy())
        seen = self._seen[name]
        cells_seen = distinct.tolist()
        seen.update((cell, self._verdict(name, cell)) for cell in cells_seen if cell not in seen)
        goods, found = zip(*map(seen.__getitem__, cells_seen), strict=True) if cells_seen else ((), ())
        field = Relation.model_fields[name]
        optional = not field.is_required()
        codes = np.where(codes < 0, len(cells_seen), codes)  # an absent cell: the code after the distinct ones
        values = np.empty(len(cells_seen) + 1, dtype=object)  # filled, not np.array(): values may be tuples
        values[:] = [*found, field.default if optional else None]
        ok = np.array([*goods, optional], dtype=bool)
        return codes, ok[codes], values[codes].tolist()

    def validated(self, block: pd.DataFrame) -> list[Relation | None]:
        """The record of each row of ``block`` (a frame of relation cells, NaN when empty; see
        :class:`~computechain.loaders.csvtable.Block`) whose cells pass every check of
        :class:`Relation`, None for a row to validate on its own."""
        return self.records(self.checked(block))

    def records(self, ok: np.ndarray) -> list[Relation | None]:
        """The records of the rows last checked (:meth:`checked`) that pass (``ok``), None for the others."""
        rows = zip(*(self.fields[name] for name in _FIELDS), strict=True)
        return trusted_many(Relation, _FIELDS, zip(ok.tolist(), rows, self.given, strict=True))

    def checked(self, block: pd.DataFrame) -> np.ndarray:
        """Per row of ``block`` (see :meth:`validated`), whether its cells pass every check of
        :class:`Relation`; then :attr:`fields` holds the rows' fields (every field, one list each)
        and :attr:`given` per row the fields its payload gives."""
        cells = block.reindex(columns=list(RELATION_COLUMNS))
        codes: dict[str, np.ndarray] = {}
        codes["weights"], ok, weights = _weights(cells)
        fields: dict[str, list[Any]] = {"weights": weights}
        for name in _FIELD_COLUMNS:
            codes[name], column_ok, fields[name] = self._column(cells[name], name)
            ok &= column_ok
        ok &= _cross_checked(ok, codes, fields)
        fields["id"] = seed_relation_ids(fields["kind"], fields["source"], fields["target"], fields["product"],
                                         fields["valid_from"]) if ok.all() else [
            relation_id(_KINDS[k], s, t, p, f) if good else None for good, k, s, t, p, f in zip(
                ok.tolist(), cells["kind"].tolist(), fields["source"], fields["target"], fields["product"],
                fields["valid_from"], strict=True)]
        for name, info in Relation.model_fields.items():
            fields.setdefault(name, [info.default] * len(cells))
        self.fields, self.given = fields, _given(cells)
        return ok


def _given(cells: pd.DataFrame) -> list[set[str]]:
    """Per row, the field names its payload gives (as model_validate records them), one shared
    set per distinct combination."""
    present = cells.notna().to_numpy()
    masks = present.astype(np.int64) @ (np.int64(1) << np.arange(len(RELATION_COLUMNS), dtype=np.int64))
    sets = {mask: {"id"} | {c if c in _FIELD_COLUMNS else "weights" for bit, c in enumerate(RELATION_COLUMNS)
                            if mask >> bit & 1} for mask in np.unique(masks).tolist()}
    return [sets[mask] for mask in masks.tolist()]


def _cross_checked(ok: np.ndarray, codes: dict[str, np.ndarray], fields: dict[str, list[Any]]) -> np.ndarray:
    """Per row, whether its combination of :attr:`Relation.cross_fields` passes the model's own
    validation, run on the first valid row of each combination (True for rows already invalid)."""
    combos = pd.DataFrame({name: codes[name] for name in Relation.cross_fields})
    group = combos.groupby(list(Relation.cross_fields), sort=False).ngroup().to_numpy()
    valid = np.flatnonzero(ok)
    first = valid[~pd.Series(group[valid]).duplicated().to_numpy()]
    passes = np.ones(group.max() + 1 if len(group) else 0, dtype=bool)
    for i in first.tolist():
        payload = {name: fields[name][i] for name in _FIELD_COLUMNS}
        payload.update(id="(checked)", weights=fields["weights"][i])
        try:
            Relation.model_validate(payload)
        except ValidationError:
            passes[group[i]] = False
    return passes[group]
