"""Loaders turn data files into checked datasets and graphs.

Examples
--------
>>> G = load_graph()
>>> G.nodes["company:tsmc"]["name"]
'Taiwan Semiconductor Manufacturing Company Limited'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import networkx as nx

from computechain.bulk import gc_paused
from computechain.errors import DataValidationError, Problem, UnknownSourceError
from computechain.graph.build import build_graph
from computechain.graph.checks import check_dataset
from computechain.graph.dataset import Dataset, Relations
from computechain.loaders import epoch_chips, epoch_datacenters, eto, seed, table
from computechain.loaders.fold import MergeRecord, fold_dataset
from computechain.loaders.lookups import Lookups, shipped_seed
from computechain.loaders.money import load_money
from computechain.loaders.restate import fold_restatements

default_seed_dir = shipped_seed

# Data sources a user can add with ``--with NAME=PATH``: name -> loader(path, lookups) -> Dataset.
EXTRA_SOURCES: dict[str, Callable[[str, Lookups], Dataset]] = {
    epoch_chips.DATASET: epoch_chips.load,
    epoch_datacenters.DATASET: epoch_datacenters.load,
    eto.DATASET: eto.load,
    table.DATASET: table.load,
}


def _extra_dataset(spec: str, lookups: Lookups) -> tuple[str, Dataset]:
    name, sep, path = spec.partition("=")
    if not sep or name not in EXTRA_SOURCES:
        options = ", ".join(sorted(EXTRA_SOURCES)) or "none installed"
        raise UnknownSourceError(f"--with {spec!r}: expected NAME=PATH with NAME one of: {options}")
    data = Path(path.rpartition(":")[0] if name == table.DATASET else path)
    if not data.exists():
        raise DataValidationError([Problem(str(data), 0, "(path)", f"--with {name}: no such file or folder")])
    return name, EXTRA_SOURCES[name](path, lookups)


def _restricted(ds: Dataset, sources: Iterable[str], seed_ids: set[str]) -> Dataset:
    """Only the relations asserted by ``sources`` (dataset names), the seed's entities and the
    entities those relations touch."""
    chosen = set(sources)
    loaded = {"seed"} | {rel.dataset for rel in ds.relations.values()}
    if chosen - loaded:
        raise UnknownSourceError(f"--sources names {', '.join(sorted(chosen - loaded))}, which is not loaded; "
                                 f"loaded: {', '.join(sorted(loaded))} (add --with NAME=PATH)")
    relations = {rid: rel for rid, rel in ds.relations.items() if rel.dataset in chosen}
    touched = seed_ids | {end for rel in relations.values() for end in (rel.source, rel.target)}
    entities = {eid: e for eid, e in ds.entities.items() if eid in touched or e.node_type.value == "source"}
    return Dataset(entities=entities, relations=Relations(relations), origins=ds.origins, money=ds.money)


def load_with_report(seed_dir: Path | None = None, extra_files: Iterable[Path] = (),
                     with_sources: Iterable[str] = (), sources: Iterable[str] | None = None,
                     lookups: Sequence[Path] = ()) -> tuple[Dataset, list[MergeRecord]]:
    """:func:`load_dataset` and the merge report of the ``with_sources`` (what each external
    entity became: merged into a seed entity, added, or ambiguous)."""
    root = seed_dir or default_seed_dir()
    tables = Lookups(root, lookups)
    ds = seed.load(root, extra_files)
    ds.money, money_problems = load_money(root)
    ds.problems += money_problems
    seed_ids = set(ds.entities)
    records: list[MergeRecord] = []
    specs = list(with_sources)
    for spec in specs:
        name, extra = _extra_dataset(spec, tables)
        resolved, report = fold_dataset(ds, extra, name, tables)
        ds.merge(fold_restatements(ds, resolved))
        records += report
    problems = check_dataset(ds, tables.vocabulary(external=bool(specs)))
    if problems:
        raise DataValidationError(problems)
    return (ds if sources is None else _restricted(ds, sources, seed_ids)), records


def load_dataset(seed_dir: Path | None = None, extra_files: Iterable[Path] = (),
                 with_sources: Iterable[str] = (), sources: Iterable[str] | None = None,
                 lookups: Sequence[Path] = ()) -> Dataset:
    """Load and check the seed (default: the shipped one) plus ``extra_files`` (CSV files in
    the seed layout) plus ``with_sources`` (``NAME=PATH`` specs of :data:`EXTRA_SOURCES`, each
    resolved onto what was loaded before it), keeping only the relations of ``sources``
    (dataset names such as ``seed``, ``epoch-chips``) when given. ``lookups`` are folders of
    extra lookup rows (:class:`~computechain.loaders.lookups.Lookups`).

    Raises :class:`DataValidationError` listing every problem; never returns a partial dataset.
    """
    with gc_paused():
        return load_with_report(seed_dir, extra_files, with_sources, sources, lookups)[0]


def load_graph(seed_dir: Path | None = None, extra_files: Iterable[Path] = (),
               with_sources: Iterable[str] = (), sources: Iterable[str] | None = None,
               lookups: Sequence[Path] = ()) -> nx.MultiDiGraph:
    """Load, check and build the graph (see :func:`load_dataset`)."""
    with gc_paused():
        return build_graph(load_dataset(seed_dir, extra_files, with_sources, sources, lookups), consume=True)
