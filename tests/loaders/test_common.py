"""Shared pieces of the external loaders: dates, commits, lookups, and resolution corner cases."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from computechain.graph.dataset import Dataset, Origin
from computechain.graph.schema import Company
from computechain.loaders import common, table
from computechain.loaders.csvtable import Row
from computechain.loaders.fold import fold_dataset

TABLE = Path(__file__).parents[1] / "fixtures" / "table"
SHA = "0123456789abcdef0123456789abcdef01234567"


@pytest.mark.parametrize(("cell", "expected"), [
    ("2024", (date(2024, 1, 1), date(2024, 12, 31))),
    ("2024Q1", (date(2024, 1, 1), date(2024, 3, 31))),
    ("Q4 2024", (date(2024, 10, 1), date(2024, 12, 31))),
    ("2024-q2", (date(2024, 4, 1), date(2024, 6, 30))),
    ("2024-02", (date(2024, 2, 1), date(2024, 2, 29))),
    ("2024-12", (date(2024, 12, 1), date(2024, 12, 31))),
    ("2024-06-30", (date(2024, 6, 30), date(2024, 6, 30))),
    ("twenty", None), ("99999", None), ("1e309", None), ("0001", None), ("2024Q5", None), ("2025-02-30", None),
])
def test_periods_analysts_write(cell: str, expected: tuple[date, date] | None) -> None:
    assert common.period_of(cell) == expected


@pytest.mark.parametrize(("cell", "expected"), [("25%", 0.25), ("25 %", 0.25), ("0.25", 0.25), ("1,200", 1200.0),
                                                ("1e309", None), ("0_1", None), ("nan", None), ("inf", None)])
def test_numbers_percentages_and_what_is_not_a_number(cell: str, expected: float | None) -> None:
    cells = common.Cells(Row("f.csv", 3, {"Share": cell}))
    assert cells.number("Share") == expected
    assert [str(p) for p in cells.problems] == ([] if expected is not None else [f"f.csv:3: Share: {cell!r} is not a number"])


def test_names_without_latin_letters_get_distinct_stable_ids() -> None:
    assert common.slugify("寒武纪") != common.slugify("海光信息")
    assert common.slugify("寒武纪") == common.slugify("寒武纪").lower() and common.slugify("寒武纪").startswith("x-")


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


def test_an_ambiguous_entity_without_dated_relations_is_not_linked() -> None:
    base, incoming = Dataset(), Dataset()
    for slug in ("acme-a", "acme-b"):
        base.add(Company(id=f"company:{slug}", name=slug, aliases=("Acme",), country="US", roles=("foundry",),
                         sources=("source:s",)), Origin("seed.csv", 2))
    incoming.add(Company(id="company:acme", name="Acme", country="US", roles=("foundry",), sources=("source:x",)),
                 Origin("x.csv", 2))
    out, [record] = fold_dataset(base, incoming, "x")
    assert record.outcome == "ambiguous" and list(out.entities) == ["company:acme"] and not out.relations


def test_a_missing_endpoint_names_its_column(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("Supplier,Supplier ticker,Customer,Segment,Share,Date,How,Internal code\n"
                    "Zeta,,,segment:hbm,20,2024-12-31,guess,\n", encoding="utf-8")
    problems = [str(p) for p in table.load(f"{path}:{TABLE / 'mapping.yaml'}").problems]
    assert problems == [f"{path}:2: Customer: missing value"]  # reported once
