"""``computechain mcp`` as a real process on the shipped seed, driven by the SDK's own stdio client:
every tool's rows equal the CLI's JSON for the same question; bad arguments are tool errors the
server survives; the resources are the methodology and the schema."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from computechain.cli import main
from computechain.graph.schema import NodeType, RelationKind, WeightMeaning
from computechain.mcp.schema_doc import schema_document
from tests.mcp.session import Session, run_session

ROOT = Path(__file__).resolve().parent.parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
# the README's example exchange: "→ tools/call TOOL {arguments}" then "← {answer}" or "← error: message"
EXCHANGE = [(m[1], json.loads(m[2]), m[3]) for m in re.finditer(
    r"^→ tools/call (\w+) (\{.*?\})\n← (.*?)(?=\n→|\n```)", README, re.S | re.M)]

# label -> (tool, arguments, the CLI command asking the same question)
SAME_QUESTION: dict[str, tuple[str, dict[str, Any], list[str]]] = {
    "find": ("find_entity", {"text": "innolight"}, ["search", "innolight", "--limit", "20"]),
    "show": ("show_entity", {"name": "中际旭创"}, ["show", "中际旭创"]),
    "suppliers": ("suppliers", {"company": "NVIDIA", "tiers": 2, "limit": 500}, ["suppliers", "NVIDIA", "--tiers", "2"]),
    "customers": ("customers", {"company": "SK hynix"}, ["customers", "SK hynix"]),
    "trace": ("trace", {"source": "OpenAI", "limit": 5}, ["trace", "OpenAI", "--top", "5"]),
    "trace_dated": ("trace", {"source": "OpenAI", "as_of": "2025-06-30", "fill": "equal", "limit": 500},
                    ["trace", "OpenAI", "--as-of", "2025-06-30", "--fill", "equal", "--top", "0"]),
    "exposure": ("exposure", {"company": "Zhongji Innolight", "to": "hyperscalers", "samples": 50, "mc_seed": 3},
                 ["exposure", "Zhongji Innolight", "--to", "hyperscalers", "--samples", "50", "--mc-seed", "3"]),
    "ranking": ("exposure_ranking", {"listed": ["SSE", "SZSE"], "to": "hyperscalers", "limit": 500},
                ["exposure", "--listed", "SSE,SZSE", "--to", "hyperscalers"]),
    "chokepoints": ("chokepoints", {"as_of": "2025-06-30", "limit": 500}, ["chokepoints", "--as-of", "2025-06-30"]),
    "shock": ("shock", {"remove": ["company:tsmc"], "limit": 500}, ["shock", "--remove", "company:tsmc", "--top", "0"]),
    "shock_scale": ("shock", {"scale": {"capex:microsoft-fy2025": 1.2}, "limit": 3},
                    ["shock", "--scale", "capex:microsoft-fy2025=1.2", "--top", "3"]),
    "losses": ("supply_losses", {"cut": ["US->CN#segment:ai-accelerators"], "substitute": False},
               ["shock", "--cut", "US->CN#segment:ai-accelerators", "--no-substitute", "--losses"]),
    "policy": ("policy_impact", {"policy": "East Data West Computing", "limit": 500},
               ["policy-impact", "East Data West Computing"]),
    "ranking_modelled": ("exposure_ranking", {"listed": ["SSE"], "to": "hyperscalers", "against": "modelled",
                                              "limit": 500},
                         ["exposure", "--listed", "SSE", "--to", "hyperscalers", "--against", "modelled"]),
    "money_trace": ("money_trace", {"source": "Microsoft", "limit": 10}, ["trace", "Microsoft", "--usd", "--top", "10"]),
    "value_added": ("value_added", {"source": "OpenAI", "amount": 1.0, "limit": 500},
                    ["value-added", "OpenAI", "--amount", "1", "--top", "0"]),
    "audit": ("audit", {"limit": 500}, ["audit"]),
}
# the --explain evidence of the questions whose CLI command has --explain
EXPLAINED = ["trace", "exposure"]
BAD = {
    "unknown": ("trace", {"source": "OpenAl"}),
    "after_unknown": ("trace", {"source": "OpenAI", "limit": 1}),
    "bad_date": ("trace", {"source": "OpenAI", "as_of": "2025-13-01"}),
    "too_many_samples": ("exposure", {"company": "Zhongji Innolight", "samples": 5000}),
    "too_many_rows": ("chokepoints", {"limit": 10_000}),
    "bad_cut": ("shock", {"cut": ["US-CN"]}),
    "not_a_policy": ("policy_impact", {"policy": "OpenAI"}),
    "negative_scale": ("shock", {"scale": {"capex:microsoft-fy2025": -1}}),
}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mcp-cwd")


@pytest.fixture(scope="module")
def seed_session(workdir: Path) -> Session:
    calls = {label: (tool, arguments) for label, (tool, arguments, _) in SAME_QUESTION.items()}
    readme = {f"readme_{i}": (tool, arguments) for i, (tool, arguments, _) in enumerate(EXCHANGE)}
    return run_session({**calls, **BAD, **readme}, cwd=workdir)


def cli_json(*args: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(main, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def test_it_lists_one_read_only_tool_per_public_query(seed_session: Session) -> None:
    tools = {tool.name: tool for tool in seed_session.tools}
    assert set(tools) == {"find_entity", "show_entity", "suppliers", "customers", "trace", "exposure",
                          "exposure_ranking", "chokepoints", "shock", "supply_losses", "policy_impact",
                          "money_trace", "value_added", "audit"}
    for tool in tools.values():
        assert tool.description and len(tool.description) > 80, tool.name
        assert tool.annotations is not None and tool.annotations.read_only_hint, tool.name
        assert tool.output_schema is not None and "rows" in tool.output_schema["properties"], tool.name
    trace = tools["trace"].input_schema
    assert trace["required"] == ["source"]
    assert trace["properties"]["fill"]["enum"] == ["market-share", "equal", "none"]
    assert trace["properties"]["limit"]["maximum"] == 500
    assert tools["exposure"].input_schema["properties"]["samples"]["maximum"] == 1000


@pytest.mark.parametrize("label", SAME_QUESTION)
def test_each_tool_answers_with_the_clis_json_rows(seed_session: Session, label: str) -> None:
    *_, command = SAME_QUESTION[label]
    rows = seed_session.rows(label)
    cli = cli_json(*command)
    reply = seed_session.reply(label)
    assert rows == cli[:len(rows)] and (len(rows) == len(cli) or reply["truncated"])  # at most the tool's limit
    assert rows and reply["columns"] == list(rows[0])


@pytest.mark.parametrize("label", EXPLAINED)
def test_evidence_is_the_clis_explain_and_sources_are_what_it_cites(seed_session: Session, label: str) -> None:
    *_, command = SAME_QUESTION[label]
    reply = seed_session.reply(label)
    assert reply["evidence"] and reply["evidence"] == cli_json(*command, "--explain")
    cited = {s for row in reply["evidence"] for s in row["sources"].split(";") if s}
    assert [s["id"] for s in reply["sources"]] == sorted(cited)
    assert all(s["title"] for s in reply["sources"])


def test_tier_evidence_covers_every_row(seed_session: Session) -> None:
    reply = seed_session.reply("suppliers")
    assert [e["relation_id"] for e in reply["evidence"]] == [r["relation_id"] for r in reply["rows"]]


def test_show_entity_carries_the_card(seed_session: Session) -> None:
    reply = seed_session.reply("show")
    assert reply["entity"]["id"] == "company:zhongji-innolight"
    assert reply["entity"]["listings"] == [{"exchange": "SZSE", "ticker": "300308"}]
    assert "source:systems-forbes-innolight-2025" in {s["id"] for s in reply["sources"]}


def test_the_date_rule_is_stated(seed_session: Session) -> None:
    dated, undated = seed_session.reply("trace_dated"), seed_session.reply("trace")
    assert dated["as_of"] == "2025-06-30" and "valid on 2025-06-30" in dated["as_of_rule"]
    assert undated["as_of"] is None and undated["as_of_rule"].startswith("no date filter")


def test_queries_without_relation_ids_say_so(seed_session: Session) -> None:
    for label in ("ranking", "chokepoints", "shock", "losses", "policy"):
        reply = seed_session.reply(label)
        assert reply["evidence"] == [] and "show_entity" in reply["evidence_note"], label


def test_rows_are_capped_by_limit(seed_session: Session) -> None:
    reply = seed_session.reply("shock_scale")
    assert len(reply["rows"]) == 3 and reply["truncated"] and reply["total_rows"] > 3


def test_an_unknown_name_is_a_did_you_mean_error_and_the_server_keeps_serving(seed_session: Session) -> None:
    message = seed_session.error("unknown")
    assert "No entity matches 'OpenAl'" in message and "Did you mean: company:openai (OpenAI)" in message
    assert "find_entity" in message
    assert seed_session.rows("after_unknown")[0]["id"] == "company:oracle"


@pytest.mark.parametrize(("label", "words"), [
    ("bad_date", ["as_of", "valid date"]),
    ("too_many_samples", ["samples", "less than or equal to 1000"]),
    ("too_many_rows", ["limit", "less than or equal to 500"]),
    ("bad_cut", ["SELLER_COUNTRY->BUYER_COUNTRY#segment:x"]),
    ("not_a_policy", ["company:openai", "not a policy"]),
    ("negative_scale", ["scale", "greater than or equal to 0"]),
])
def test_bad_arguments_are_tool_errors_naming_what_is_wrong(seed_session: Session, label: str,
                                                             words: list[str]) -> None:
    message = seed_session.error(label)
    for word in words:
        assert word in message, message


def test_the_resources_are_the_methodology_and_the_schema(seed_session: Session) -> None:
    assert {str(r.uri): r.mime_type for r in seed_session.resources} == {
        "computechain://docs/methodology": "text/markdown", "computechain://schema": "application/json"}
    methodology = (ROOT / "docs" / "methodology.md").read_text(encoding="utf-8")
    assert seed_session.texts["computechain://docs/methodology"] == methodology
    schema = json.loads(seed_session.texts["computechain://schema"])
    assert schema == schema_document()
    assert set(schema["relation_kinds"]) == {k.value for k in RelationKind}
    assert set(schema["node_types"]) == {t.value for t in NodeType}
    assert set(schema["weight_meanings"]) == {m.value for m in WeightMeaning}
    assert schema["weight_meanings"]["share_of_customer_spend"]["share_of"] == "target"


def test_no_tool_writes_a_file(seed_session: Session, workdir: Path) -> None:
    assert seed_session.results and list(workdir.iterdir()) == []


def test_the_readme_exchange_is_what_the_server_answers(seed_session: Session) -> None:
    assert len(EXCHANGE) == 2
    for i, (_, _, reply) in enumerate(EXCHANGE):
        if reply.startswith("error: "):
            assert seed_session.error(f"readme_{i}") == reply.removeprefix("error: ")
        else:
            assert seed_session.reply(f"readme_{i}") == json.loads(reply)
