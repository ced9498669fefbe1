"""Shared pieces of the external loaders: dates, commits, lookups, and resolution corner cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from computechain.errors import DataValidationError
from computechain.graph.dataset import Dataset, Origin
from computechain.graph.schema import Company
from computechain.loaders import common, table
from computechain.loaders.csvtable import Row
from computechain.loaders.resolve import resolve

TABLE = Path(__file__).parents[1] / "fixtures" / "table"
SHA = "0123456789abcdef0123456789abcdef01234567"


def test_an_impossible_day_is_not_a_date() -> None:
    cells = common.Cells(Row("f.csv", 4, {"End date": "2/30/2025"}))
    assert cells.us_date("End date") is None
    assert [str(p) for p in cells.problems] == ["f.csv:4: End date: '2/30/2025' is not a M/D/YYYY date"]


@pytest.mark.parametrize(("head", "refs", "expected"), [
    ("ref: refs/heads/main\n", {"refs/heads/main": SHA + "\n"}, SHA),  # a branch checkout
    (SHA + "\n", {}, SHA),  # a detached checkout
    (None, {}, None),  # neither a README commit nor a git checkout
])
def test_commit_of_a_git_checkout(tmp_path: Path, head: str | None, refs: dict[str, str],
                                  expected: str | None) -> None:
    if head is not None:
        for name, text in {"HEAD": head, **refs}.items():
            (tmp_path / ".git" / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / ".git" / name).write_text(text, encoding="utf-8")
    assert common.commit_of(tmp_path) == expected


def test_a_malformed_lookup_table_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(common.LOOKUP_COLUMNS, "epoch_confidence", ("tag", "colour"))
    common.lookup.cache_clear()
    try:
        with pytest.raises(DataValidationError, match=r"epoch_confidence.csv:1: confidence: unknown column"):
            common.lookup("epoch_confidence")
    finally:
        common.lookup.cache_clear()


def test_an_ambiguous_entity_without_dated_relations_is_not_linked() -> None:
    base, incoming = Dataset(), Dataset()
    for slug in ("acme-a", "acme-b"):
        base.add(Company(id=f"company:{slug}", name=slug, aliases=("Acme",), country="US", roles=("foundry",),
                         sources=("source:s",)), Origin("seed.csv", 2))
    incoming.add(Company(id="company:acme", name="Acme", country="US", roles=("foundry",), sources=("source:x",)),
                 Origin("x.csv", 2))
    out, [record] = resolve(base, incoming, "x")
    assert record.outcome == "ambiguous" and list(out.entities) == ["company:acme"] and not out.relations


def test_a_missing_endpoint_names_its_column(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("Supplier,Supplier ticker,Customer,Segment,Share,Date,How,Internal code\n"
                    "Zeta,,,segment:hbm,20,2024-12-31,guess,\n", encoding="utf-8")
    problems = [str(p) for p in table.load(f"{path}:{TABLE / 'mapping.yaml'}").problems]
    assert problems == [f"{path}:2: Customer: missing value",
                        f"{path}:2: Customer: Input should be a valid string"]


def test_the_vocabulary_grows_by_the_external_countries_and_roles() -> None:
    from computechain.graph.vocabulary import Vocabulary

    vocab = common.extend_vocabulary(Vocabulary(countries={"US": "United States"}, exchanges={}, roles={"foundry"},
                                                source_kinds=set(), region_kinds=set()))
    assert vocab.countries["PT"] == "Portugal" and {"utility", "construction", "provider"} <= vocab.roles
