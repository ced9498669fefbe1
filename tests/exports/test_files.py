"""Output paths (issue #15, items 4-6): no device replaced, the user's umask kept, folders swapped in
whole, and every write failure one plain message with exit 1."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from computechain.cli import main
from computechain.errors import OutputError
from computechain.exports import tables
from computechain.exports.files import write_folder_atomic, write_text_atomic
from tests.conftest import MINI_SEED, missing

SEED = ["--seed", str(MINI_SEED)]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.mark.parametrize(("target", "kind"), [("/dev/null", "a character device"), ("/dev/full", "a character device")])
def test_a_device_is_never_replaced(target: str, kind: str) -> None:
    code, stdout, stderr = run("export", "json", "--out", target, *SEED)
    assert code == 1 and stdout == ""
    assert stderr == (f"Error: cannot write {target}: it is {kind}, not a regular file, and computechain replaces "
                      "its output atomically, which would destroy it; use --out - to write to standard output.\n")
    assert stat.S_ISCHR(os.stat(target).st_mode)


def test_a_link_to_a_pipe_is_refused_and_a_link_to_a_file_written_through(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "to-fifo").symlink_to(tmp_path / "fifo")
    with pytest.raises(OutputError, match=r"to-fifo \(-> .*fifo\): it is a pipe, not a regular file"):
        write_text_atomic(tmp_path / "to-fifo", "x")
    assert stat.S_ISFIFO(os.stat(tmp_path / "fifo").st_mode)
    (tmp_path / "real.json").write_text("old", encoding="utf-8")
    (tmp_path / "link.json").symlink_to("real.json")
    write_text_atomic(tmp_path / "link.json", "new")
    assert (tmp_path / "link.json").is_symlink() and (tmp_path / "real.json").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo", "link.json", "real.json", "to-fifo"]


def test_dash_writes_to_standard_output_and_the_note_to_stderr() -> None:
    code, stdout, stderr = run("export", "json", "--out", "-", *SEED, "--segment", "HBM")
    assert code == 0
    assert sorted(n["id"] for n in json.loads(stdout)["nodes"]) == ["company:beta-memory", "company:gamma-gpu",
                                                                     "segment:hbm"]
    assert stderr == "Wrote standard output: 3 nodes, 1 edges.\n"


def test_a_folder_export_cannot_go_to_standard_output() -> None:
    code, stdout, stderr = run("export", "neo4j-csv", "--out", "-", *SEED)
    assert (code, stdout) == (1, "")
    assert stderr == "Error: cannot write a folder of files to standard output (--out -); give a folder path\n"


@pytest.mark.usefixtures("umask")
@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_new_files_and_folders_get_the_users_umask(mask: int, mode: int, tmp_path: Path) -> None:
    os.umask(mask)
    assert run("export", "graphml", "--out", str(tmp_path / "g.graphml"), *SEED)[0] == 0
    assert run("export", "csv", "--out", str(tmp_path / "tables"), *SEED)[0] == 0
    assert stat.S_IMODE(os.stat(tmp_path / "g.graphml").st_mode) == mode
    assert stat.S_IMODE(os.stat(tmp_path / "tables" / "edges.csv").st_mode) == mode
    assert stat.S_IMODE(os.stat(tmp_path / "tables").st_mode) == mode | 0o111 & ~mask  # folders searchable


@pytest.mark.usefixtures("umask")
def test_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    out = tmp_path / "g.json"
    out.write_text("{}", encoding="utf-8")
    out.chmod(0o640)
    assert run("export", "json", "--out", str(out), *SEED)[0] == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640 and json.loads(out.read_text(encoding="utf-8"))["nodes"]


def test_a_folder_export_that_dies_half_way_leaves_the_old_set_and_no_temp_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "tables"
    assert run("export", "csv", "--out", str(out), *SEED, "--segment", "HBM")[0] == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def killed(*_: object) -> None:
        raise KeyboardInterrupt  # as Ctrl-C (SIGINT) after nodes.csv is written

    monkeypatch.setattr(tables, "edge_table", killed)
    assert run("export", "csv", "--out", str(out), *SEED)[0] == 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tables"]
    monkeypatch.undo()
    assert run("export", "csv", "--out", str(out), *SEED)[0] == 0
    assert (out / "nodes.csv").read_bytes() != before["nodes.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tables"]
    assert sorted(p.name for p in out.iterdir()) == ["edges.csv", "nodes.csv", "sources.csv"]


def test_a_folder_with_other_files_is_not_swapped_away(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(OutputError, match=r"it holds files this export does not write \(mine\.txt\)"):
        write_folder_atomic(tmp_path, {"a.csv": lambda: "x\n"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.txt"]


@pytest.mark.parametrize(("fmt", "name"), [("json", "g.json"), ("csv", "tables")])
def test_a_parent_that_is_a_file_is_one_message(fmt: str, name: str, tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("x", encoding="utf-8")
    out = tmp_path / "plain" / "sub" / name
    code, _, stderr = run("export", fmt, "--out", str(out), *SEED)
    assert code == 1
    assert stderr.startswith(f"Error: cannot write {out}: a parent of it is a file, not a folder (")
    assert stderr.count("\n") == 1 and "Traceback" not in stderr


def _in_a_mount(options: str, tmp_path: Path, *export: str) -> subprocess.CompletedProcess[str]:
    """Run ``computechain export ...`` with a fresh tmpfs (mount ``options``) at ``tmp_path/mnt``, in a
    private user and mount namespace (no privilege needed, nothing mounted outside)."""
    if shutil.which("unshare") is None:
        missing("unshare (util-linux) is needed for the read-only and full-disk tests")
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    script = 'mount -t tmpfs -o "$1" tmpfs "$2" && shift 2 && exec "$@"'
    return subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script, "sh", options,
                           str(mnt), sys.executable, "-m", "computechain", "export", *export, *SEED],
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize(("options", "cause"), [("ro", "the file system is read-only (Read-only file system)"),
                                                ("size=4k", "the disk is full (No space left on device)")])
@pytest.mark.parametrize(("fmt", "name"), [("json", "g.json"), ("csv", "tables")])
def test_read_only_and_full_disks_are_one_message(options: str, cause: str, fmt: str, name: str,
                                                  tmp_path: Path) -> None:
    done = _in_a_mount(options, tmp_path, fmt, "--out", str(tmp_path / "mnt" / name))
    if "mount" in done.stderr and "Operation not permitted" in done.stderr:
        missing(f"cannot mount a tmpfs here: {done.stderr}")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == f"Error: cannot write {tmp_path / 'mnt' / name}: {cause}. Choose another --out.\n"
