"""Values a careless or hostile user may write, each refused with file:line: field."""

from __future__ import annotations

import re
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from computechain.errors import DataValidationError, QueryError
from computechain.graph.build import build_graph
from computechain.graph.dataset import Dataset
from computechain.loaders import load_dataset, seed
from computechain.queries.trace import trace
from tests.conftest import append_row, replace_in

REL = "relations/relations.csv"
COMPANIES = "companies/companies.csv"
CAPEX = "capex/capex.csv"
SOURCES = "sources/sources.csv"
EXCHANGES = "lookups/exchanges.csv"


def _problems(root: Path) -> list[str]:
    with pytest.raises(DataValidationError) as caught:
        load_dataset(root)
    return [str(p).removeprefix(str(root) + "/") for p in caught.value.problems]


@pytest.mark.parametrize(("char", "shown"), [
    ("\x00", r"'\x00' (U+0000)"), ("\x07", r"'\x07' (U+0007)"), ("\x1b", r"'\x1b' (U+001B)"),
    ("\x7f", r"'\x7f' (U+007F)"), ("\x9b", r"'\x9b' (U+009B)"), ("\ufffe", r"'\ufffe' (U+FFFE)"),
])
def test_a_control_character_in_a_name_is_refused(mini_seed: Path, char: str, shown: str) -> None:
    line = replace_in(mini_seed, COMPANIES, "Gamma GPU,", f"Gamma{char}GPU,")
    assert _problems(mini_seed) == [f"{COMPANIES}:{line}: name: control character {shown} is not allowed; remove it"]


def test_a_control_character_in_a_note_or_a_header_is_refused(mini_seed: Path) -> None:
    line = append_row(mini_seed, REL, "owns,company:gamma-gpu,company:beta-memory,,,,,,,,2024-12-31,,,source:acme-ar-2024,\x1b]0;pwned\x07")
    replace_in(mini_seed, SOURCES, "id,title", "id\x00,title")
    problems = _problems(mini_seed)
    assert f"{REL}:{line}: note: control character '\\x1b' (U+001B) is not allowed; remove it" in problems
    assert f"{SOURCES}:1: (header): control character '\\x00' (U+0000) is not allowed; remove it" in problems


def test_tab_and_line_breaks_inside_a_quoted_note_are_text(mini_seed: Path) -> None:
    append_row(mini_seed, REL, 'owns,company:gamma-gpu,company:beta-memory,,,,,,,,2024-12-31,,,source:acme-ar-2024,"two\tlines\r\nof note"')
    load_dataset(mini_seed)


@pytest.mark.parametrize(("amount", "message"), [
    ("1e309", "'1e309' is too large for a number"),
    ("inf", "'inf' is not a number (write e.g. 0.35 or 88.2e9)"),
    ("nan", "'nan' is not a number (write e.g. 0.35 or 88.2e9)"),
    ("1_0e9", "'1_0e9' is not a number (write e.g. 0.35 or 88.2e9)"),
])
def test_a_capex_amount_that_is_not_a_finite_number(mini_seed: Path, amount: str, message: str) -> None:
    line = replace_in(mini_seed, CAPEX, ",10e9,", f",{amount},")
    assert _problems(mini_seed) == [f"{CAPEX}:{line}: amount: {message}"]


def test_an_underscore_in_a_weight_is_not_a_digit_separator(mini_seed: Path) -> None:
    # Python reads float("0_1") as 1.0
    line = append_row(mini_seed, REL, "owns,company:gamma-gpu,company:beta-memory,,0_1,ownership_share,,,reported,,2024-12-31,,,source:acme-ar-2024,")
    assert _problems(mini_seed) == [f"{REL}:{line}: weight: '0_1' is not a number (write e.g. 0.35 or 88.2e9)"]


@pytest.mark.parametrize(("when", "message"), [
    ("2025-02-30", "'2025-02-30' is not a calendar date"),
    ("2025-02-99", "'2025-02-99' is not a calendar date"),
    ("1899-12", "date 1899-12-01 is before 1900-01-01"),
    ("2999", "date 2999-01-01 is after"),
])
def test_a_source_date_must_be_on_the_calendar(mini_seed: Path, when: str, message: str) -> None:
    line = replace_in(mini_seed, SOURCES, ",2025-03,", f",{when},")
    [problem] = _problems(mini_seed)
    assert problem.startswith(f"{SOURCES}:{line}: date: {message}")


def test_an_as_of_more_than_a_year_ahead_or_before_1900_is_refused(mini_seed: Path) -> None:
    ahead = date.today() + timedelta(days=367)
    late = append_row(mini_seed, REL, f"owns,company:gamma-gpu,company:beta-memory,,,,,,,,{ahead},,,source:acme-ar-2024,")
    early = append_row(mini_seed, REL, "owns,company:acme-foundry,company:beta-memory,,,,,,,,0001-01-01,,,source:acme-ar-2024,")
    limit = date.today() + timedelta(days=366)
    assert _problems(mini_seed) == [
        f"{REL}:{late}: as_of: date {ahead} is after {limit} (today + 1 year)",
        f"{REL}:{early}: as_of: date 0001-01-01 is before 1900-01-01"]


