"""The wheel installs one import package, ``computechain``, with the seed as package data,
and its CLI works from any directory in a fresh virtual environment."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir",
                    str(out), str(ROOT)], check=True, capture_output=True)
    [built] = out.glob("computechain-*.whl")
    return built


@pytest.mark.slow
def test_the_wheel_holds_only_the_computechain_package(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top_levels = {name.split("/")[0] for name in names}
    assert top_levels == {"computechain", "computechain-0.1.0.dist-info"}
    assert "computechain/seed/companies/semis.csv" in names
    assert "computechain/graph/schema.py" in names and "computechain/queries/lookup.py" in names
    assert "computechain/queries/cypher/tier_suppliers.cypher" in names and "computechain/queries/engine/view.py" in names
    assert "computechain/docs/methodology.md" in names and "computechain/mcp/server.py" in names  # MCP resources


@pytest.mark.slow
def test_the_installed_cli_runs_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
                   check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    built = subprocess.run([str(bin_dir / "computechain"), "build", "--format", "csv"],
                           cwd=elsewhere, check=True, capture_output=True, text=True)
    assert "type,company," in built.stdout
    shown = subprocess.run([str(bin_dir / "python"), "-m", "computechain", "show", "中际旭创",
                            "--format", "json"], cwd=elsewhere, check=True, capture_output=True,
                           text=True)
    assert "company:nvidia" in shown.stdout
    top = subprocess.run([str(bin_dir / "python"), "-c",
                          "import importlib.util as u; print([u.find_spec(m) is None "
                          "for m in ('graph', 'loaders', 'queries', 'exports')])"],
                         cwd=elsewhere, check=True, capture_output=True, text=True)
    assert top.stdout.strip() == "[True, True, True, True]"
    resource = subprocess.run([str(bin_dir / "python"), "-c",
                               "from computechain.mcp.server import methodology; print(methodology().splitlines()[0])"],
                              cwd=elsewhere, check=True, capture_output=True, text=True)
    assert resource.stdout.startswith("# Methodology")
