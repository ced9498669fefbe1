"""Entity resolution onto the seed (merged / added / ambiguous) and --sources restriction."""

from __future__ import annotations

from pathlib import Path

import pytest

from computechain.errors import DataValidationError, UnknownSourceError
from computechain.graph.schema import RelationKind
from computechain.loaders import load_dataset, load_with_report
from computechain.loaders.resolve import merge_report
from tests.conftest import MINI_SEED, append_row

TABLE = Path(__file__).parents[1] / "fixtures" / "table"
MAPPING = TABLE / "mapping.yaml"
WITH_TABLE = [f"table={TABLE / 'suppliers.csv'}:{MAPPING}"]


def _table(tmp_path: Path, supplier: str) -> list[str]:
    path = tmp_path / "mine.csv"
    path.write_text("Supplier,Supplier ticker,Customer,Segment,Share,Date,How,Internal code\n"
                    f"{supplier},,Gamma GPU,segment:hbm,20,2024-12-31,guess,\n", encoding="utf-8")
    return [f"table={path}:{MAPPING}"]


def test_an_ambiguous_name_is_kept_apart_and_linked_to_each_candidate(mini_seed: Path, tmp_path: Path) -> None:
    # "Acme" is the seed's Acme Foundry alias and the slug of a second company, Acme Holdings
    append_row(mini_seed, "companies/companies.csv", "acme,Acme Holdings,,,US,,investor,source:acme-ar-2024,")
    ds, records = load_with_report(mini_seed, with_sources=_table(tmp_path, "Acme"))
    [acme] = [r for r in records if r.name == "Acme"]
    assert (acme.outcome, acme.matched_by, acme.candidates) == ("ambiguous", "name",
                                                                ("company:acme", "company:acme-foundry"))
    assert acme.resolved == "company:acme-table"  # its own id was taken by Acme Holdings
    links = sorted(r.target for r in ds.relations.values() if r.kind is RelationKind.POSSIBLY_SAME_AS)
    assert links == ["company:acme", "company:acme-foundry"]
    assert "supplies:company:acme-table->company:gamma-gpu#segment:hbm~table" in ds.relations


def test_the_merge_report_lists_every_external_entity() -> None:
    _, records = load_with_report(MINI_SEED, with_sources=WITH_TABLE)
    frame = merge_report(records)
    assert frame[["incoming", "outcome", "resolved", "matched_by"]].values.tolist() == [
        ["company:omega-memory", "merged", "company:beta-memory", "ticker"],
        ["company:gamma-gpu", "merged", "company:gamma-gpu", "name"],
        ["company:zeta-substrates", "added", "company:zeta-substrates", ""],
    ]


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