def test_a_valid_from_of_year_one_is_refused_but_a_distant_valid_to_is_not(mini_seed: Path) -> None:
    line = append_row(mini_seed, REL, "owns,company:gamma-gpu,company:beta-memory,,,,,,,,2024-12-31,0001-01-01,2099-12-31,source:acme-ar-2024,")
    assert _problems(mini_seed) == [f"{REL}:{line}: valid_from: date 0001-01-01 is before 1900-01-01"]


def test_a_company_supplying_itself_is_refused(mini_seed: Path) -> None:
    line = append_row(mini_seed, REL, "supplies,company:gamma-gpu,company:gamma-gpu,segment:hbm,,,,,,,2024-12-31,,,source:acme-ar-2024,")
    assert _problems(mini_seed) == [f"{REL}:{line}: target: a relation from company:gamma-gpu to itself"]


# with the mini seed's Beta Memory -> Gamma GPU HBM supply raised from 0.3 to 1.0 of Gamma GPU's spend
CYCLE = "supplies,company:gamma-gpu,company:beta-memory,segment:ai-accelerators,1.0,share_of_customer_spend,,,reported,,2024-12-31,,,source:acme-ar-2024,"


def test_a_cycle_that_passes_on_all_of_its_spend_is_refused_when_validating(mini_seed: Path) -> None:
    # Gamma GPU spends 100 % on Beta Memory's HBM, and Beta Memory 100 % on Gamma GPU's accelerators
    replace_in(mini_seed, REL, "segment:hbm,0.3,", "segment:hbm,1.0,")
    line = append_row(mini_seed, REL, CYCLE)
    assert _problems(mini_seed) == [
        f"{REL}:{line}: weight: the cycle company:beta-memory -> company:gamma-gpu -> company:beta-memory passes "
        "on all of its spend by its weights, so demand propagation does not converge; lower a weight along it"]


def test_the_query_names_the_same_cycle(mini_seed: Path) -> None:
    replace_in(mini_seed, REL, "segment:hbm,0.3,", "segment:hbm,1.0,")
    append_row(mini_seed, REL, CYCLE)
    ds = seed.load(mini_seed)  # bypass the checks, as a graph built by hand would
    G = build_graph(Dataset(entities=ds.entities, relations=ds.relations, origins=ds.origins))
    with pytest.raises(QueryError, match=re.escape(
            "the cycle company:beta-memory -> company:gamma-gpu -> company:beta-memory passes on all of its spend")):
        trace(G, source="company:gamma-gpu", fill="none")


def test_a_cycle_that_keeps_some_spend_outside_is_accepted(mini_seed: Path) -> None:
    # Beta Memory spends 0.9 on Gamma GPU: 10 % leaves the cycle each round
    replace_in(mini_seed, REL, "segment:hbm,0.3,", "segment:hbm,1.0,")
    append_row(mini_seed, REL, CYCLE.replace(",1.0,", ",0.9,"))
    load_dataset(mini_seed)


@pytest.mark.parametrize(("pattern", "message"), [
    ("^(60", "not a valid regular expression: missing ), unterminated subpattern at position 1"),
    ("^(a+)+$", "a repeated group holds a repetition or alternatives (as in (a+)+ or (a|ab)*)"),
    ("^(\\d|\\d\\d)*$", "a repeated group holds a repetition or alternatives"),
])
def test_a_ticker_pattern_is_compiled_when_the_lookups_load(mini_seed: Path, pattern: str, message: str) -> None:
    line = replace_in(mini_seed, EXCHANGES, "SSE,Shanghai Stock Exchange,CN,^(60|68)\\d{4}$",
                      f'SSE,Shanghai Stock Exchange,CN,"{pattern}"')
    [problem] = _problems(mini_seed)
    assert problem.startswith(f"{EXCHANGES}:{line}: ticker_pattern: {message}")


def test_a_long_ticker_is_refused_before_any_pattern_meets_it(mini_seed: Path) -> None:
    started = time.perf_counter()
    line = replace_in(mini_seed, COMPANIES, "NASDAQ:GAMA", "NASDAQ:" + "A" * 40 + "!")
    [problem] = _problems(mini_seed)
    assert problem.startswith(f"{COMPANIES}:{line}: listings: String should have at most 16 characters")
    assert time.perf_counter() - started < 5


def test_a_lookup_row_without_its_code(mini_seed: Path) -> None:
    line = append_row(mini_seed, "lookups/roles.csv", ",Wizard")
    assert _problems(mini_seed) == [f"lookups/roles.csv:{line}: id: missing value"]
