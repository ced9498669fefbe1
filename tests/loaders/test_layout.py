"""Every entry of a seed folder is read or reported, and a table that cannot be read is reported
once, as the root cause, instead of through every reference to its ids."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from computechain.errors import DataValidationError
from computechain.loaders import load_dataset
from computechain.loaders.seed import KNOWN_FOLDERS
from tests.conftest import replace_in

REL = "relations/relations.csv"
COMPANIES = "companies/companies.csv"
COMPANY_ROW = "acme-foundry,Acme Foundry,"


def _problems(root: Path) -> list[str]:
    with pytest.raises(DataValidationError) as caught:
        load_dataset(root)
    return [str(p).removeprefix(str(root) + "/") for p in caught.value.problems]


def _move_relations(root: Path, to: str) -> None:
    (root / to).parent.mkdir(parents=True, exist_ok=True)
    shutil.move(root / REL, root / to)


def test_an_upper_case_extension_is_reported_not_skipped(mini_seed: Path) -> None:
    _move_relations(mini_seed, "relations/relations.CSV")
    assert _problems(mini_seed) == [
        "relations/relations.CSV:0: (file): not read: the extension must be lower-case .csv "
        "(rename it to relations.csv)"]


def test_a_misspelt_folder_is_reported_with_the_folder_it_meant(mini_seed: Path) -> None:
    (mini_seed / "relation").mkdir()
    shutil.copy(mini_seed / REL, mini_seed / "relation" / "more.csv")
    assert _problems(mini_seed) == [
        "relation:0: (folder): unknown folder 'relation', so its files are not read; did you mean 'relations'? "
        f"(known folders: {', '.join(sorted(KNOWN_FOLDERS))})"]


def test_a_subfolder_of_a_table_folder_is_reported(mini_seed: Path) -> None:
    _move_relations(mini_seed, "relations/2025/new.csv")
    assert _problems(mini_seed) == [
        "relations/2025:0: (folder): not read: a table folder holds no subfolders; move its files into relations/"]


def test_a_table_file_beside_the_folders_and_a_text_file_in_one_are_reported(mini_seed: Path) -> None:
    (mini_seed / "companies.csv").write_text("id,name\n", encoding="utf-8")
    (mini_seed / "relations" / "notes.txt").write_text("to do\n", encoding="utf-8")
    assert _problems(mini_seed) == [
        "companies.csv:0: (file): not read: a table file belongs in its table's folder (e.g. relations/companies.csv)",
        "relations/notes.txt:0: (file): not read: only *.csv files are read from relations/; move it out of the folder"]


def test_an_unknown_lookup_file_is_reported(mini_seed: Path) -> None:
    shutil.copy(mini_seed / "lookups" / "roles.csv", mini_seed / "lookups" / "role.csv")
    [problem] = _problems(mini_seed)
    assert problem.startswith("lookups/role.csv:0: (file): not read: lookups/ holds only the tables ")


def test_known_optional_folders_hidden_files_and_docs_are_accepted(mini_seed: Path) -> None:
    for folder in ("financials", "segment_revenue", "market_sizes", "fx"):  # read by loaders/money.py
        (mini_seed / folder).mkdir(exist_ok=True)
    (mini_seed / "relations" / ".gitkeep").write_text("", encoding="utf-8")
    (mini_seed / ".git").mkdir()
    (mini_seed / "README.md").write_text("# seed\n", encoding="utf-8")
    load_dataset(mini_seed)


def test_an_optional_folder_still_checks_its_files(mini_seed: Path) -> None:
    (mini_seed / "fx").mkdir()
    (mini_seed / "fx" / "rates.CSV").write_text("x\n", encoding="utf-8")
    assert _problems(mini_seed) == [
        "fx/rates.CSV:0: (file): not read: the extension must be lower-case .csv (rename it to rates.csv)"]


def test_a_missing_seed_folder_is_one_problem(tmp_path: Path) -> None:
    assert _problems(tmp_path / "nowhere") == [f"{tmp_path}/nowhere:0: (folder): no such seed folder"]


def test_a_missing_sources_folder_is_one_problem_not_one_per_reference(mini_seed: Path) -> None:
    # references to sources: 5 companies + 1 model + 1 capex plan + 1 policy + 1 region + 11
    # relations + the 2 derived relations (develops, commits_capex) = 22, none reported one by one
    shutil.rmtree(mini_seed / "sources")
    assert _problems(mini_seed) == [
        "sources:0: (folder): there is no sources/ folder, so 22 reference(s) to source ids cannot be checked "
        f"(the first: 'source:acme-ar-2024' at {mini_seed / 'companies/companies.csv'}:2); fix this first"]


def test_a_file_that_is_not_utf8_names_the_line_and_keeps_its_ids(mini_seed: Path) -> None:
    # one bad byte in Acme Foundry's row (line 2): its id still resolves, so no relation reports it
    path = mini_seed / COMPANIES
    path.write_bytes(path.read_bytes().replace(b"Acme Foundry,", b"Acme \xffFoundry,", 1))
    assert _problems(mini_seed) == [f"{COMPANIES}:2: (file): byte 0xff is not UTF-8; save the file as UTF-8"]


def test_a_utf16_companies_file_is_one_root_cause(mini_seed: Path) -> None:
    # 5 companies are referenced 16 times: 12 company ends in relations.csv (3 supplies x 2,
    # participates_in, provides_compute x 2, owns x 2, located_in) + the model's developer + the
    # capex plan's company + the derived develops and commits_capex relations' sources = 16
    path = mini_seed / COMPANIES
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    assert _problems(mini_seed) == [
        f"{COMPANIES}:1: (file): cannot read: byte 0xff is not UTF-8; save the file as UTF-8",
        f"{COMPANIES}:1: (file): cannot read: byte 0xff is not UTF-8; save the file as UTF-8, so 16 reference(s) "
        "to company ids cannot be checked (the first: 'company:widget-labs' at "
        f"{mini_seed / 'models/models.csv'}:2); fix this first"]


def test_a_header_id_in_the_wrong_case_is_a_clear_error(mini_seed: Path) -> None:
    replace_in(mini_seed, COMPANIES, "id,name,", "Id,name,")
    problems = _problems(mini_seed)
    assert problems[:2] == [
        f"{COMPANIES}:1: Id: unknown column; did you mean 'id'? expected columns: id, name, aliases, sources, "
        "note, name_zh, country, listings, roles",
        f"{COMPANIES}:1: id: missing mandatory column"]
    assert problems[2].startswith(f"{COMPANIES}:1: id: the file has no id column, so 16 reference(s) to company ids")
    assert len(problems) == 3
