"""Epoch AI data centres: counts and figures on the real file, owners resolved onto the seed,
errors on broken copies."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from computechain.graph.dataset import Dataset
from computechain.graph.schema import Confidence, RelationKind, Site
from computechain.loaders import epoch_datacenters, load_with_report
from computechain.loaders.fold import merge_report
from tests.loaders.conftest import copy_of, rewrite_line

FILE = "data_centers.csv"


@pytest.fixture(scope="module")
def centres(reference_data: Path) -> Dataset:
    return epoch_datacenters.load(str(reference_data / "epoch-ai-data-centers"))


def test_the_real_file_has_83_sites_and_their_relations(centres: Dataset) -> None:
    assert centres.problems == []
    assert sum(isinstance(e, Site) for e in centres.entities.values()) == 83
    kinds = Counter(r.kind for r in centres.relations.values())
    # 83 sites less the 9 without an Owner; Users, Investors, Energy and Construction cells split on ","
    assert kinds == {RelationKind.OPERATES: 74, RelationKind.USES: 67, RelationKind.POWERS: 23,
                     RelationKind.INVESTS_IN: 16, RelationKind.BUILDS: 7}


def test_confidence_tags_match_the_readme_counts(centres: Dataset) -> None:
    # the folder README counts 98 #confident, 16 #likely and 25 #speculative tags across Owner + Users
    tagged = Counter(r.confidence for r in centres.relations.values()
                     if r.kind in (RelationKind.OPERATES, RelationKind.USES))
    assert (tagged[Confidence.CONFIDENT], tagged[Confidence.LIKELY], tagged[Confidence.SPECULATIVE]) == (98, 16, 25)


def test_a_site_carries_its_figures_and_evidence(centres: Dataset) -> None:
    site = centres.entities["site:colossus-2"]
    assert isinstance(site, Site)
    # data_centers.csv line 2: 1111672.56 H100e, 946 MW, 35.836372 bn 2025 USD, chips B200,B300, 6 links
    assert (round(site.h100e or 0), site.power_mw, site.capex_usd_bn) == (1111673, 946.0, 35.836372)
    assert (site.country, site.chip_types, len(site.links)) == ("US", ("B200", "B300"), 6)
    owner = centres.relations["operates:company:xai->site:colossus-2~epoch-datacenters"]
    assert owner.confidence is Confidence.CONFIDENT and owner.as_of == date(2026, 8, 20)  # README "retrieved"


def test_every_sites_owner_is_resolved_or_reported(reference_data: Path) -> None:
    """On the REAL seed (shipped): each owner either merged into a seed company or was reported added."""
    ds, records = load_with_report(with_sources=[f"epoch-datacenters={reference_data / 'epoch-ai-data-centers'}"])
    report = merge_report(records).set_index("resolved")
    owners = {r.target: r.source for r in ds.relations.values() if r.kind is RelationKind.OPERATES}
    sites = {e.id for e in ds.entities.values() if isinstance(e, Site)}
    assert len(sites) == 83 and len(owners) == 74
    assert set(report.loc[list(owners.values()), "outcome"]) <= {"merged", "added"}
    merged = set(report[report["outcome"] == "merged"].index)
    assert {"company:alphabet", "company:meta", "company:microsoft", "company:xai", "company:coreweave"} <= merged
    assert "ambiguous" not in set(report["outcome"])


@pytest.fixture
def broken(reference_data: Path, tmp_path: Path) -> Path:
    return copy_of(reference_data / "epoch-ai-data-centers", tmp_path, [FILE, "README.md"])


def _problems(root: Path) -> list[str]:
    return [str(p).removeprefix(f"{root}/") for p in epoch_datacenters.load(str(root)).problems]


def _line_of(root: Path, site: str) -> int:
    """The line the CSV reader reports for a site's record (its last physical line)."""
    ds = epoch_datacenters.load(str(root))
    return ds.origins[site].line


def test_an_unknown_country_tag_and_owner_are_reported_with_their_line(broken: Path) -> None:
    line = _line_of(broken, "site:goodnight")
    rewrite_line(broken / FILE, 294, "Google #speculative,Google DeepMind #speculative",
                 "Goggle #speculative,Google DeepMind #maybe")
    rewrite_line(broken / FILE, line, "United States", "Untied States")
    problems = _problems(broken)
    assert problems[0].startswith(f"{FILE}:{line}: Country: unknown value 'Untied States'; known: Australia")
    assert problems[1].startswith(f"{FILE}:{line}: Owner: unknown value 'Goggle'; known: AI XPV Platform")
    assert problems[2].startswith(f"{FILE}:{line}: Users: unknown value '#maybe'; known: #confident, #likely")
    assert len(problems) == 3


def test_a_bad_figure_and_a_missing_column(broken: Path) -> None:
    rewrite_line(broken / FILE, 2, "Colossus 2,1111672.5618999496,946,", "Colossus 2,1111672.5618999496,-946,")
    [problem] = _problems(broken)
    assert ": power_mw: Input should be greater than or equal to 0" in problem
    rewrite_line(broken / FILE, 1, ",Country,", ",Nation,")
    problems = _problems(broken)
    assert f"{FILE}:1: Country: missing mandatory column" in problems
    assert any(p.startswith(f"{FILE}:1: Nation: unknown column") for p in problems)


def test_too_few_rows(broken: Path) -> None:
    text = (broken / FILE).read_text(encoding="utf-8")
    (broken / FILE).write_text(text[: text.index("\nMicrosoft Fairwater Atlanta")] + "\n", encoding="utf-8")
    assert _problems(broken) == [f"{FILE}:0: (file): expected at least 83 rows, found 1"]


def test_without_a_readme_the_files_date_is_the_retrieval_date(broken: Path) -> None:
    (broken / "README.md").unlink()
    ds = epoch_datacenters.load(str(broken))
    retrieved = date.fromtimestamp((broken / FILE).stat().st_mtime)
    assert ds.entities["source:epoch-ai-data-centers"].date == retrieved.isoformat()  # type: ignore[attr-defined]
    assert {r.as_of for r in ds.relations.values()} == {retrieved}


@pytest.mark.parametrize(("retrieved", "message"), [
    ("2026-02-30", "'2026-02-30' is not a calendar date"), ("0001-01-01", "date 0001-01-01 is before 1900-01-01")])
def test_a_retrieval_date_off_the_calendar_is_a_clean_error(broken: Path, retrieved: str, message: str) -> None:
    rewrite_line(broken / "README.md", 10, "retrieved 2026-08-20", f"retrieved {retrieved}")
    assert _problems(broken) == [f"README.md:10: retrieved: {message}"]


def test_a_power_of_1e309_is_refused(broken: Path) -> None:
    rewrite_line(broken / FILE, 2, "Colossus 2,1111672.5618999496,946,", "Colossus 2,1111672.5618999496,1e309,")
    [problem] = _problems(broken)
    assert problem.endswith(f": {epoch_datacenters.POWER}: '1e309' is not a number")
