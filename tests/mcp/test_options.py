"""``computechain mcp`` takes the same graph options as every command (``--seed``, ``--with``,
``--sources``), on the fictional mini seed with values worked out by hand."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from computechain.cli import main
from tests.conftest import MINI_SEED
from tests.mcp.session import run_session

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
TABLE = f"table={FIXTURES / 'table' / 'suppliers.csv'}:{FIXTURES / 'table' / 'mapping.yaml'}"


def test_seed_with_and_sources_choose_the_graph_served(tmp_path: Path) -> None:
    session = run_session({
        "trace": ("trace", {"source": "维杰实验室", "limit": 2}),
        "zeta": ("find_entity", {"text": "zeta"}),
        "gamma": ("suppliers", {"company": "Gamma GPU"}),
    }, args=["--seed", str(MINI_SEED), "--with", TABLE, "--sources", "table"], cwd=tmp_path)
    # --sources table keeps only the table's two relations, neither of them Widget Labs' (维杰实验室)
    assert session.rows("trace") == []
    # the table adds Zeta Substrates; its Omega Memory (ticker KRX:999999) merges into Beta Memory
    assert [r["id"] for r in session.rows("zeta")] == ["company:zeta-substrates"]
    rows = session.rows("gamma")
    assert [(r["supplier_name"], r["product"]) for r in rows] == [
        ("Beta Memory", "segment:hbm"), ("Zeta Substrates", "segment:ai-accelerators")]


def test_the_mini_seed_trace(tmp_path: Path) -> None:
    session = run_session({"trace": ("trace", {"source": "Widget Labs", "limit": 3})},
                          args=["--seed", str(MINI_SEED)], cwd=tmp_path)
    # 1.0 reaches Nimbus Cloud on Widget's estimated weight; 0.5 of it reaches its capex plan and
    # Gamma GPU each by the missing-weight rule (two channels, no market shares: equal)
    assert [(r["id"], r["share"], r["share_estimate"], r["share_filled"]) for r in session.rows("trace")] == [
        ("company:nimbus-cloud", 1.0, 1.0, 0.0), ("capex:nimbus-cloud-2024", 0.5, 0.0, 0.5),
        ("company:gamma-gpu", 0.5, 0.0, 0.5)]
    reply = session.reply("trace")
    assert reply["total_rows"] == 6 and reply["truncated"]
    assert {e["kind"] for e in reply["evidence"]} == {"provides_compute", "supplies", "commits_capex"}


def test_a_bad_option_stops_before_serving() -> None:
    result = CliRunner().invoke(main, ["mcp", "--with", "nope=somewhere"])
    assert result.exit_code == 2
    assert "expected NAME=PATH with NAME one of: epoch-chips, epoch-datacenters, eto, table" in result.output
