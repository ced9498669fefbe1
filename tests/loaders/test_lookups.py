"""Lookups: the seed's tables, the shipped external tables, and a user's own folder of rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from computechain.errors import DataValidationError
from computechain.loaders import load_dataset
from computechain.loaders.lookups import Lookups
from tests.conftest import MINI_SEED

ETO = Path(__file__).parents[1] / "fixtures" / "eto"


def _folder(tmp_path: Path, **tables: str) -> Path:
    folder = tmp_path / "my-lookups"
    folder.mkdir()
    for name, text in tables.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def test_a_users_rows_add_to_and_replace_the_shipped_ones(tmp_path: Path) -> None:
    mine = _folder(tmp_path, country_codes="iso2,iso3,name\nMT,MLT,Malta\nTW,TWN,Chinese Taipei\n")
    lookups = Lookups(extra=(mine,))
    codes = lookups.table("country_codes", "iso3")
    assert (codes["MLT"]["iso2"], codes["TWN"]["name"], codes["NLD"]["name"]) == ("MT", "Chinese Taipei", "Netherlands")
    assert lookups.vocabulary(external=True).countries["MT"] == "Malta"
    assert "MT" not in lookups.vocabulary().countries  # the seed alone knows only its own countries


def test_a_custom_seed_keeps_its_vocabulary_and_borrows_the_external_tables() -> None:
    lookups = Lookups(MINI_SEED)
    assert lookups.table("exchanges")["SSE"]["ticker_pattern"] == r"^(60|68)\d{4}$"
    assert lookups.table("eto_provider_types")["country"]["kind"] == "country"  # not in the mini seed: shipped one


def test_an_eto_country_beyond_the_lookup_fails_until_the_user_adds_it(tmp_path: Path) -> None:
    import shutil

    eto = Path(shutil.copytree(ETO, tmp_path / "eto"))
    text = (eto / "providers.csv").read_text(encoding="utf-8").replace("Eta Test,,P15,organization,HUN",
                                                                       "Eta Test,,P15,organization,MLT")
    (eto / "providers.csv").write_text(text, encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"providers.csv:11: country: unknown value 'MLT'; known: .* "
                                                  r"\(add it to lookups/country_codes.csv\)"):
        load_dataset(MINI_SEED, with_sources=[f"eto={eto}"])
    mine = _folder(tmp_path, country_codes="iso2,iso3,name\nMT,MLT,Malta\n")
    ds = load_dataset(MINI_SEED, with_sources=[f"eto={eto}"], lookups=[mine])
    assert ds.entities["company:eta-test"].country == "MT"  # type: ignore[attr-defined]


@pytest.mark.parametrize(("pattern", "message"), [
    ("^[A-Z{1,5}$", r"exchanges.csv:2: ticker_pattern: not a valid regular expression: "),
    ("^(\\d+)+$", r"exchanges.csv:2: ticker_pattern: a repeated group holds a repetition or alternatives"),
])
def test_ticker_patterns_are_compiled_when_read(tmp_path: Path, pattern: str, message: str) -> None:
    mine = _folder(tmp_path, exchanges=f'code,name,country,ticker_pattern\nXYZ,Example exchange,US,"{pattern}"\n')
    with pytest.raises(DataValidationError, match=message):
        load_dataset(MINI_SEED, lookups=[mine])


def test_a_malformed_or_unknown_lookup_file_and_a_missing_folder(tmp_path: Path) -> None:
    mine = _folder(tmp_path, epoch_confidence="tag,colour\n#sure,red\n")
    with pytest.raises(DataValidationError, match=r"epoch_confidence.csv:1: colour: unknown column"):
        Lookups(extra=(mine,)).table("epoch_confidence")
    (mine / "colours.csv").write_text("id,name\nred,Red\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"colours.csv:0: \(file\): not a lookup table; known tables: "
                                                  r"countries.csv, exchanges.csv"):
        Lookups(extra=(mine,))
    with pytest.raises(DataValidationError, match=r"nowhere:0: \(folder\): --lookups: no such folder"):
        Lookups(extra=(tmp_path / "nowhere",))


def test_the_lookups_option_on_the_command_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from computechain.cli import main

    mine = _folder(tmp_path, exchanges='code,name,country,ticker_pattern\nXYZ,Example exchange,US,"^(\\d+)+$"\n')
    result = CliRunner().invoke(main, ["build", "--seed", str(MINI_SEED), "--lookups", str(mine)])
    assert result.exit_code == 1 and "exchanges.csv:2: ticker_pattern:" in result.stderr
    result = CliRunner().invoke(main, ["build", "--seed", str(MINI_SEED), "--lookups", str(tmp_path / "none")])
    assert result.exit_code == 2 and "does not exist" in result.stderr
