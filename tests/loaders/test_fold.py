"""Entity resolution onto the seed (merged / added / ambiguous) and --sources restriction."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from computechain.errors import DataValidationError, UnknownSourceError
from computechain.graph.schema import RelationKind
from computechain.loaders import load_dataset, load_with_report
from computechain.loaders.fold import REPORT_COLUMNS, MergeRecord, merge_report
from tests.conftest import MINI_SEED, append_row

TABLE = Path(__file__).parents[1] / "fixtures" / "table"
MAPPING = TABLE / "mapping.yaml"
WITH_TABLE = [f"table={TABLE / 'suppliers.csv'}:{MAPPING}"]


ETO = Path(__file__).parents[1] / "fixtures" / "eto"


def _table(tmp_path: Path, supplier: str, product: str = "segment:hbm") -> list[str]:
    path = tmp_path / "mine.csv"
    path.write_text("Supplier,Supplier ticker,Customer,Segment,Share,Date,How,Internal code\n"
                    f"{supplier},,Gamma GPU,{product},20,2024-12-31,guess,\n", encoding="utf-8")
    return [f"table={path}:{MAPPING}"]


def _analyst_table(tmp_path: Path, rows: list[str], country_column: bool = False) -> list[str]:
    """A table of names as analysts spell them, every relation unweighted."""
    header = "Supplier,Customer,Product" + (",Supplier country" if country_column else "")
    (tmp_path / "names.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    extra = "\n  source_country: Supplier country" if country_column else ""
    (tmp_path / "names.yaml").write_text(
        "kind: supplies\ncountry: US\nroles: [chip-designer]\nas_of: 2025-06-30\n"
        "source: {id: analyst-notes, title: Analyst notes, publisher: Example Analyst, date: '2025', kind: research}\n"
        f"columns:\n  source: Supplier\n  target: Customer\n  product: Product{extra}\n", encoding="utf-8")
    return [f"table={tmp_path / 'names.csv'}:{tmp_path / 'names.yaml'}"]


def _outcomes(records: list[MergeRecord]) -> dict[str, tuple[str, str]]:
    return {r.name: (r.outcome, r.resolved) for r in records}


def test_an_ambiguous_name_is_kept_apart_and_linked_to_each_candidate(mini_seed: Path, tmp_path: Path) -> None:
    # "Acme" is the seed's Acme Foundry alias and the slug of a second company, Acme Holdings
    append_row(mini_seed, "companies/companies.csv", "acme,Acme Holdings,,,US,,investor,source:acme-ar-2024,")
    ds, records = load_with_report(mini_seed, with_sources=_table(tmp_path, "Acme", "segment:wafer-foundry"))
    [acme] = [r for r in records if r.name == "Acme"]
    assert (acme.outcome, acme.matched_by, acme.score, acme.candidates) == (
        "ambiguous", "name", 1.0, ("company:acme", "company:acme-foundry"))
    assert acme.resolved == "company:acme-table"  # its own id was taken by Acme Holdings
    links = sorted(r.target for r in ds.relations.values() if r.kind is RelationKind.POSSIBLY_SAME_AS)
    assert links == ["company:acme", "company:acme-foundry"]
    assert "supplies:company:acme-table->company:gamma-gpu#segment:wafer-foundry~table" in ds.relations


def test_different_segment_families_block_a_name_match(mini_seed: Path, tmp_path: Path) -> None:
    # the table's Acme supplies HBM; the seed's Acme Foundry is in wafer foundry only (flat mini taxonomy)
    _, records = load_with_report(MINI_SEED, with_sources=_table(tmp_path, "Acme"))
    [acme] = [r for r in records if r.name == "Acme"]
    assert (acme.outcome, acme.why) == ("added", "not company:acme-foundry: segment families segment:hbm vs "
                                                 "segment:wafer-foundry")


def test_the_merge_report_lists_every_external_entity() -> None:
    _, records = load_with_report(MINI_SEED, with_sources=WITH_TABLE)
    frame = merge_report(records)
    assert list(frame.columns) == REPORT_COLUMNS
    assert frame[["incoming", "outcome", "resolved", "matched_by", "why"]].values.tolist() == [
        ["company:omega-memory", "merged", "company:beta-memory", "ticker", "ticker = 'Beta Memory'"],
        ["company:gamma-gpu", "merged", "company:gamma-gpu", "name", "name = 'Gamma GPU'"],
        ["company:zeta-substrates", "added", "company:zeta-substrates", "", "no candidate"],
    ]


def test_eto_names_fold_onto_the_seed_and_nanya_stays_apart(tmp_path: Path) -> None:
    eto = Path(shutil.copytree(ETO, tmp_path / "eto"))
    providers = ["NanYa,,P20,organization,TWN", "Tianshui Huatian Technology,,P21,organization,CHN",
                 "Hubei Dinglong,,P22,organization,CHN", "Hangzhou Changchuan Technology,,P23,organization,CHN",
                 "Nata Opto-electronic Material,,P24,organization,CHN", "Huada Empyrean,,P25,organization,CHN",
                 "ESI,,P26,organization,USA", "DuPont Electronic Solutions,,P27,organization,USA",
                 "Electro Scientific Industries,,P28,organization,USA", "DuPont,,P29,organization,USA"]
    for name, lines in (("providers.csv", providers), ("inputs.csv", ["N8,Substrates,material_resource,,,x,,,,"]),
                        ("provision.csv", ["NanYa,P20,Substrates,N8,,2019,"])):
        with (eto / name).open("a", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n")
    _, records = load_with_report(with_sources=[f"eto={eto}"])
    outcomes = _outcomes(records)
    assert [outcomes[n] for n in ("Tianshui Huatian Technology", "Hubei Dinglong", "Hangzhou Changchuan Technology",
                                  "Nata Opto-electronic Material", "Huada Empyrean")] == [
        ("merged", "company:huatian-technology"), ("merged", "company:dinglong"),
        ("merged", "company:changchuan-technology"), ("merged", "company:nata-opto"), ("merged", "company:empyrean")]
    by_name = {r.name: r for r in records}
    assert by_name["Huada Empyrean"].matched_by == "alias table"  # lookups/aliases.csv
    assert by_name["Tianshui Huatian Technology"].matched_by == "folded name"
    # NanYa supplies substrates (advanced packaging); the seed's Nanya Technology makes DRAM (memory chips)
    assert (by_name["NanYa"].outcome, by_name["NanYa"].why) == (
        "added", "not company:nanya-new-material: country TW vs CN; "
                 "not company:nanya-technology: segment families segment:advanced-packaging vs segment:memory-chips")
    # inside ETO: an acronym is noticed, not merged; DuPont is in the seed (DuPont de Nemours), so it merges there
    esi, dupont = by_name["Electro Scientific Industries"], by_name["DuPont"]
    assert (esi.outcome, esi.matched_by, esi.score, esi.candidates) == ("ambiguous", "acronym", 0.75, ("company:esi",))
    assert (dupont.outcome, dupont.resolved, dupont.matched_by) == ("merged", "company:dupont", "name")


def test_an_analysts_spellings_merge_and_the_mappings_defaults_are_no_evidence(tmp_path: Path) -> None:
    rows = ["Nvidia Corp,Microsoft Corp.,segment:ai-accelerators",
            "Taiwan Semiconductor Manufacturing Co.,Nvidia Corp,segment:wafer-foundry",
            "Nvidia Corp,Alphabet (Google),segment:ai-accelerators", "Nvidia Corp,Amazon (AWS),segment:ai-accelerators",
            "Hon Hai Precision,Meta Platforms,segment:ai-servers"]
    ds, records = load_with_report(with_sources=_analyst_table(tmp_path, rows))
    # the mapping says country US: TSMC (TW) still merges, as the table does not state a country
    assert _outcomes(records) == {
        "Nvidia Corp": ("merged", "company:nvidia"), "Microsoft Corp.": ("merged", "company:microsoft"),
        "Taiwan Semiconductor Manufacturing Co.": ("merged", "company:tsmc"),
        "Alphabet (Google)": ("merged", "company:alphabet"), "Amazon (AWS)": ("merged", "company:amazon"),
        "Hon Hai Precision": ("merged", "company:hon-hai"), "Meta Platforms": ("merged", "company:meta")}
    assert "supplies:company:hon-hai->company:meta#segment:ai-servers~table" in ds.relations


def test_a_stated_country_blocks_a_merge(tmp_path: Path) -> None:
    _, records = load_with_report(with_sources=_analyst_table(
        tmp_path, ["Nvidia Corp,Microsoft Corp.,segment:ai-accelerators,CN"], country_column=True))
    [nvidia] = [r for r in records if r.name == "Nvidia Corp"]
    assert (nvidia.outcome, nvidia.why) == ("added", "not company:nvidia: country CN vs US")


def test_chinese_only_names_resolve_by_name_zh_and_never_share_an_id(tmp_path: Path) -> None:
    rows = ["寒武纪,海光信息,segment:ai-accelerators", "艾普斯隆芯片,泽塔算力,segment:ai-accelerators"]
    ds, records = load_with_report(with_sources=_analyst_table(tmp_path, rows))
    outcomes = _outcomes(records)
    assert (outcomes["寒武纪"], outcomes["海光信息"]) == (("merged", "company:cambricon"), ("merged", "company:hygon"))
    new = [outcomes["艾普斯隆芯片"], outcomes["泽塔算力"]]
    assert [o for o, _ in new] == ["added", "added"] and new[0][1] != new[1][1]
    assert all(rid.startswith("company:x-") for _, rid in new)
    assert ds.entities[new[0][1]].name == "艾普斯隆芯片"


def test_sources_keep_only_the_chosen_datasets_relations() -> None:
    only_table = load_dataset(MINI_SEED, with_sources=WITH_TABLE, sources=["table"])
    assert {r.dataset for r in only_table.relations.values()} == {"table"}
    assert "company:widget-labs" in only_table.entities  # seed entities stay
    only_seed = load_dataset(MINI_SEED, with_sources=WITH_TABLE, sources=["seed"])
    assert {r.dataset for r in only_seed.relations.values()} == {"seed"}
    assert "company:zeta-substrates" not in only_seed.entities  # added by the table only


def test_sources_naming_an_unloaded_dataset_fail() -> None:
    with pytest.raises(UnknownSourceError, match=r"--sources names epoch-chips, which is not loaded; "
                                                 r"loaded: seed, table \(add --with NAME=PATH\)"):
        load_dataset(MINI_SEED, with_sources=WITH_TABLE, sources=["seed", "epoch-chips"])


def test_an_unknown_with_name_lists_the_registered_ones() -> None:
    with pytest.raises(UnknownSourceError, match=r"NAME one of: epoch-chips, epoch-datacenters, eto, table"):
        load_dataset(MINI_SEED, with_sources=["epoch=somewhere"])


def test_a_missing_path_is_one_clear_problem(tmp_path: Path) -> None:
    with pytest.raises(DataValidationError, match=r"nowhere:0: \(path\): --with epoch-chips: no such file or folder"):
        load_dataset(MINI_SEED, with_sources=[f"epoch-chips={tmp_path / 'nowhere'}"])
    with pytest.raises(DataValidationError, match=r"none.csv:0: \(path\): --with table: no such file or folder"):
        load_dataset(MINI_SEED, with_sources=[f"table={tmp_path / 'none.csv'}:{MAPPING}"])
