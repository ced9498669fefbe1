"""A user's own relation table (CSV or Excel) through a YAML column mapping."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from computechain.errors import DataValidationError
from computechain.graph.dataset import Dataset
from computechain.graph.schema import WeightMeaning
from computechain.loaders import load_dataset, table
from tests.conftest import MINI_SEED
from tests.loaders.conftest import rewrite_line

TABLE = Path(__file__).parents[1] / "fixtures" / "table"


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(TABLE, tmp_path / "table"))


def _spec(root: Path, name: str = "suppliers.csv") -> str:
    return f"{root / name}:{root / 'mapping.yaml'}"


def _problems(spec: str, root: Path) -> list[str]:
    return [str(p).removeprefix(f"{root}/") for p in table.load(spec).problems]


def test_rows_become_weighted_relations_with_provisional_companies() -> None:
    ds = table.load(_spec(TABLE))
    assert ds.problems == []
    rel = ds.relations["supplies:company:omega-memory->company:gamma-gpu#segment:hbm~table"]
    weight = rel.weight(WeightMeaning.SHARE_OF_CUSTOMER_SPEND)
    # suppliers.csv line 2: Share 35 with percent: true -> 0.35, basis from the mapping, note from "How"
    assert (weight.value, weight.basis.value, weight.basis_note) == (0.35, "estimate", "channel checks")  # type: ignore[union-attr]
    omega = ds.entities["company:omega-memory"]
    assert (omega.country, omega.roles, omega.listings[0].ticker) == ("KR", ("memory",), "999999")  # type: ignore[attr-defined]
    assert rel.sources == ("source:my-supplier-list",) and rel.dataset == "table"


def test_merged_onto_the_seed_by_ticker_and_name() -> None:
    ds: Dataset = load_dataset(MINI_SEED, with_sources=[f"table={_spec(TABLE)}"])
    # Omega Memory's ticker KRX:999999 is Beta Memory's; Gamma GPU matches by name; Zeta is new
    assert "supplies:company:beta-memory->company:gamma-gpu#segment:hbm~table" in ds.relations
    assert "supplies:company:beta-memory->company:gamma-gpu#segment:hbm" in ds.relations  # the seed's own, kept
    assert "company:zeta-substrates" in ds.entities and "company:omega-memory" not in ds.entities


def test_an_excel_table_reads_like_the_csv(copy: Path) -> None:
    pd.read_csv(copy / "suppliers.csv", dtype=str).to_excel(copy / "suppliers.xlsx", index=False)
    assert table.load(_spec(copy, "suppliers.xlsx")).relations.keys() == table.load(_spec(TABLE)).relations.keys()
    rewrite_line(copy / "suppliers.csv", 3, ",10,", ",ten,")
    pd.read_csv(copy / "suppliers.csv", dtype=str).to_excel(copy / "suppliers.xlsx", index=False)
    assert _problems(_spec(copy, "suppliers.xlsx"), copy) == ["suppliers.xlsx:3: Share: 'ten' is not a number"]


def test_unmapped_and_missing_columns_fail(copy: Path) -> None:
    rewrite_line(copy / "suppliers.csv", 1, "Internal code", "Colour")
    rewrite_line(copy / "suppliers.csv", 1, ",Date,", ",When,")
    problems = _problems(_spec(copy), copy)
    assert "suppliers.csv:1: Colour: unknown column; expected columns: Supplier, Supplier ticker, Customer, Segment, " \
           "Share, Date, How, Internal code" in problems
    assert "suppliers.csv:1: Date: missing mandatory column" in problems


def test_bad_cells_name_their_column(copy: Path) -> None:
    rewrite_line(copy / "suppliers.csv", 2, ",35,", ",135,")
    rewrite_line(copy / "suppliers.csv", 3, ",2024-12-31,", ",31/12/2024,")
    assert _problems(_spec(copy), copy) == [
        "suppliers.csv:2: Share: Input should be less than or equal to 1",
        "suppliers.csv:3: Date: Input should be a valid date or datetime, invalid character in year"]


def test_a_company_the_mapping_cannot_describe(copy: Path) -> None:
    rewrite_line(copy / "mapping.yaml", 6, "country: KR", "country: Korea")
    problems = _problems(_spec(copy), copy)
    assert problems[0] == ("suppliers.csv:2: Supplier: cannot make a company of 'Omega Memory': country: String should "
                           "match pattern '^[A-Z]{2}$' (set country and roles in the mapping)")
    rewrite_line(copy / "suppliers.csv", 2, "KRX:999999", "999999")
    assert _problems(_spec(copy), copy)[0] == "suppliers.csv:2: Supplier ticker: '999999' is not EXCHANGE:TICKER " \
                                              "(e.g. NASDAQ:NVDA)"


def test_a_bad_mapping_fails_naming_the_key(copy: Path) -> None:
    rewrite_line(copy / "mapping.yaml", 2, "kind: supplies", "kind: sells")
    with pytest.raises(DataValidationError, match=r"mapping.yaml:0: kind: Input should be 'supplies'"):
        table.load(_spec(copy))
    rewrite_line(copy / "mapping.yaml", 2, "kind: sells", "kind: supplies\ncolour: red")
    with pytest.raises(DataValidationError, match=r"mapping.yaml:0: colour: Extra inputs are not permitted"):
        table.load(_spec(copy))


def test_a_bad_source_citation_and_a_bad_spec(copy: Path) -> None:
    rewrite_line(copy / "mapping.yaml", 8, "kind: research", "kind: research, colour: red")
    with pytest.raises(DataValidationError, match=r"mapping.yaml:0: source.colour: Extra inputs are not permitted"):
        table.load(_spec(copy))
    with pytest.raises(DataValidationError, match=r"expected PATH:MAPPING"):
        table.load("suppliers.csv")
    with pytest.raises(DataValidationError, match=r"nowhere.yaml:0: \(file\): cannot read"):
        table.load(f"{copy / 'suppliers.csv'}:{copy / 'nowhere.yaml'}")
