"""``computechain conflicts``, ``merge-report`` and ``--sources`` through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from computechain.cli import main
from tests.conftest import MINI_SEED

TABLE = Path(__file__).parents[1] / "fixtures" / "table"
ETO = Path(__file__).parents[1] / "fixtures" / "eto"
ARGS = ["--seed", str(MINI_SEED), "--with", f"table={TABLE / 'suppliers.csv'}:{TABLE / 'mapping.yaml'}"]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_conflicts_lists_where_two_datasets_disagree_on_a_weight() -> None:
    code, out, _ = run("conflicts", *ARGS, "--with", f"eto={ETO}", "--format", "json")
    assert code == 0
    rows = [(r["source"], r["target"], r["dataset_a"], r["value_a"], r["dataset_b"], r["value_b"])
            for r in json.loads(out)]
    # the seed says Acme Foundry holds 70 % of wafer foundry (open period), ETO 61 % in 2021;
    # the seed says Beta Memory is 30 % of Gamma GPU's HBM spend, the user's table 35 %
    assert rows == [("company:acme-foundry", "segment:wafer-foundry", "eto", 0.61, "seed", 0.7),
                    ("company:beta-memory", "company:gamma-gpu", "seed", 0.3, "table", 0.35)]


def test_conflicts_within_the_tolerance_are_not_listed() -> None:
    code, out, _ = run("conflicts", *ARGS, "--tolerance", "0.06", "--format", "csv")
    assert (code, out.splitlines()[1:]) == (0, [])


def test_merge_report_filters_by_outcome() -> None:
    code, out, _ = run("merge-report", *ARGS, "--outcome", "added", "--format", "csv")
    assert code == 0
    assert out.splitlines() == ["dataset,incoming,name,outcome,resolved,matched_by,score,candidates,why",
                                "table,company:zeta-substrates,Zeta Substrates,added,company:zeta-substrates,,,,"
                                "no candidate"]


def test_sources_limit_what_a_query_sees() -> None:
    code, out, _ = run("show", "Zeta Substrates", *ARGS, "--sources", "table", "--format", "json")
    assert code == 0 and [r["kind"] for r in json.loads(out)] == ["supplies"]
    code, _, err = run("show", "Zeta Substrates", *ARGS, "--sources", "seed")
    assert code == 2 and "No entity matches 'Zeta Substrates'" in err
    code, _, err = run("build", *ARGS, "--sources", "seed,epoch-chips")
    assert code == 2 and "--sources names epoch-chips, which is not loaded" in err
