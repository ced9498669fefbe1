"""Re-run the README's console examples and write their real output back (a maintenance tool).

Every ``$ computechain ...`` line in a ``console`` block (with ``\\`` continuation lines) is run in
the repository root with bash, and the lines after it, up to the next ``$`` line or the end of the
block, are replaced by what it prints. Examples whose output was shortened by hand (a line ``...``)
are left alone, as are the Neo4j ones unless ``--neo4j`` is given (they need a running server).

    python scripts/readme_examples.py [--neo4j] [--check] [--match TEXT]

``--check`` changes nothing and exits 1 when an example's output differs from the README. Files
the examples write in the repository root (``graph.html`` ...) are removed afterwards.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
NEEDS_SERVER = ("computechain neo4j", "computechain cypher", "scripts/neo4j-dev-server")
NEEDS_DOWNLOAD = ("eto-chip-explorer",)  # data a user downloads (CC BY-NC, not shipped): left as written


def _run(command: str) -> str:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "COLUMNS": "200"}
    done = subprocess.run(["bash", "-c", command], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    return (done.stdout + done.stderr if done.returncode else done.stdout).rstrip("\n")


def _examples(lines: list[str]) -> list[tuple[int, int, str]]:
    """(first line of the command, line after its output, the command) of every example."""
    found, in_block, i = [], False, 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("```"):
            in_block = line.strip() == "```console"
        elif in_block and line.startswith("$ "):
            start, command = i, line[2:]
            while command.endswith("\\"):
                i += 1
                command = command[:-1] + lines[i].strip()
            end = i + 1
            while end < len(lines) and not lines[end].startswith(("$ ", "```")):
                end += 1
            found.append((start, end, command))
            i = end - 1
        i += 1
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--neo4j", action="store_true", help="Also run the Neo4j examples.")
    parser.add_argument("--check", action="store_true", help="Report differences, change nothing.")
    parser.add_argument("--match", default="", help="Only the examples whose command contains this text.")
    args = parser.parse_args()
    lines = README.read_text(encoding="utf-8").split("\n")
    before = set(ROOT.iterdir())
    differ = []
    for start, end, command in reversed(_examples(lines)):
        body = lines[start:end]
        first_output = start + 1 + sum(1 for line in body[:-1] if line.endswith("\\"))
        if "..." in lines[first_output:end] or (command.startswith(NEEDS_SERVER) and not args.neo4j) \
                or any(name in command for name in NEEDS_DOWNLOAD) \
                or args.match not in command:
            continue
        output = _run(command).split("\n")
        if output != lines[first_output:end]:
            differ.append(command)
            lines[first_output:end] = output if output != [""] else []
    for written in set(ROOT.iterdir()) - before:  # what the export examples wrote (graph.html, ...)
        written.unlink()
    if args.check:
        print("\n".join(f"differs: {c}" for c in reversed(differ)) or "every example prints what it says")
        return 1 if differ else 0
    README.write_text("\n".join(lines), encoding="utf-8")
    print(f"updated {len(differ)} example(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
