"""Property: random bytes or random cell values in any seed table or Epoch file give a clean error
naming file and line, or a valid graph; never a traceback."""

from __future__ import annotations

import csv
import io
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from computechain.errors import DataValidationError
from computechain.loaders import epoch_chips, epoch_datacenters, load_graph
from computechain.queries.engine.view import compile_view
from tests.conftest import MINI_SEED

SEED_FILES = sorted(str(p.relative_to(MINI_SEED)) for p in MINI_SEED.rglob("*.csv"))
CHIP_FILES = [*epoch_chips.OWNER_FILES, *epoch_chips.TOTAL_FILES]
CENTRE_FILES = [epoch_datacenters.FILE]
LOCATED = re.compile(r".+:\d+: .+: .+", re.DOTALL)

# values a careless or hostile user writes, besides arbitrary text
HOSTILE = st.sampled_from([
    "", " ", "1e309", "-1e309", "inf", "nan", "0_1", "-0.5", "1.5", "0x10", "١٢", "2025-02-30", "2025-02-99",
    "0001-01-01", "9999-12-31", "2099-01-01", "1/1/0001", "13/45/2025", "company:acme-foundry", "segment:hbm",
    "company:", ":", ";", ";;", "a;b", "EXCH:", "TWSE:", "\x00", "\x1b[2J", "=HYPERLINK(\"x\")", '"', "\n",
    "(a+)+$", "[", "Id", "supplies", "share_of_customer_spend", "estimate", "reported", "#likely",
])
CELL = st.one_of(HOSTILE, st.text(max_size=12))


@st.composite
def mutation(draw: st.DrawFn, files: list[str]) -> tuple[str, Callable[[bytes], bytes]]:
    """A file and how to change it: random bytes, one cell set, a row appended or removed."""
    name = draw(st.sampled_from(files))
    kind = draw(st.sampled_from(["bytes", "cell", "row", "drop", "splice"]))
    if kind == "bytes":
        data = draw(st.binary(max_size=300))
        return name, lambda _: data
    if kind == "splice":  # raw text inserted anywhere (may break quoting or the header)
        text, at = draw(st.text(max_size=8)), draw(st.integers(min_value=0, max_value=5000))
        return name, lambda old: old[:at] + text.encode("utf-8", "surrogatepass") + old[at:]
    row, column = draw(st.integers(min_value=0, max_value=120)), draw(st.integers(min_value=0, max_value=25))
    cells = draw(st.lists(CELL, max_size=20))
    value = draw(CELL)

    def edit(old: bytes) -> bytes:
        try:
            rows = list(csv.reader(io.StringIO(old.decode("utf-8-sig", errors="replace"), newline=""))) or [[]]
        except csv.Error:  # bytes an earlier change wrote: leave them as they are
            return old
        at = row % len(rows)
        if kind == "cell" and rows[at]:
            rows[at][column % len(rows[at])] = value
        elif kind == "row":
            rows.insert(at + 1, cells)
        elif kind == "drop" and len(rows) > 1:
            del rows[at]
        out = io.StringIO()
        csv.writer(out).writerows(rows)
        return out.getvalue().encode("utf-8", "surrogatepass")
    return name, edit


def _mutated(source: Path, folder: Path, changes: list[tuple[str, Callable[[bytes], bytes]]]) -> Path:
    root = folder / source.name
    shutil.copytree(source, root)
    for name, edit in changes:
        path = root / name
        path.chmod(0o644)
        path.write_bytes(edit(path.read_bytes()))
    return root


def _assert_clean(problems: list[object], root: Path) -> None:
    assert problems, "an error must name at least one problem"
    for problem in problems:
        assert str(problem).startswith(str(root)) and LOCATED.fullmatch(str(problem)), problem


FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.lists(mutation(SEED_FILES), min_size=1, max_size=3))
def test_a_mutated_seed_gives_a_located_error_or_a_valid_graph(changes: list) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = _mutated(MINI_SEED, Path(folder), changes)
        try:
            G = load_graph(root)
        except DataValidationError as exc:
            _assert_clean(exc.problems, root)
        else:
            compile_view(G)  # the graph is usable by the queries


@pytest.mark.parametrize(("dataset", "files"), [
    ("epoch-ai-chip-counts", CHIP_FILES), ("epoch-ai-data-centers", CENTRE_FILES)])
def test_a_mutated_epoch_dataset_gives_a_located_error_or_a_valid_graph(
        reference_data: Path, dataset: str, files: list[str]) -> None:
    name = epoch_chips.DATASET if dataset == "epoch-ai-chip-counts" else epoch_datacenters.DATASET

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(mutation(files), min_size=1, max_size=2))
    def check(changes: list) -> None:
        with tempfile.TemporaryDirectory() as folder:
            root = _mutated(reference_data / dataset, Path(folder), changes)
            try:
                load_graph(MINI_SEED, with_sources=[f"{name}={root}"])
            except DataValidationError as exc:
                _assert_clean(exc.problems, root)

    check()
