"""Epoch AI chip owners: counts and hand-checked shares on the real files, errors on broken copies."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from computechain.graph.dataset import Dataset
from computechain.graph.schema import Basis, WeightMeaning
from computechain.loaders import epoch_chips, load_dataset
from tests.conftest import MINI_SEED
from tests.loaders.conftest import copy_of, rewrite_line

FILES = [*epoch_chips.OWNER_FILES, *epoch_chips.TOTAL_FILES, "README.md"]
NVIDIA = "owners_csv_export/nvidia_owners_cumulative_totals.csv"
ACCEL = "segment:ai-accelerators"


@pytest.fixture(scope="module")
def chips(reference_data: Path) -> Dataset:
    return epoch_chips.load(str(reference_data / "epoch-ai-chip-counts"))


def _rel(ds: Dataset, maker: str, owner: str, start: str, end: str) -> object:
    rid = f"supplies:company:{maker}->company:{owner}#{ACCEL}@{start}..{end}~epoch-chips"
    return ds.relations[rid]


def test_the_real_files_load_without_problems(chips: Dataset) -> None:
    assert chips.problems == []
    # one relation per maker and owner: its longest complete window (Q1 2026 rows are Incomplete).
    # Nvidia: Microsoft, Meta, Amazon, Google, Oracle (2022-2025) and CoreWeave (2023-2025);
    # AMD: Microsoft, Meta, Oracle (2024-2025). China and Other are aggregates; TPU and Trainium
    # are their makers' own use (Google, Amazon), so no supply relation.
    pairs = Counter((rel.source, rel.valid_to) for rel in chips.relations.values())
    assert pairs == {("company:nvidia-corporation", date(2025, 12, 31)): 6,
                     ("company:advanced-micro-devices-inc", date(2025, 12, 31)): 3}
    assert all(r.weights[0].basis is Basis.ESTIMATE for r in chips.relations.values())
    # Nvidia's known owners hold 23.07 + 13.49 + 10.45 + 9.06 + 7.55 + 6.22 (2023-) = 69.8 % of its output
    nvidia = [r.weights[0].value for r in chips.relations.values() if r.source == "company:nvidia-corporation"]
    assert round(sum(nvidia), 3) == 0.698


def test_microsoft_share_of_cumulative_nvidia_output_2022_2025(chips: Dataset) -> None:
    # nvidia_owners_cumulative_totals.csv line 92: Microsoft 1/1/2022-12/31/2025 median 3,151,494 H100e
    # (p5 2,424,281, p95 4,075,897); csv_export/nvidia_cumulative_totals.csv line 17: Nvidia total
    # median 13,659,258. Share = 3,151,494 / 13,659,258 = 0.23072; low 0.17748; high 0.29840.
    rel = _rel(chips, "nvidia-corporation", "microsoft-corporation", "2022-01-01", "2025-12-31")
    weight = rel.weight(WeightMeaning.SHARE_OF_SUPPLIER_OUTPUT)  # type: ignore[attr-defined]
    assert (round(weight.value, 5), round(weight.low, 5), round(weight.high, 5)) == (0.23072, 0.17748, 0.29840)
    assert rel.as_of == date(2025, 12, 31) and rel.sources == ("source:epoch-ai-chip-counts",)  # type: ignore[attr-defined]


def test_a_window_starting_after_the_makers_series_divides_by_the_difference(chips: Dataset) -> None:
    # CoreWeave's cumulative from 1/1/2023 (line 13: 832,068 H100e to 12/31/2025); Nvidia's output in
    # 2023-2025 = 13,659,258 (2022-2025) - 289,671 (2022) = 13,369,587; 832,068 / 13,369,587 = 0.06224.
    rel = _rel(chips, "nvidia-corporation", "coreweave-inc", "2023-01-01", "2025-12-31")
    assert round(rel.weights[0].value, 5) == 0.06224  # type: ignore[attr-defined]


def test_the_source_names_the_dataset_and_its_commit(chips: Dataset) -> None:
    source = chips.entities["source:epoch-ai-chip-counts"]
    assert source.name == "Epoch AI, AI chip owners estimates @ d1b1bc3"
    assert source.url.endswith("/tree/d1b1bc311479ed385befa400e94533afc8b59fb7")  # type: ignore[attr-defined]
    assert source.date == "2026-04-22"  # type: ignore[attr-defined]  (latest "Estimates generated on")


def test_the_owners_merge_onto_the_mini_seed_and_the_graph_checks(reference_data: Path) -> None:
    ds = load_dataset(MINI_SEED, with_sources=[f"epoch-chips={reference_data / 'epoch-ai-chip-counts'}"])
    assert "company:nvidia-corporation" in ds.entities  # not in the mini seed: added
    assert sum(r.dataset == "epoch-chips" for r in ds.relations.values()) == 9


@pytest.fixture
def broken(reference_data: Path, tmp_path: Path) -> Path:
    return copy_of(reference_data / "epoch-ai-chip-counts", tmp_path, FILES)


def _problems(root: Path) -> list[str]:
    return [str(p).removeprefix(f"{root}/") for p in epoch_chips.load(str(root)).problems]


def test_an_unknown_owner_names_file_line_and_lookup(broken: Path) -> None:
    rewrite_line(broken / NVIDIA, 2, ",Microsoft,", ",Microsoft Corp,")
    [problem] = _problems(broken)
    assert problem.startswith(f"{NVIDIA}:2: Owner: unknown value 'Microsoft Corp'; known: AI XPV Platform, AMD")
    assert problem.endswith("(add it to lookups/epoch_names.csv)")


def test_a_bad_date_and_a_bad_number(broken: Path) -> None:
    rewrite_line(broken / NVIDIA, 3, "3/31/2022", "2022-03-31")
    rewrite_line(broken / NVIDIA, 4, ",5639,", ",many,")
    assert _problems(broken) == [f"{NVIDIA}:3: End date: '2022-03-31' is not a M/D/YYYY date",
                                 f"{NVIDIA}:4: Compute estimate in H100e (median): 'many' is not a number"]


def test_a_renamed_column_and_an_unexpected_one_fail(broken: Path) -> None:
    rewrite_line(broken / NVIDIA, 1, "Owner,", "Buyer,")
    problems = _problems(broken)
    assert f"{NVIDIA}:1: Buyer: unknown column; expected columns: Name, Chip manufacturer, Owner, " in problems[0]
    assert f"{NVIDIA}:1: Owner: missing mandatory column" in problems


def test_a_share_above_one_is_reported(broken: Path) -> None:
    rewrite_line(broken / NVIDIA, 92, ",3151494,2424281,4075897,", ",31514940,2424281,40758970,")
    assert _problems(broken) == [f"{NVIDIA}:92: Compute estimate in H100e (median): "
                                 "Input should be less than or equal to 1"]


def test_an_owner_window_without_a_maker_total(broken: Path) -> None:
    rewrite_line(broken / NVIDIA, 92, "1/1/2022,12/31/2025", "1/1/2022,12/30/2025")
    assert _problems(broken) == [f"{NVIDIA}:92: End date: no Nvidia total for 2022-01-01..2025-12-30 in csv_export/"]


def test_a_file_with_fewer_rows_than_expected(broken: Path) -> None:
    path = broken / "csv_export/amd_cumulative_totals.csv"
    path.write_text("".join(path.read_text(encoding="utf-8").splitlines(keepends=True)[:5]), encoding="utf-8")
    problems = _problems(broken)
    assert "csv_export/amd_cumulative_totals.csv:0: (file): expected at least 8 rows, found 4" in problems


def test_a_missing_file_is_reported(broken: Path) -> None:
    (broken / "csv_export/tpu_cumulative_totals.csv").unlink()
    assert any(p.startswith("csv_export/tpu_cumulative_totals.csv:0: (file): cannot read") for p in _problems(broken))


def test_a_partial_quarter_is_checked_but_not_used(broken: Path) -> None:
    # line 98 is Microsoft through Q1 2026, flagged Incomplete; unflagged, it becomes the latest window
    rewrite_line(broken / NVIDIA, 98, ",checked,", ",,")
    ds = epoch_chips.load(str(broken))
    ends = {r.valid_to for r in ds.relations.values() if r.target == "company:microsoft-corporation"}
    assert ends == {date(2026, 3, 31), date(2025, 12, 31)}  # Nvidia's now to Q1 2026, AMD's unchanged


def test_a_start_date_in_year_one_is_a_clean_error(broken: Path) -> None:
    # 1/1/0001 would make the day before the window (start - 1 day) overflow
    rewrite_line(broken / NVIDIA, 2, "1/1/2022,3/31/2022", "1/1/0001,3/31/2022")
    assert _problems(broken) == [f"{NVIDIA}:2: Start date: '1/1/0001': date 0001-01-01 is before 1900-01-01"]


@pytest.mark.parametrize(("figure", "message"), [
    ("1e309", "'1e309' is not a number"), ("14_769", "'14_769' is not a number"), ("nan", "'nan' is not a number")])
def test_a_figure_that_is_not_a_finite_number(broken: Path, figure: str, message: str) -> None:
    rewrite_line(broken / NVIDIA, 2, ",14769,", f",{figure},")
    assert _problems(broken) == [f"{NVIDIA}:2: Compute estimate in H100e (median): {message}"]


def test_an_end_date_far_ahead_and_a_generation_date_off_the_calendar(broken: Path) -> None:
    rewrite_line(broken / NVIDIA, 92, "1/1/2022,12/31/2025", "1/1/2022,12/31/2999")
    rewrite_line(broken / "csv_export/nvidia_cumulative_totals.csv", 17, "1/1/2022,12/31/2025", "1/1/2022,12/31/2999")
    rewrite_line(broken / NVIDIA, 2, "generated on: 04-15-2026", "generated on: 02-30-2026")
    problems = _problems(broken)
    assert f"{NVIDIA}:2: Notes: 'generated on: 02-30-2026' is not a calendar date" in problems
    assert any(p.startswith(f"{NVIDIA}:92: End date: date 2999-12-31 is after ") for p in problems)
