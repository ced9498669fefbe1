"""Every validation error class, one bad fixture each, asserting the message and its line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from computechain.errors import DataValidationError
from computechain.loaders import load_dataset, load_graph
from tests.conftest import append_row, replace_in

REL = "relations/relations.csv"
COMPANIES = "companies/companies.csv"
REL_HEADER = "kind,source,target,product,weight,weight_meaning,low,high,basis,basis_note,as_of,valid_from,valid_to,sources,note"


def _problems(root: Path) -> list[str]:
    with pytest.raises(DataValidationError) as caught:
        load_dataset(root)
    return [str(p).removeprefix(str(root) + "/") for p in caught.value.problems]


def _rel(line: str) -> str:
    return line + ",2024-12-31,,,source:acme-ar-2024,"


def test_the_mini_seed_is_valid(mini_seed: Path) -> None:
    ds = load_dataset(mini_seed)
    assert len(ds.relations) == 11 + 2  # curated + develops + commits_capex


def test_a_row_with_too_many_cells(mini_seed: Path) -> None:
    line = append_row(mini_seed, COMPANIES, "x,X,,,US,,foundry,source:acme-ar-2024,,extra")
    assert _problems(mini_seed) == [f"{COMPANIES}:{line}: (row): expected 9 cells, found 10"]


def test_an_unclosed_quote_is_malformed_csv(mini_seed: Path) -> None:
    line = append_row(mini_seed, COMPANIES, 'x,"X,,,US,,foundry,source:acme-ar-2024,')
    [problem] = _problems(mini_seed)
    assert problem.startswith(f"{COMPANIES}:{line}: (row): ")


def test_an_unknown_column(mini_seed: Path) -> None:
    replace_in(mini_seed, COMPANIES, "sources,note", "sources,colour")
    assert _problems(mini_seed) == [
        f"{COMPANIES}:1: colour: unknown column; expected columns: id, name, aliases, sources, "
        "note, name_zh, country, listings, roles"]


def test_a_missing_mandatory_column(mini_seed: Path) -> None:
    path = mini_seed / COMPANIES
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(",".join(line.split(",")[:-2] + line.split(",")[-1:])
                              for line in lines) + "\n", encoding="utf-8")
    assert _problems(mini_seed) == [f"{COMPANIES}:1: sources: missing mandatory column"]


def test_a_missing_mandatory_field(mini_seed: Path) -> None:
    line = replace_in(mini_seed, COMPANIES, "beta-memory,Beta Memory,", "beta-memory,,")
    assert _problems(mini_seed) == [f"{COMPANIES}:{line}: name: Field required"]


def test_a_duplicate_id(mini_seed: Path) -> None:
    line = append_row(mini_seed, COMPANIES, "gamma-gpu,Gamma Two,,,US,,chip-designer,source:acme-ar-2024,")
    assert _problems(mini_seed) == [
        f"{COMPANIES}:{line}: id: duplicate id 'company:gamma-gpu' (first defined at "
        f"{mini_seed / COMPANIES}:4)"]


def test_a_dangling_reference_suggests_the_closest_id(mini_seed: Path) -> None:
    line = append_row(mini_seed, REL, _rel("owns,company:gamma-gpu,company:gama-gpu,,,,,,,"))
    [problem] = _problems(mini_seed)
    assert problem.startswith(
        f"{REL}:{line}: target: unknown id 'company:gama-gpu'; did you mean 'company:gamma-gpu'")


def test_an_endpoint_type_the_kind_does_not_allow(mini_seed: Path) -> None:
    line = append_row(mini_seed, REL, _rel("participates_in,company:gamma-gpu,company:beta-memory,,,,,,,"))
    assert _problems(mini_seed) == [
        f"{REL}:{line}: target: a participates_in relation cannot have a company as target "
        "(allowed: segment)"]


def test_an_endpoint_of_no_known_type_is_an_unknown_id_not_a_crash(mini_seed: Path) -> None:
    """'acompany:' is no id type: the reference check says so once; the endpoint-type check,
    which cannot name a type for it, stays silent (found by the seed fuzzer)."""
    line = append_row(mini_seed, REL, _rel("owns,acompany:gamma-gpu,company:beta-memory,,,,,,,"))
    [problem] = _problems(mini_seed)
    assert problem.startswith(f"{REL}:{line}: source: unknown id 'acompany:gamma-gpu'")


def test_a_reference_to_an_entity_of_the_wrong_type(mini_seed: Path) -> None:
    line = append_row(mini_seed, REL, _rel("supplies,company:beta-memory,company:nimbus-cloud,company:gamma-gpu,,,,,,"))
    assert _problems(mini_seed) == [
        f"{REL}:{line}: product: 'company:gamma-gpu' is a company, not a segment"]


def test_a_weight_outside_zero_one(mini_seed: Path) -> None:
    line = append_row(mini_seed, REL, _rel("owns,company:gamma-gpu,company:beta-memory,,1.5,ownership_share,,,reported,"))
    [problem] = _problems(mini_seed)
    assert problem.startswith(f"{REL}:{line}: weight: Input should be less than or equal to 1")


def test_customer_spend_shares_summing_past_one(mini_seed: Path) -> None:
    # Gamma GPU's spend: 0.3 on Beta Memory's HBM (reported) + 0.8 here = 1.1 > 1
    line = append_row(mini_seed, REL, _rel("supplies,company:acme-foundry,company:gamma-gpu,segment:hbm,0.8,share_of_customer_spend,,,reported,"))
    assert _problems(mini_seed) == [
        f"{REL}:{line}: weight: share_of_customer_spend of company:gamma-gpu as of 2024-12-31 "
        "sums to 1.1 > 1 over 2 relations"]


def test_supplier_revenue_shares_summing_past_one(mini_seed: Path) -> None:
    # Acme Foundry's revenue: 0.6 from Gamma GPU + 0.5 from Nimbus Cloud = 1.1 > 1
    line = append_row(mini_seed, REL, _rel("supplies,company:acme-foundry,company:nimbus-cloud,segment:wafer-foundry,0.5,share_of_supplier_revenue,,,reported,"))
    assert _problems(mini_seed) == [
        f"{REL}:{line}: weight: share_of_supplier_revenue of company:acme-foundry as of "
        "2024-12-31 sums to 1.1 > 1 over 2 relations"]


def test_a_later_figure_of_the_same_pair_supersedes_the_earlier_one(mini_seed: Path) -> None:
    # Acme Foundry's revenue from Gamma GPU: 0.6 as of 2024-12-31 (mini seed), then 0.9 as of
    # 2025-06-30: never 1.5, the later figure replaces the earlier one
    append_row(mini_seed, REL, "supplies,company:acme-foundry,company:gamma-gpu,segment:wafer-foundry,0.9,share_of_supplier_revenue,,,reported,,2025-06-30,2025-01-01,,source:acme-ar-2024,")
    load_dataset(mini_seed)


def test_shares_of_two_pairs_asserted_a_day_apart_are_added(mini_seed: Path) -> None:
    # the probe's case: 0.6 from Gamma GPU as of 2024-12-31 and 0.6 from Nimbus Cloud as of
    # 2024-12-30 are both current on 2024-12-31: 1.2 > 1
    line = append_row(mini_seed, REL, "supplies,company:acme-foundry,company:nimbus-cloud,segment:wafer-foundry,0.6,share_of_supplier_revenue,,,reported,,2024-12-30,,,source:acme-ar-2024,")
    assert _problems(mini_seed) == [
        f"{REL}:{line}: weight: share_of_supplier_revenue of company:acme-foundry as of 2024-12-31 "
        "sums to 1.2 > 1 over 2 relations"]


def test_an_old_figure_counts_until_its_pair_gives_a_newer_one(mini_seed: Path) -> None:
    # Nimbus Cloud 0.5 as of 2024-06-30, Gamma GPU 0.6 as of 2024-12-31 (mini seed): both in force
    # from 2024-12-31 on (1.1), though Nimbus Cloud's figure is older
    line = append_row(mini_seed, REL, "supplies,company:acme-foundry,company:nimbus-cloud,segment:wafer-foundry,0.5,share_of_supplier_revenue,,,reported,,2024-06-30,,,source:acme-ar-2024,")
    assert _problems(mini_seed) == [
        f"{REL}:{line}: weight: share_of_supplier_revenue of company:acme-foundry as of 2024-12-31 "
        "sums to 1.1 > 1 over 2 relations"]


def test_figures_that_expired_do_not_add_on_a_date_but_do_in_the_undated_view(mini_seed: Path) -> None:
    # Nimbus Cloud 0.5 valid 2023 only; Gamma GPU 0.6 from 2024-12-31: never together on a date,
    # but queries without --as-of take the latest figure of each pair: 0.5 + 0.6 = 1.1
    line = append_row(mini_seed, REL, "supplies,company:acme-foundry,company:nimbus-cloud,segment:wafer-foundry,0.5,share_of_supplier_revenue,,,reported,,2023-12-31,2023-01-01,2023-12-31,source:acme-ar-2024,")
    assert _problems(mini_seed) == [
        f"{REL}:{line}: weight: share_of_supplier_revenue of company:acme-foundry taking the latest figure "
        "of each pair (as queries without --as-of do) sums to 1.1 > 1 over 2 relations"]


def test_low_above_high(mini_seed: Path) -> None:
    line = append_row(mini_seed, REL, _rel("owns,company:gamma-gpu,company:beta-memory,,0.5,ownership_share,0.6,0.4,reported,"))
    assert _problems(mini_seed) == [f"{REL}:{line}: weight: low 0.6 is above high 0.4"]


def test_a_bad_date(mini_seed: Path) -> None:
    line = append_row(mini_seed, REL, "owns,company:gamma-gpu,company:beta-memory,,,,,,,,2024-13-01,,,source:acme-ar-2024,")
    [problem] = _problems(mini_seed)
    assert re.match(rf"{REL}:{line}: as_of: Input should be a valid date.*'2024-13-01'", problem)


@pytest.mark.parametrize(("row", "field", "message"), [
    ("owns,company:gamma-gpu,company:beta-memory,,0.5,ownership_share,,,guess,", "basis",
     "Input should be 'reported' or 'estimate' (got 'guess')"),
    ("buys,company:gamma-gpu,company:beta-memory,,,,,,,", "kind", "Input should be 'supplies'"),
    ("owns,company:gamma-gpu,company:beta-memory,,0.5,fame,,,reported,", "weight_meaning",
     "Input should be 'share_of_supplier_revenue'"),
])
def test_unknown_enumeration_values(mini_seed: Path, row: str, field: str, message: str) -> None:
    line = append_row(mini_seed, REL, _rel(row))
    [problem] = _problems(mini_seed)
    assert problem.startswith(f"{REL}:{line}: {field}: {message}")


@pytest.mark.parametrize(("old", "new", "field", "message"), [
    (",TW,TWSE:9999,", ",XX,TWSE:9999,", "country", "unknown country code 'XX'"),
    ("TWSE:9999", "TWSE:99999", "listings", "ticker '99999' does not fit TWSE's format"),
    ("TWSE:9999", "MOON:9999", "listings", "unknown exchange 'MOON'; use one of BSE"),
    ("TWSE:9999", "TWSE9999", "listings", "'TWSE9999' is not EXCHANGE:TICKER"),
    (",foundry,", ",wizard,", "roles", "unknown role 'wizard'; use one of chip-designer"),
])
def test_lookup_values(mini_seed: Path, old: str, new: str, field: str, message: str) -> None:
    line = replace_in(mini_seed, COMPANIES, old, new)
    [problem] = _problems(mini_seed)
    assert problem.startswith(f"{COMPANIES}:{line}: {field}: {message}")


def test_a_weight_part_without_a_weight(mini_seed: Path) -> None:
    line = append_row(mini_seed, REL, _rel("owns,company:gamma-gpu,company:beta-memory,,,ownership_share,,,,"))
    assert _problems(mini_seed) == [f"{REL}:{line}: weight_meaning: given without a weight"]


def test_every_problem_is_reported_in_one_run_and_no_graph_is_built(mini_seed: Path) -> None:
    bad_company = replace_in(mini_seed, COMPANIES, ",TW,", ",XX,")
    bad_relation = append_row(mini_seed, REL, _rel("owns,company:nobody,company:beta-memory,,,,,,,"))
    with pytest.raises(DataValidationError) as caught:
        load_graph(mini_seed)
    lines = {(Path(p.file).name, p.line) for p in caught.value.problems}
    assert lines == {("companies.csv", bad_company), ("relations.csv", bad_relation)}


def test_the_same_relation_twice_is_a_duplicate(mini_seed: Path) -> None:
    line = append_row(mini_seed, REL, _rel("input_to,segment:hbm,segment:ai-accelerators,,,,,,,"))
    [problem] = _problems(mini_seed)
    assert problem.startswith(f"{REL}:{line}: id: duplicate id 'input_to:segment:hbm->segment:ai-accelerators'")
