"""The layout of a seed folder: every entry under it is read or reported, never skipped.

A seed holds known folders only (its tables, ``lookups/`` and the folders other loaders read).
A misspelt folder (``relation/``), a table file beside the folders, a subfolder of a table
folder or a file that is not a ``*.csv`` (``x.CSV``, ``notes.txt``) is a problem naming the
entry and how to fix it. Hidden entries (``.git``, ``.gitkeep``) and Python's package files
(``__init__.py``, ``__pycache__``) are not data; other files beside the folders (``README.md``)
are documentation.

Examples
--------
>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> (root / "relation").mkdir()
>>> [p.message for p in layout_problems(root, known=("relations", "lookups"), read_by_name={})]
["unknown folder 'relation', so its files are not read; did you mean 'relations'? (known folders: lookups, relations)"]
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Mapping
from pathlib import Path

from computechain.errors import Problem
from computechain.loaders.csvtable import CSV_SUFFIX, NOT_READ, is_hidden, unread_problem


def missing_root(root: Path) -> Problem | None:
    """The problem when ``root`` is not a folder (the one problem then worth reporting)."""
    if root.is_dir():
        return None
    return Problem(str(root), 0, "(folder)", "no such seed folder" if not root.exists() else "not a folder")


def _not_data(path: Path) -> bool:
    return is_hidden(path) or path.name.startswith("__")


def _unknown_folder(path: Path, known: Collection[str]) -> Problem:
    close = difflib.get_close_matches(path.name.lower(), known, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ";"
    return Problem(str(path), 0, "(folder)", f"unknown folder {path.name!r}, so its files are not read{hint} "
                                             f"(known folders: {', '.join(sorted(known))})")


def _folder_problems(folder: Path, names: Collection[str] | None) -> list[Problem]:
    """Entries of a folder read by another reader: only ``*.csv`` files (of ``names`` when given)."""
    problems = []
    for path in sorted(folder.iterdir()):
        problem = None if is_hidden(path) else unread_problem(path)
        if problem is None and names is not None and not is_hidden(path) and path.stem not in names:
            problem = Problem(str(path), 0, "(file)", f"{NOT_READ}: {folder.name}/ holds only the tables "
                                                      f"{', '.join(sorted(names))}")
        if problem:
            problems.append(problem)
    return problems


def layout_problems(root: Path, *, known: Collection[str],
                    read_by_name: Mapping[str, Collection[str] | None]) -> list[Problem]:
    """Every entry of ``root`` that no reader will read. ``known``: the folders a seed may hold
    (table folders report their own unread entries when read); ``read_by_name``: the folders
    read by another reader, with the file names (stems) it reads, None for any ``*.csv``."""
    missing = missing_root(root)
    if missing:
        return [missing]
    problems = []
    for path in sorted(root.iterdir()):
        if _not_data(path):
            continue
        if path.is_dir() and path.name not in known:
            problems.append(_unknown_folder(path, known))
        elif path.is_dir() and path.name in read_by_name:
            problems += _folder_problems(path, read_by_name[path.name])
        elif path.is_file() and path.suffix.lower() == CSV_SUFFIX:
            problems.append(Problem(str(path), 0, "(file)", f"{NOT_READ}: a table file belongs in its table's folder "
                                                            f"(e.g. relations/{path.stem}{CSV_SUFFIX})"))
    return problems
