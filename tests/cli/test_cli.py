"""Drive the real CLI (click's runner calls the same entry point as the console script)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from computechain.cli import main
from tests.conftest import MINI_SEED, append_row

SEED = ["--seed", str(MINI_SEED)]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_build_prints_counts_by_type_kind_segment_country_exchange() -> None:
    code, out, _ = run("build", *SEED, "--format", "json")
    assert code == 0
    rows = {(r["by"], r["group"]): r["count"] for r in json.loads(out)}
    assert rows[("type", "company")] == 5
    assert rows[("kind", "supplies")] == 3
    assert rows[("country", "US")] == 2
    assert rows[("exchange", "SZSE")] == 1
    assert rows[("segment", "segment:wafer-foundry")] == 1


def test_show_finds_an_entity_by_chinese_name_and_lists_its_relations() -> None:
    code, out, _ = run("show", "维杰实验室", *SEED, "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert {(r["direction"], r["kind"], r["other"]) for r in rows} == {
        ("out", "develops", "model:widget-1"),
        ("out", "located_in", "region:west-hub"),
        ("in", "owns", "company:nimbus-cloud"),
        ("in", "provides_compute", "company:nimbus-cloud"),
    }


def test_show_table_names_the_sources() -> None:
    code, out, _ = run("show", "300999", *SEED)
    assert code == 0
    assert "Widget Labs picks Nimbus Cloud" in out and "https://example.org/widget" in out


def test_show_card_writes_each_listing_as_exchange_colon_ticker() -> None:
    code, out, _ = run("show", "300999", *SEED)
    assert code == 0
    assert "SZSE:300999; HKEX:09999" in out  # the mini seed's two listings of Widget Labs, in its order


def test_show_an_unknown_name_suggests_close_ones() -> None:
    code, _, err = run("show", "Widgit Labs", *SEED)
    assert code == 2
    assert "No entity matches 'Widgit Labs'. Did you mean: company:widget-labs?" in err


def test_search_lists_matches_as_csv() -> None:
    code, out, _ = run("search", "acme", *SEED, "--format", "csv")
    assert code == 0
    assert out.splitlines() == ["id,type,name,name_zh,matched,exact",
                                "company:acme-foundry,company,Acme Foundry,艾克晶圆,Acme,True"]


def test_validate_reports_every_problem_with_file_and_line(mini_seed: Path) -> None:
    line = append_row(mini_seed, "companies/companies.csv",
                      "delta,Delta,,,XX,,foundry,source:acme-ar-2024,")
    code, _, err = run("validate", str(mini_seed))
    assert code == 1
    assert f"companies.csv:{line}: country: unknown country code 'XX'" in err
    assert "1 problem(s) found." in err


def test_validate_a_single_file_against_a_seed(tmp_path: Path) -> None:
    folder = tmp_path / "companies"
    folder.mkdir()
    (folder / "new.csv").write_text(
        "id,name,name_zh,aliases,country,listings,roles,sources,note\n"
        "epsilon,Epsilon,,,US,,foundry,source:acme-ar-2024,\n"
        "zeta,Zeta,,,US,,foundry,source:nowhere,\n", encoding="utf-8")
    code, _, err = run("validate", str(folder / "new.csv"), *SEED)
    assert code == 1
    assert err.splitlines()[0].startswith(f"{folder / 'new.csv'}:3: sources: unknown id 'source:nowhere'")


def test_validate_ok() -> None:
    code, out, _ = run("validate", str(MINI_SEED))
    assert (code, out.strip()) == (0, f"OK: {MINI_SEED}")


def test_export_json_writes_node_link_data(tmp_path: Path) -> None:
    out = tmp_path / "graph.json"
    code, _, _ = run("export", "json", "--out", str(out), *SEED)
    assert code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["nodes"]) == 13 and len(data["edges"]) == 13
    assert {s["id"] for s in data["sources"]} == {"source:acme-ar-2024", "source:widget-news"}


def test_columns_picks_and_orders_the_main_table() -> None:
    code, out, _ = run("search", "acme", *SEED, "--format", "csv", "--columns", "name,id")
    assert (code, out.splitlines()) == (0, ["name,id", "Acme Foundry,company:acme-foundry"])
    code, _, err = run("search", "acme", *SEED, "--columns", "colour")
    assert code == 2 and "unknown column(s) colour; this table has: id, type, name" in err
