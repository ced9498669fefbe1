""".ci/run installs each system dependency on its own condition (issue #15, item 16).

The script runs in a copy of the repository layout with a PATH of stand-in commands: the ones
"installed" exist, apt-get and make only record how they were called.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import missing

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ("chromium", "unshare", "java", "mvn")


def _ci_run(tmp_path: Path, present: set[str], zh_fonts: bool) -> tuple[list[str], list[str]]:
    """Run .ci/run with the tools in ``present``; return the apt-get and make calls it made."""
    (tmp_path / ".ci").mkdir()
    shutil.copy(ROOT / ".ci" / "run", tmp_path / ".ci" / "run")
    (tmp_path / "scripts").mkdir()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "calls.log"

    def stand_in(path: Path, body: str) -> None:
        path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
        path.chmod(0o755)

    stand_in(tmp_path / "scripts" / "neo4j-dev-server", "exit 0")
    for tool in present & set(TOOLS):
        stand_in(bin_dir / tool, "exit 0")
    stand_in(bin_dir / "fc-list", "echo 'Noto Sans CJK SC'" if zh_fonts else "exit 0")
    stand_in(bin_dir / "apt-get", f'echo "apt-get $*" >> {log}')
    stand_in(bin_dir / "make", f'echo "make CI=$CI $*" >> {log}')
    for real in ("grep", "dirname", "cat"):
        (bin_dir / real).symlink_to(shutil.which(real) or f"/usr/bin/{real}")
    env = {"PATH": str(bin_dir), "HOME": str(tmp_path)}
    done = subprocess.run([shutil.which("bash") or "/bin/bash", str(tmp_path / ".ci" / "run")], env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    calls = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return [c for c in calls if c.startswith("apt-get install")], [c for c in calls if c.startswith("make")]


@pytest.mark.parametrize(("present", "zh_fonts", "installed"), [
    (set(TOOLS), False, "fonts-noto-cjk fontconfig"),  # Chromium there, fonts not: the fonts still come
    (set(TOOLS) - {"chromium"}, True, "chromium"),
    (set(TOOLS) - {"mvn", "unshare"}, True, "util-linux maven"),
    (set(), False, "chromium fonts-noto-cjk fontconfig util-linux default-jre-headless maven"),
])
def test_each_missing_dependency_is_installed(present: set[str], zh_fonts: bool, installed: str,
                                              tmp_path: Path) -> None:
    installs, makes = _ci_run(tmp_path, present, zh_fonts)
    assert installs == [f"apt-get install -y -qq {installed}"]
    assert makes == [f"make CI={os.environ.get('CI', 'true')} test"]


def test_nothing_is_installed_when_everything_is_there(tmp_path: Path) -> None:
    assert _ci_run(tmp_path, set(TOOLS), True)[0] == []


@pytest.mark.parametrize(("ci", "outcome"), [("true", pytest.fail.Exception), ("TRUE", pytest.fail.Exception),
                                             ("", pytest.skip.Exception), ("false", pytest.skip.Exception)])
def test_a_missing_real_thing_fails_under_ci_and_skips_elsewhere(ci: str, outcome: type[BaseException],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match=r"^the Neo4j jars are missing$"):
        missing("the Neo4j jars are missing")
