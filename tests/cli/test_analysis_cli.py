"""The analysis commands through the real CLI, on the mini seed (values worked out by hand)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from computechain.cli import main
from tests.conftest import MINI_SEED

SEED = ["--seed", str(MINI_SEED)]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_trace_json() -> None:
    # Widget Labs spends 1.0 (estimate) with Nimbus Cloud; Nimbus's channels: Gamma GPU (filled)
    # and its capex plan (filled) share its whole spend: 0.5 each.
    code, out, _ = run("trace", "Widget Labs", *SEED, "--format", "json", "--top", "0")
    assert code == 0
    rows = {r["id"]: r for r in json.loads(out)}
    assert rows["company:nimbus-cloud"]["share"] == 1.0
    assert rows["company:nimbus-cloud"]["share_estimate"] == 1.0
    assert rows["company:gamma-gpu"]["share"] == 0.5


def test_trace_explain_lists_relations_and_sources() -> None:
    code, out, _ = run("trace", "Widget Labs", *SEED, "--format", "json", "--explain")
    assert code == 0
    evidence = json.loads(out)
    assert {e["kind"] for e in evidence} >= {"provides_compute"}
    assert any("Widget Labs picks Nimbus Cloud" in e["source_titles"] for e in evidence)


def test_trace_as_of_before_the_relation_reaches_nothing() -> None:
    code, out, _ = run("trace", "Widget Labs", *SEED, "--format", "json", "--as-of", "2024-01-01")
    assert (code, json.loads(out)) == (0, [])


def test_exposure_needs_a_company_or_a_listing() -> None:
    code, _, err = run("exposure", *SEED)
    assert code == 2 and "give a COMPANY or --listed EXCHANGES" in err


def test_exposure_ranking_of_listed_companies_against_modelled_revenue() -> None:
    # Beta Memory's only customer is Gamma GPU (revenue share filled: 1.0), whose only customer is
    # the hyperscaler Nimbus Cloud (1.0): exposure 1.0. Acme Foundry earns 0.6 from Gamma GPU
    # (estimate) and the rest from its segment, which no one in the mini seed buys from: 0.6.
    code, out, _ = run("exposure", "--listed", "TWSE,KRX", "--to", "hyperscalers", "--against", "modelled", *SEED,
                       "--format", "json")
    assert code == 0
    assert [(r["company"], round(r["exposure"], 12)) for r in json.loads(out)] == [
        ("company:beta-memory", 1.0), ("company:acme-foundry", 0.6)]


def test_exposure_ranking_against_reported_revenue_by_default() -> None:
    # Only Acme Foundry discloses its top five customers (80 %), so 0.8 is the default for the others.
    # Gamma GPU's one unweighted customer, Nimbus Cloud, is one of its five: 0.8 / 5 = 0.16 of Gamma's
    # revenue (8bn of 50bn, within Nimbus's capex of 10bn). Beta Memory's HBM is 30 % of Gamma's spend
    # (its budget: its revenue, 50bn): 15bn, more than Beta's 2bn, so all of Beta's revenue (1.0).
    # Acme (0.6 of its revenue from Gamma, estimated) is 0.6 * 0.16 = 0.096 exposed to hyperscalers,
    # Beta 1.0 * 0.16 = 0.16; the graph explains 0.6 and 1.0 of their reported revenue.
    code, out, _ = run("exposure", "--listed", "TWSE,KRX", "--to", "hyperscalers", *SEED, "--format", "json")
    assert code == 0
    rows = [(r["company"], round(r["exposure"], 12), round(r["coverage"], 12)) for r in json.loads(out)]
    assert rows == [("company:beta-memory", 0.16, 1.0), ("company:acme-foundry", 0.096, 0.6)]


def test_chokepoints_table() -> None:
    code, out, _ = run("chokepoints", *SEED, "--format", "csv")
    assert code == 0
    assert "segment:wafer-foundry,Wafer foundry,1,0.7,4900.0,company:acme-foundry,0.7," in out


def test_suppliers_two_tiers_up_from_nimbus_cloud() -> None:
    # Nimbus <- Gamma GPU (tier 1) <- Acme Foundry, Beta Memory (tier 2)
    code, out, _ = run("suppliers", "Nimbus Cloud", "--tiers", "2", *SEED, "--format", "json")
    assert code == 0
    assert [(r["tier"], r["supplier"], r["customer"]) for r in json.loads(out)] == [
        (1, "company:gamma-gpu", "company:nimbus-cloud"),
        (2, "company:acme-foundry", "company:gamma-gpu"),
        (2, "company:beta-memory", "company:gamma-gpu")]


def test_customers_of_an_unknown_name_suggest() -> None:
    code, _, err = run("customers", "Acme Foundri", *SEED)
    assert code == 2 and "Did you mean: company:acme-foundry" in err
