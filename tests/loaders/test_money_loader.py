"""The money tables (financials, segment revenue, market sizes, FX): every error class with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from computechain.errors import DataValidationError
from computechain.graph.money_tables import money_tables
from computechain.loaders import load_dataset, load_graph
from tests.conftest import append_row

FIN = "financials/financials.csv"
SEG = "segment_revenue/seg.csv"
MARKETS = "market_sizes/m.csv"
FX = "fx/fx.csv"
SEG_HEADER = ("company,segment,period,period_start,period_end,currency,revenue,revenue_low,revenue_high,basis,"
              "basis_note,as_of,sources,note")
MARKET_HEADER = ("segment,period,period_start,period_end,scope,currency,amount,amount_low,amount_high,basis,"
                 "basis_note,as_of,sources,note")
FX_HEADER = "currency,period,period_start,period_end,usd_per_unit,sources,note"


def _problems(root: Path) -> list[str]:
    with pytest.raises(DataValidationError) as caught:
        load_dataset(root)
    return [str(p).removeprefix(str(root) + "/") for p in caught.value.problems]


def _table(root: Path, name: str, header: str) -> None:
    (root / name).parent.mkdir(exist_ok=True)
    (root / name).write_text(header + "\n", encoding="utf-8")


def _fin(cells: str) -> str:
    return f"company:acme-foundry,{cells},2025-03-15,acme-ar-2024,"


def test_the_mini_seeds_revenue_reads_as_usd(mini_seed: Path) -> None:
    revenue = money_tables(load_graph(mini_seed)).revenue.set_index("company")
    assert revenue.loc["company:acme-foundry", ["usd", "top5_customers_share"]].tolist() == [10e9, 0.8]


@pytest.mark.parametrize(("cells", "field", "message"), [
    ("FY2023,2023-01-01,2023-12-31,USD,-5e9,,,reported,,,", "revenue", "greater than 0"),
    ("FY2023,2023-01-01,2023-12-31,USD,1e309,,,reported,,,", "revenue", "finite number"),
    ("FY2023,2023-12-31,2023-01-01,USD,5e9,,,reported,,,", "(row)", "period_end is before period_start"),
    ("FY2023,2023-01-01,2023-12-31,USD,5e9,4e9,,estimate,,,", "(row)", "an estimate needs basis_note"),
    ("FY2023,2023-01-01,2023-12-31,USD,5e9,6e9,,estimate,guess,,", "(row)", "revenue_low 6e+09 is above"),
    ("FY2023,2023-01-01,2023-12-31,usd,5e9,,,reported,,,", "currency", "should match pattern"),
    ("FY2023,2023-01-01,2023-12-31,USD,5e9,,,reported,,0.3,0.2", "(row)",
     "top5_customers_share 0.2 is below largest_customer_share 0.3"),
    ("FY2023,2023-01-01,2023-12-31,USD,5e9,,,reported,,1.5,", "largest_customer_share", "less than or equal to 1"),
])
def test_a_bad_revenue_figure_names_its_line_and_field(mini_seed: Path, cells: str, field: str, message: str) -> None:
    line = append_row(mini_seed, FIN, _fin(cells))
    [problem] = _problems(mini_seed)
    assert problem.startswith(f"{FIN}:{line}: {field}: ") and message in problem


def test_a_currency_without_a_rate_for_the_year_is_refused(mini_seed: Path) -> None:
    _table(mini_seed, FX, FX_HEADER)
    append_row(mini_seed, FX, "CNY,2023,2023-01-01,2023-12-31,0.141,acme-ar-2024,")
    line = append_row(mini_seed, FIN, _fin("FY2023,2023-07-01,2024-06-30,CNY,5e9,,,reported,,,"))
    assert _problems(mini_seed) == [f"{FIN}:{line}: currency: no FX rate for CNY in 2024: add a row to fx/"]


def test_the_same_figure_twice_and_unknown_references(mini_seed: Path) -> None:
    line = append_row(mini_seed, FIN, _fin("FY2024,2024-01-01,2024-12-31,USD,9e9,,,reported,,,"))
    ghost = append_row(mini_seed, FIN, "company:ghost,FY2024,2024-01-01,2024-12-31,USD,1e9,,,reported,,,,"
                                       "2025-03-15,acme-ar-2024,")
    assert _problems(mini_seed) == [
        f"{FIN}:{line}: period: company:acme-foundry FY2024 is given twice (first at {mini_seed}/{FIN}:2)",
        f"{FIN}:{ghost}: company: unknown id 'company:ghost'",
    ]


def test_segment_revenue_above_total_revenue_is_refused(mini_seed: Path) -> None:
    _table(mini_seed, SEG, SEG_HEADER)
    line = append_row(mini_seed, SEG, "company:acme-foundry,segment:wafer-foundry,FY2024,2024-01-01,2024-12-31,"
                                      "USD,11e9,,,reported,,2025-03-15,acme-ar-2024,")
    assert _problems(mini_seed) == [f"{SEG}:{line}: revenue: segment:wafer-foundry revenue is above "
                                    "company:acme-foundry's total revenue in FY2024"]


def test_market_sizes_need_a_known_scope_and_a_segment(mini_seed: Path) -> None:
    _table(mini_seed, MARKETS, MARKET_HEADER)
    scope = append_row(mini_seed, MARKETS, "segment:hbm,2024,2024-01-01,2024-12-31,world,USD,1e10,,,reported,,"
                                           "2025-03-01,acme-ar-2024,")
    kind = append_row(mini_seed, MARKETS, "company:acme-foundry,2024,2024-01-01,2024-12-31,global,USD,1e10,,,"
                                          "reported,,2025-03-01,acme-ar-2024,")
    problems = _problems(mini_seed)
    assert problems[0].startswith(f"{MARKETS}:{scope}: scope: Input should be 'global' or 'china'")
    assert problems[1] == f"{MARKETS}:{kind}: segment: 'company:acme-foundry' is not a segment"


def test_an_unknown_column_in_a_money_table_fails(mini_seed: Path) -> None:
    _table(mini_seed, FX, FX_HEADER + ",rate_type")
    assert _problems(mini_seed) == [f"{FX}:1: rate_type: unknown column; expected columns: "
                                    "currency, period, period_start, period_end, usd_per_unit, sources, note"]
