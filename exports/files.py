"""Writing output safely: atomically, in UTF-8, with the user's umask, and never over a device.

A file is written to a temporary file beside it and renamed over it, so readers never see half
a file. The target must be a regular file or not exist yet: a device, a pipe or a socket
(``/dev/null``, ``/dev/stdout``) would be *replaced* by a regular file, so it is refused; ``-``
writes to standard output on purpose. A symbolic link to a regular file is written through
(the link stays). A new file gets the mode a plain ``open()`` would give it (``0o666`` less the
umask); a replaced file keeps its mode. A folder of files (CSV exports) is written into a
temporary folder and swapped in whole, so a reader sees the old set or the new one, never a mix.
Whatever cannot be written (read-only folder, full disk, a parent that is a file) raises
:class:`~computechain.errors.OutputError` naming the path and the cause; temporary files are
removed.

Examples
--------
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
>>> write_text_atomic(path, "中际旭创")
>>> path.read_text(encoding="utf-8")
'中际旭创'
>>> write_text_atomic(pathlib.Path("/dev/null"), "x")
Traceback (most recent call last):
...
computechain.errors.OutputError: cannot write /dev/null: it is a character device, not a regular file...
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from computechain.errors import OutputError

STDOUT = Path("-")
_KINDS = ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a pipe"),
          (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))
_HINTS = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is exhausted",
          errno.EROFS: "the file system is read-only", errno.EACCES: "no permission to write there",
          errno.EPERM: "no permission to write there", errno.ENOTDIR: "a parent of it is a file, not a folder",
          errno.EEXIST: "a parent of it is a file, not a folder"}


def _umask() -> int:
    mask = os.umask(0o022)  # the only portable way to read the umask is to set it
    os.umask(mask)
    return mask


def output_error(path: Path, exc: OSError) -> OutputError:
    """One plain message for an OS error met while writing ``path``."""
    cause = _HINTS.get(exc.errno or 0, exc.strerror or str(exc))
    return OutputError(f"cannot write {path}: {cause} ({exc.strerror or exc}). Choose another --out.")


def regular_target(path: Path, *, folder: bool = False) -> Path:
    """The path to replace for ``path``: itself, or a symlink's target; refuse anything but a
    regular file (a folder with ``folder=True``) or a path that does not exist yet."""
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise output_error(path, exc) from exc
    if (stat.S_ISDIR(mode) if folder else stat.S_ISREG(mode)):
        return target
    kind = next((name for test, name in _KINDS if test(mode)), "a regular file" if folder else "not a regular file")
    wanted = "a folder" if folder else "a regular file"
    shown = f"{path} (-> {target})" if target != path else str(path)
    hint = "" if folder else "; use --out - to write to standard output"
    raise OutputError(f"cannot write {shown}: it is {kind}, not {wanted}, and computechain replaces its "
                      f"output atomically, which would destroy it{hint}.")


@contextmanager
def _reporting(path: Path) -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        raise output_error(path, exc) from exc


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (``-``: standard output) through a temporary file and a rename."""
    if path == STDOUT:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    target = regular_target(path)
    with _reporting(path):
        target.parent.mkdir(parents=True, exist_ok=True)
        _replace(target, data)


def _replace(target: Path, data: bytes) -> None:
    """Write ``data`` beside ``target`` and rename it over ``target``; the temporary file never stays."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask())
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` in UTF-8 whatever the locale, atomically."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_folder_atomic(folder: Path, files: Mapping[str, Callable[[], str]]) -> list[Path]:
    """Write ``files`` (name -> a function giving its text) into ``folder`` as one set.

    The set goes into a temporary folder beside ``folder``, which then takes the old folder's
    place (the old one is moved aside and removed). An existing ``folder`` may hold only files
    of this set, so nothing else of the user's is ever removed.

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "tables"
    >>> [p.name for p in write_folder_atomic(out, {"a.csv": lambda: "x\\n1\\n"})]
    ['a.csv']
    >>> sorted(p.name for p in out.parent.iterdir())
    ['tables']
    """
    if folder == STDOUT:
        raise OutputError("cannot write a folder of files to standard output (--out -); give a folder path")
    target = regular_target(folder, folder=True)
    if target.exists():
        others = sorted(p.name for p in target.iterdir() if p.name not in files)
        if others:
            raise OutputError(f"cannot write {folder}: it holds files this export does not write "
                              f"({', '.join(others[:5])}); choose an empty or new folder.")
    with _reporting(folder):
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    aside = staging.with_name(staging.name.replace(".tmp", ".old"))
    try:
        with _reporting(folder):
            os.chmod(staging, 0o777 & ~_umask())
            for name, text in files.items():
                _replace(staging / name, text().encode("utf-8"))
            if target.exists():
                os.replace(target, aside)
            os.replace(staging, target)
    except BaseException:
        if aside.exists() and not target.exists():
            os.replace(aside, target)  # put the old set back
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(aside, ignore_errors=True)
    return [target / name for name in files]
