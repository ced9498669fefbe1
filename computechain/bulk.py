"""Helpers for making millions of records at once.

Examples
--------
>>> import gc
>>> with gc_paused():
...     gc.isenabled()
False
>>> gc.isenabled(), gc.get_freeze_count() > 0
(True, True)
>>> from computechain.graph.schema import Segment
>>> a, b = (share_fields_set(Segment(id=f"segment:{s}", name=s.upper())) for s in ("hbm", "gpu"))
>>> a.model_fields_set is b.model_fields_set, sorted(a.model_fields_set)
(True, ['id', 'name'])
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import numpy as np
import pandas as pd
from pydantic import BaseModel


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of records are made: they hold no
    cycles, and its repeated passes over them cost more than the loading itself (measured:
    about 2x on the 1,000,000-relation benchmark).

    On leaving (the outermost pause), everything alive is frozen (:func:`gc.freeze`) before the
    collector resumes: a loaded graph lives as long as the program, and without the freeze every
    later full collection walks all of its millions of objects again (measured: 1.5 s each on
    the 1,000,000-relation graph, paid by whichever query happens to trigger it). Reference
    counting still frees frozen objects; only cyclic garbage alive at that moment is kept."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.enable()


R = TypeVar("R", bound=BaseModel)


# pydantic's slots of a record, set through their own descriptors (a record's __setattr__ refuses)
_SLOTS = {name: BaseModel.__dict__[name].__set__ for name in
          ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__")}


def trusted_many(model: type[R], names: Sequence[str], rows: Iterable[tuple[bool, tuple[Any, ...], set[str]]]
                 ) -> list[R | None]:
    """Per ``(keep, values, fields_set)`` row, a record of ``model`` holding ``values`` (every
    field, already validated, in the order of ``names``) as ``model.model_validate`` would have
    made it, without validating again, or None when not ``keep``: what ``model_construct`` does,
    less its per-field defaults pass (a tenth of the time), for a million rows at once.

    >>> from computechain.graph.schema import Segment
    >>> made = Segment(id="segment:hbm", name="HBM")
    >>> segment, skipped = trusted_many(Segment, list(made.__dict__), [
    ...     (True, tuple(made.__dict__.values()), {"id", "name"}), (False, (), set())])
    >>> segment == made, sorted(segment.model_fields_set), skipped
    (True, ['id', 'name'], None)
    """
    new, set_dict, set_fields = object.__new__, _SLOTS["__dict__"], _SLOTS["__pydantic_fields_set__"]
    set_extra, set_private = _SLOTS["__pydantic_extra__"], _SLOTS["__pydantic_private__"]
    records: list[R | None] = []
    append = records.append
    for keep, values, fields_set in rows:
        if not keep:
            append(None)
            continue
        record = new(model)
        set_dict(record, dict(zip(names, values, strict=False)))  # values hold every field, as documented
        set_fields(record, fields_set)
        set_extra(record, None)
        set_private(record, None)
        append(record)
    return records


_FIELD_SETS: dict[frozenset[str], set[str]] = {}


def share_fields_set(record: R) -> R:
    """``record``, holding the one shared copy of its set of given field names.

    pydantic keeps that set per record: 728 bytes for a relation's eight names, a third of its
    memory. A frozen record never changes it, and ``model_copy`` copies it before changing it,
    so records that gave the same fields can share one."""
    names = record.__pydantic_fields_set__
    object.__setattr__(record, "__pydantic_fields_set__", _FIELD_SETS.setdefault(frozenset(names), names))
    return record


def group_codes(*keys: np.ndarray) -> np.ndarray:
    """One code per row for the combination of its ``keys`` (equal keys, equal code).

    >>> group_codes(np.array([5, 5, 7]), np.array([1, 2, 1])).tolist()
    [0, 1, 2]
    """
    arrays = [np.asarray(key) for key in keys]
    if all(a.dtype.kind in "iu" for a in arrays) and all(a.size == 0 or a.min() >= 0 for a in arrays):
        spans = [int(a.max(initial=0)) + 1 for a in arrays]
        if float(np.prod(spans, dtype=float)) < 2.0 ** 62:  # one integer key per row: one factorisation
            combined = np.zeros(len(arrays[0]), dtype=np.int64)
            for a, span in zip(arrays, spans, strict=True):
                combined = combined * span + a
            return pd.factorize(combined)[0]
    codes = pd.factorize(arrays[0])[0]
    for key in arrays[1:]:
        other, uniques = pd.factorize(key)
        codes = pd.factorize(codes.astype(np.int64) * len(uniques) + other)[0]
    return codes


def group_sum(values: np.ndarray, *keys: np.ndarray) -> np.ndarray:
    """Each row's total of ``values`` over the rows that share its ``keys`` (NaN counts as 0): a
    groupby-transform by integer codes, which a million rows need.

    >>> group_sum(np.array([1.0, 2.0, np.nan, 4.0]), np.array([0, 1, 0, 1])).tolist()
    [1.0, 6.0, 1.0, 6.0]
    """
    codes = group_codes(*keys)
    return np.bincount(codes, weights=np.nan_to_num(np.asarray(values, dtype=float)))[codes]


def per_distinct(rule: Callable[..., Any], *keys: np.ndarray) -> np.ndarray:
    """``rule`` applied to each row's keys, run once per distinct combination of them and spread
    back to the rows: a rule over a million rows that hold a few distinct combinations.

    >>> kinds = np.array(["a", "a", "b"], dtype=object)
    >>> per_distinct(lambda kind, n: f"{kind}{n}", kinds, np.array([1, 1, 2])).tolist()
    ['a1', 'a1', 'b2']
    """
    codes = group_codes(*keys)
    first = np.unique(codes, return_index=True)[1]
    results = np.empty(len(first), dtype=object)
    results[:] = [rule(*(key[i] for key in keys)) for i in first.tolist()]
    return results[codes]
