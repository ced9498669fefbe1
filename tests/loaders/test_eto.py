"""ETO / CSET supply-chain format, on a fictional fixture in the layout of the public release
(August 2026; the real data may not be shipped: CC BY-NC 4.0). Set ``COMPUTECHAIN_ETO_DATA`` to
a local copy of the release's ``data/`` folder to also run the test on the real files."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from computechain.graph.dataset import Dataset
from computechain.graph.schema import Company, RelationKind, Segment, WeightMeaning
from computechain.loaders import eto, load_graph, load_with_report
from computechain.loaders.fold import merge_report
from computechain.queries.chokepoints import chokepoints
from tests.conftest import MINI_SEED
from tests.loaders.conftest import rewrite_line

ETO = Path(__file__).parents[1] / "fixtures" / "eto"
Y2021, Y2025 = "@2021-01-01..2021-12-31~eto", "@2025-01-01..2025-12-31~eto"


@pytest.fixture
def ds() -> Dataset:
    return eto.load(str(ETO))


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    return Path(shutil.copytree(ETO, tmp_path / "eto"))


def _problems(root: Path) -> list[str]:
    return [str(p).removeprefix(f"{root}/") for p in eto.load(str(root)).problems]


def _shares(ds: Dataset) -> dict[str, float | None]:
    return {r.id: (w.value if (w := r.weight(WeightMeaning.MARKET_SHARE)) else None)
            for r in ds.relations.values() if r.kind is RelationKind.PARTICIPATES_IN}


def test_the_real_layout_loads_without_a_problem(ds: Dataset) -> None:
    # stages.csv and inputs.csv carry the chart columns; a description runs over two lines
    assert ds.problems == []
    segments = {e.id: e for e in ds.entities.values() if isinstance(e, Segment)}
    assert len(segments) == 11  # 3 stages + 8 inputs


def test_is_type_of_rows_are_the_taxonomy_not_flows(ds: Dataset) -> None:
    segments = {e.id: e for e in ds.entities.values() if isinstance(e, Segment)}
    assert segments["segment:deep-widget-scanners"].parent == "segment:widget-scanners"  # is_type_of
    assert segments["segment:ai-accelerator-design"].parent == "segment:chip-design"  # is_type_of
    assert segments["segment:wafer-foundry"].parent == "segment:fabrication"  # its stage
    assert segments["segment:widget-scanners"].parent is None  # no stage, no type
    flows = sorted((r.source, r.target) for r in ds.relations.values() if r.kind is RelationKind.INPUT_TO)
    assert flows == [(f"segment:{s}", "segment:wafer-foundry")
                     for s in ("chip-design", "photoresists", "test-tools", "wafer", "widget-scanners")]


def test_a_repeated_provider_id_is_one_company_with_its_aliases(ds: Dataset) -> None:
    companies = {e.id: e for e in ds.entities.values() if isinstance(e, Company)}
    # providers.csv: Delta Litho on lines 7, 9 and 14 (P12); countries and "Various companies" are no companies
    assert sorted(companies) == ["company:acme-foundry", "company:delta-litho", "company:epsilon-chemicals",
                                 "company:eta-test", "company:gamma-gpu", "company:theta-wafers",
                                 "company:zeta-metrology"]
    assert companies["company:delta-litho"].aliases == ("Delta Optics", "Delta Machinery")
    # LUX, HUN and BLR are in the shipped country_codes.csv
    assert [companies[f"company:{c}"].country for c in ("zeta-metrology", "eta-test", "theta-wafers")] == \
        ["LU", "HU", "BY"]


def test_per_year_shares_rounding_and_placeholders(ds: Dataset) -> None:
    shares = _shares(ds)
    # Widget scanners 2025: 70.1 + 25.0 + 5.0 (Various companies) = 100.1 %: scaled by 1/1.001
    assert shares[f"participates_in:company:delta-litho->segment:widget-scanners{Y2025}"] == pytest.approx(
        0.701 / 1.001)
    assert shares[f"participates_in:company:epsilon-chemicals->segment:widget-scanners{Y2025}"] == pytest.approx(
        0.25 / 1.001)
    rel = ds.relations[f"participates_in:company:delta-litho->segment:widget-scanners{Y2025}"]
    assert rel.weights[0].basis_note == ("ETO share_provided 70.1 (2025); ETO's shares of this input sum to "
                                         "100.1 % (rounded percentages), scaled by 1/1.001 to sum to 100 %")
    assert (rel.valid_from, rel.valid_to, rel.as_of) == (date(2025, 1, 1), date(2025, 12, 31), date(2025, 12, 31))
    # the same company and input in 2019 is another period; a blank share is a relation without weight
    assert shares["participates_in:company:delta-litho->segment:widget-scanners@2019-01-01..2019-12-31~eto"] == 0.9
    assert shares["participates_in:company:theta-wafers->segment:wafer@2019-01-01..2019-12-31~eto"] is None
    assert shares[f"participates_in:company:acme-foundry->segment:wafer-foundry{Y2021}"] == 0.61
    assert not any("various" in rid for rid in shares)


def test_shares_past_the_rounding_tolerance_are_a_problem(broken: Path) -> None:
    rewrite_line(broken / "provision.csv", 5, ",70.1,", ",70.7,")  # 70.7 + 25 + 5 = 100.7 %
    assert _problems(broken) == ["provision.csv:7: share_provided: the organisations' shares of N3 in 2025 sum to "
                                 "100.7 %, more than 100 % plus 0.5 points of rounding"]


def test_chokepoints_see_each_years_figure_until_a_newer_one() -> None:
    G = load_graph(MINI_SEED, with_sources=[f"eto={ETO}"])

    def row(segment: str, day: date | None) -> tuple[int, float | None, str | None]:
        frame = chokepoints(G, as_of=day).set_index("segment")
        return tuple(frame.loc[f"segment:{segment}", ["suppliers", "hhi", "leader"]])  # type: ignore[return-value]

    # the one supplier of deep widget scanners (100 %): HHI 100^2 = 10,000, in 2025 and after it
    for day in (date(2025, 6, 30), date(2026, 3, 1), None):
        assert row("deep-widget-scanners", day) == (1, 10000.0, "company:delta-litho")
    # widget scanners: 90 % in 2019 until the 2025 figures (70.03 % and 24.98 %) supersede it
    assert row("widget-scanners", date(2024, 6, 30)) == (1, 8100.0, "company:delta-litho")
    hhi_2025 = (70.1 / 1.001) ** 2 + (25 / 1.001) ** 2
    assert row("widget-scanners", date(2026, 3, 1))[1] == pytest.approx(hhi_2025, abs=0.01)
    # before 2025 nothing is known of deep widget scanners' suppliers
    assert "segment:deep-widget-scanners" not in set(chokepoints(G, as_of=date(2024, 12, 31))["segment"])


def test_eto_segments_map_onto_the_seeds_markets() -> None:
    _, records = load_with_report(with_sources=[f"eto={ETO}"])
    report = merge_report(records).set_index("incoming")
    # lookups/aliases.csv: the same market under ETO's name
    assert report.loc[["segment:photoresists", "segment:wafer", "segment:test-tools"], "resolved"].tolist() == [
        "segment:photoresist", "segment:silicon-wafers", "segment:test-equipment"]
    assert set(report.loc[["segment:photoresists", "segment:wafer"], "matched_by"]) == {"alias table"}
    assert report.loc["segment:wafer-foundry", ["outcome", "matched_by"]].tolist() == ["merged", "name"]


def test_resolution_onto_the_mini_seed() -> None:
    _, records = load_with_report(MINI_SEED, with_sources=[f"eto={ETO}"])
    report = merge_report(records).set_index("incoming")
    assert report.loc["company:acme-foundry", ["outcome", "matched_by"]].tolist() == ["merged", "name"]
    assert report.loc["company:delta-litho", ["outcome", "why"]].tolist() == ["added", "no candidate"]


@pytest.mark.parametrize(("edits", "expected"), [
    ([("provision.csv", 2, ",N2,", ",N9,"), ("providers.csv", 7, ",NLD", ",XYZ"),
      ("providers.csv", 5, ",organization,", ",nation,"), ("sequence.csv", 3, ",N2,", ",N8,")],
     ["providers.csv:5: provider_type: unknown value 'nation'; known: country, organization "
      "(add it to lookups/eto_provider_types.csv)",
      "providers.csv:7: country: unknown value 'XYZ'; known: ARE, AUS",
      "providers.csv:9: country: provider P12 is 'XYZ' at line 7, 'NLD' here (one provider id, one country)",
      "providers.csv:14: country: provider P12 is 'XYZ' at line 7, 'NLD' here (one provider id, one country)",
      "provision.csv:2: provided_id: unknown id 'N9'; not in stages.csv or inputs.csv",
      "sequence.csv:3: goes_into_id: unknown id 'N8'; not in stages.csv or inputs.csv"]),
    ([("provision.csv", 3, ",80.0,", ",lots,"), ("provision.csv", 8, ",100.0,2025,", ",140.0,2025,"),
      ("inputs.csv", 2, ",S1,", ",S7,"), ("provision.csv", 2, ",2021,", ",,"),
      ("sequence.csv", 2, ",Chip design,N0", ",,")],
     ["inputs.csv:2: stage_id: unknown id 'S7'; not in stages.csv or inputs.csv",
      "provision.csv:2: year: missing value",
      "provision.csv:3: share_provided: 'lots' is not a number",
      "provision.csv:8: share_provided: share '140.0' is outside 0-100 %",
      "sequence.csv:2: goes_into_id: missing value (a row names what the input goes into or is a type of)"]),
    ([("provision.csv", 2, ",2021,", ",twenty,"), ("provision.csv", 3, ",2021,", ",99999,"),
      ("provision.csv", 9, ",2021,", ",1e309,"), ("provision.csv", 4, ",2019,", ",2019Q3,")],
     ["provision.csv:2: year: 'twenty' is not a year between 1900 and 2100 (e.g. 2025)",
      "provision.csv:3: year: '99999' is not a year between 1900 and 2100 (e.g. 2025)",
      "provision.csv:4: year: '2019Q3' is not a year between 1900 and 2100 (e.g. 2025)",
      "provision.csv:9: year: '1e309' is not a year between 1900 and 2100 (e.g. 2025)"]),
])
def test_bad_cells_name_file_line_and_field(broken: Path, edits: list[tuple[str, int, str, str]],
                                            expected: list[str]) -> None:
    for name, line, old, new in edits:
        rewrite_line(broken / name, line, old, new)
    problems = sorted(_problems(broken), key=lambda p: (p.split(":")[0], int(p.split(":")[1])))
    assert len(problems) == len(expected), problems
    assert all(p.startswith(e) for p, e in zip(problems, expected, strict=True)), problems


def test_a_missing_file_a_renamed_and_an_unknown_column(broken: Path) -> None:
    (broken / "stages.csv").unlink()
    rewrite_line(broken / "providers.csv", 1, "provider_type", "kind")
    rewrite_line(broken / "inputs.csv", 1, "market_share_chart_caption", "chart_colour")
    problems = _problems(broken)
    assert any(p.startswith("providers.csv:1: kind: unknown column; expected columns: provider_name, alias")
               for p in problems)
    assert any(p.startswith("inputs.csv:1: chart_colour: unknown column") for p in problems)
    assert "providers.csv:1: provider_type: missing mandatory column" in problems
    assert any(p.startswith("stages.csv:0: (file): cannot read") for p in problems)
    assert "stages.csv:0: (file): expected at least 1 rows, found 0" in problems


REAL = os.environ.get("COMPUTECHAIN_ETO_DATA")


@pytest.mark.skipif(not REAL, reason="set COMPUTECHAIN_ETO_DATA to a local copy of eto-chip-explorer data/ "
                                     "(CC BY-NC 4.0: not shipped)")
def test_the_real_release_loads_and_gives_what_the_data_says() -> None:
    ds = eto.load(str(REAL))
    assert ds.problems == []
    G = load_graph(with_sources=[f"eto={REAL}"])
    frame = chokepoints(G, as_of=date(2026, 3, 1)).set_index("segment")
    euv = frame.loc["segment:euv-lithography-tools"]
    assert (euv["suppliers"], euv["hhi"], euv["leader"]) == (1, 10000.0, "company:asml")
    _, records = load_with_report(with_sources=[f"eto={REAL}"])
    report = merge_report(records).set_index("name")
    assert report.loc["NanYa", "outcome"] == "added"  # substrates (Nan Ya PCB), not the DRAM maker
    assert report.loc["Tianshui Huatian Technology", "resolved"] == "company:huatian-technology"
