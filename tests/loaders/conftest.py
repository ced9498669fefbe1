"""Helpers to make malformed copies of the third-party reference datasets (the ``reference_data``
fixture of tests/conftest.py: present under CI, skipped with a message elsewhere)."""

from __future__ import annotations

import shutil
from pathlib import Path


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
