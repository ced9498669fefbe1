"""ETO / CSET supply-chain format, on a fictional fixture in its exact layout (the real data may
not be shipped: CC BY-NC 4.0)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from computechain.graph.dataset import Dataset
from computechain.graph.schema import Company, RelationKind, Segment, WeightMeaning
from computechain.loaders import eto, load_with_report
from computechain.loaders.resolve import merge_report
from tests.conftest import MINI_SEED
from tests.loaders.conftest import rewrite_line

ETO = Path(__file__).parents[1] / "fixtures" / "eto"
TAIL = "@2021-01-01..2021-12-31~eto"


@pytest.fixture
def ds() -> Dataset:
    return eto.load(str(ETO))


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    return Path(shutil.copytree(ETO, tmp_path / "eto"))


def _problems(root: Path) -> list[str]:
    return [str(p).removeprefix(f"{root}/") for p in eto.load(str(root)).problems]


def test_stages_and_inputs_become_segments_with_parents(ds: Dataset) -> None:
    assert ds.problems == []
    segments = {e.id: e for e in ds.entities.values() if isinstance(e, Segment)}
    assert len(segments) == 6  # 2 stages + 4 inputs
    assert segments["segment:wafer-foundry"].parent == "segment:fabrication"  # its stage
    assert segments["segment:deep-widget-scanners"].parent == "segment:widget-scanners"  # is_type_of wins
    assert segments["segment:widget-scanners"].parent is None  # no stage, no type


def test_organisations_become_companies_and_countries_are_skipped(ds: Dataset) -> None:
    companies = {e.id: e for e in ds.entities.values() if isinstance(e, Company)}
    assert sorted(companies) == ["company:acme-foundry", "company:delta-litho", "company:gamma-gpu"]
    assert (companies["company:acme-foundry"].country, companies["company:gamma-gpu"].aliases) == ("TW", ("Gamma",))
    shares = {r.id: r.weight(WeightMeaning.MARKET_SHARE) for r in ds.relations.values()
              if r.kind is RelationKind.PARTICIPATES_IN}
    # provision.csv: 61% and 80% and 100%; a blank share gives a relation without weight; USA and TWN rows skipped
    assert {rid: w.value if w else None for rid, w in shares.items()} == {
        f"participates_in:company:acme-foundry->segment:wafer-foundry{TAIL}": 0.61,
        f"participates_in:company:gamma-gpu->segment:ai-accelerator-design{TAIL}": 0.8,
        f"participates_in:company:delta-litho->segment:widget-scanners{TAIL}": 1.0,
        f"participates_in:company:delta-litho->segment:deep-widget-scanners{TAIL}": None,
    }


def test_sequence_gives_input_to(ds: Dataset) -> None:
    flows = sorted((r.source, r.target) for r in ds.relations.values() if r.kind is RelationKind.INPUT_TO)
    assert flows == [("segment:ai-accelerator-design", "segment:wafer-foundry"),
                     ("segment:deep-widget-scanners", "segment:widget-scanners"),
                     ("segment:widget-scanners", "segment:wafer-foundry")]


def test_resolution_onto_the_mini_seed() -> None:
    _, records = load_with_report(MINI_SEED, with_sources=[f"eto={ETO}"])
    report = merge_report(records).set_index("incoming")
    assert report.loc["company:acme-foundry", ["outcome", "matched_by"]].tolist() == ["merged", "name"]
    assert report.loc["segment:wafer-foundry", "outcome"] == "merged"
    assert report.loc["company:delta-litho", "outcome"] == "added"


@pytest.mark.parametrize(("edits", "expected"), [
    ([("provision.csv", 2, ",N2,", ",N9,"), ("providers.csv", 4, ",NLD", ",XYZ"),
      ("providers.csv", 5, ",country,", ",nation,"), ("sequence.csv", 3, ",N2,", ",N8,")],
     ["providers.csv:4: country: unknown value 'XYZ'; known: ARE, AUS",
      "providers.csv:5: provider_type: unknown value 'nation'; known: country, organization "
      "(add it to lookups/eto_provider_types.csv)",
      "provision.csv:2: provided_id: unknown id 'N9'; not in stages.csv or inputs.csv",
      "sequence.csv:3: goes_into_id: unknown id 'N8'; not in stages.csv or inputs.csv"]),
    ([("provision.csv", 3, ",80%,", ",lots,"), ("provision.csv", 4, ",100%,2021,", ",140%,2021,"),
      ("inputs.csv", 2, ",S1,", ",S7,"), ("provision.csv", 2, ",2021,", ",,")],
     ["inputs.csv:2: stage_id: unknown id 'S7'; not in stages.csv or inputs.csv",
      "provision.csv:2: year: missing value",
      "provision.csv:3: share_provided: 'lots' is not a number",
      "provision.csv:4: share_provided: share '140%' is outside 0-100 %"]),
])
def test_bad_cells_name_file_line_and_field(broken: Path, edits: list[tuple[str, int, str, str]],
                                            expected: list[str]) -> None:
    for name, line, old, new in edits:
        rewrite_line(broken / name, line, old, new)
    problems = _problems(broken)
    assert len(problems) == len(expected)
    assert all(p.startswith(e) for p, e in zip(problems, expected, strict=True)), problems


def test_a_missing_file_and_a_renamed_column(broken: Path) -> None:
    (broken / "stages.csv").unlink()
    rewrite_line(broken / "providers.csv", 1, "provider_type", "kind")
    problems = _problems(broken)
    assert any(p.startswith("providers.csv:1: kind: unknown column; expected columns: provider_name, alias")
               for p in problems)
    assert "providers.csv:1: provider_type: missing mandatory column" in problems
    assert any(p.startswith("stages.csv:0: (file): cannot read") for p in problems)
    assert "stages.csv:0: (file): expected at least 1 rows, found 0" in problems
