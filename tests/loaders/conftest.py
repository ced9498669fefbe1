"""Where the third-party reference datasets live, and helpers to make malformed copies of them.

The datasets are never copied into the repository: tests read them from
``<repo>/../shared/reference-data`` or ``$COMPUTECHAIN_REFERENCE_DATA``. In CI (``CI=true``)
they must be present; elsewhere the tests that need them skip with a message.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def reference_root() -> Path:
    return Path(os.environ.get("COMPUTECHAIN_REFERENCE_DATA") or REPO.parent / "shared" / "reference-data")


@pytest.fixture(scope="session")
def reference_data() -> Path:
    root = reference_root()
    if not (root / "README.md").is_file():
        message = (f"reference data not found at {root}; set COMPUTECHAIN_REFERENCE_DATA to the folder "
                   "holding epoch-ai-chip-counts/ and epoch-ai-data-centers/")
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return root


def copy_of(source: Path, tmp_path: Path, files: list[str]) -> Path:
    """A writable copy of some files of a dataset folder, in the same layout (under tmp_path)."""
    root = tmp_path / source.name
    for name in files:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source / name, root / name)
    return root


def rewrite_line(path: Path, line: int, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in line ``line`` (1-based) of ``path``."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in lines[line - 1], f"{old!r} not in line {line} of {path}"
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_text("".join(lines), encoding="utf-8")
