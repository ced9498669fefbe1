"""A user's own relation table (CSV or Excel) through a YAML column mapping."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from computechain.errors import DataValidationError
from computechain.graph.dataset import Dataset
from computechain.graph.schema import WeightMeaning
from computechain.loaders import load_dataset, load_with_report, table
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
        "suppliers.csv:3: Date: '31/12/2024' is not a year, quarter or date in 1900-2100 (e.g. 2024, 2024Q3, 2024-06-30)"]


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


ANALYST = f"{TABLE / 'analyst.csv'}:{TABLE / 'analyst.yaml'}"


def test_an_analysts_table_periods_percentages_and_a_source_per_row() -> None:
    ds = table.load(ANALYST)
    assert ds.problems == []
    # line 2: "35%" in 2024 -> 0.35 for the period 2024-01-01..2024-12-31, cited at the row's own URL
    rel = ds.relations["supplies:company:omega-memory->company:gamma-gpu#segment:hbm@2024-01-01..2024-12-31~table"]
    assert (rel.weights[0].value, rel.as_of, rel.valid_from, rel.valid_to) == (
        0.35, date(2024, 12, 31), date(2024, 1, 1), date(2024, 12, 31))
    [source] = rel.sources
    assert ds.entities[source].url == "https://example.org/omega-2024"  # type: ignore[attr-defined]
    assert ds.entities[source].name == "Analyst supplier table"
    # line 3: a quarter; line 4: no URL -> the mapping's own citation
    quarter = ds.relations["supplies:company:acme-foundry-co-ltd->company:nimbus-cloud#segment:wafer-foundry"
                           "@2024-10-01..2024-12-31~table"]
    assert quarter.weights[0].value == 0.3
    assert ds.relations["supplies:company:zeta-substrates->company:gamma-gpu#segment:ai-accelerators-custom"
                        "@2025-01-01..2025-12-31~table"].sources == ("source:analyst-table",)


def test_products_in_words_resolve_onto_the_graphs_segments() -> None:
    ds, records = load_with_report(MINI_SEED, with_sources=[f"table={ANALYST}"])
    products = {r.name: (r.resolved, r.matched_by) for r in records if r.incoming.startswith("segment:")}
    assert products == {"HBM": ("segment:hbm", "name"), "wafer foundry": ("segment:wafer-foundry", "name"),
                        "AI accelerators (custom)": ("segment:ai-accelerators", "contained name")}
    assert "supplies:company:acme-foundry->company:nimbus-cloud#segment:wafer-foundry@2024-10-01..2024-12-31~table" \
        in ds.relations


def test_an_unknown_product_fails_with_a_did_you_mean(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("Supplier,Customer,Product,% of supplier revenue,Year,Source URL\n"
                    "Omega Memory,Gamma GPU,HMB memory stacks,10%,2024,\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"t.csv:2: Product: unknown segment 'HMB memory stacks': no name or "
                                                  r"alias of the graph matches; did you mean 'HBM'\?"):
        load_dataset(MINI_SEED, with_sources=[f"table={path}:{TABLE / 'analyst.yaml'}"])


def test_a_fact_the_seed_already_has_is_one_fact_with_two_sources(tmp_path: Path) -> None:
    # the mini seed: Beta Memory is 30 % of Gamma GPU's HBM spend (2024-12-31, reported)
    path = tmp_path / "t.csv"
    path.write_text("Supplier,Supplier ticker,Customer,Segment,Share,Date,How,Internal code\n"
                    "Beta Memory,,Gamma GPU,segment:hbm,30,2024-12-31,restated,\n", encoding="utf-8")
    ds = load_dataset(MINI_SEED, with_sources=[f"table={path}:{TABLE / 'mapping.yaml'}"])
    rel = ds.relations["supplies:company:beta-memory->company:gamma-gpu#segment:hbm"]
    assert rel.sources == ("source:acme-ar-2024", "source:my-supplier-list")
    assert not any(r.dataset == "table" for r in ds.relations.values())


def test_a_file_that_is_not_excel_and_a_mapping_date_that_is_no_date(copy: Path) -> None:
    (copy / "suppliers.xlsx").write_text("Supplier,Customer\nA,B\n", encoding="utf-8")
    assert _problems(_spec(copy, "suppliers.xlsx"), copy)[0].startswith(
        "suppliers.xlsx:0: (file): cannot read as an Excel workbook: ")
    rewrite_line(copy / "mapping.yaml", 2, "kind: supplies", "kind: supplies\nas_of: 2025-02-30")
    with pytest.raises(DataValidationError, match=r"mapping.yaml:0: \(file\): not a valid mapping: day is out of range"):
        table.load(_spec(copy))
