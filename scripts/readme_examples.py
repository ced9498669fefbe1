"""Re-run the README's console examples and write their real output back (a maintenance tool).

Every ``$ computechain ...`` line in a ``console`` block (with ``\\`` continuation lines) is run in
the repository root with bash, and the lines after it, up to the next ``$`` line or the end of the
block, are replaced by what it prints. Examples whose output was shortened by hand (a line ``...``)
are left alone, as are the Neo4j ones unless ``--neo4j`` is given (they need a running server).
The MCP exchange (``→ tools/call TOOL {arguments}`` lines, each followed by its ``←`` answer) is
asked of a real ``computechain mcp`` process and its answers written back the same way.

    python scripts/readme_examples.py [--neo4j] [--check] [--match TEXT]

``--check`` changes nothing and exits 1 when an example's output differs from the README. Files
the examples write in the repository root (``graph.html`` ...) are removed afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

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


CALL = re.compile(r"^→ tools/call (\w+) (\{.*\})$")


def _answer_lines(answer: dict[str, Any]) -> list[str]:
    """An MCP answer as the README shows it: a key per line, a list's items one per line."""
    def dumped(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    parts = []
    for key, value in answer.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            items = [f"    {dumped(item)}" for item in value]
            parts.append([f'  "{key}": [', *[line + "," for line in items[:-1]], items[-1], "  ]"])
        else:
            parts.append([f'  "{key}": {dumped(value)}'])
    lines = ["← {"]
    for i, part in enumerate(parts):
        lines += [*part[:-1], part[-1] + ("," if i < len(parts) - 1 else "")]
    return [*lines, "}"]


def _mcp_exchange(lines: list[str]) -> list[str]:
    """The README with every MCP call's answer replaced by what a real server answers now."""
    sys.path.insert(0, str(ROOT))
    from tests.mcp.session import run_session  # the MCP SDK's own stdio client

    calls = [(i, CALL.match(line)) for i, line in enumerate(lines) if CALL.match(line)]
    with tempfile.TemporaryDirectory() as cwd:
        session = run_session({str(i): (m[1], json.loads(m[2])) for i, m in calls if m}, cwd=Path(cwd))
    for i, _ in reversed(calls):
        end = i + 1
        while end < len(lines) and not lines[end].startswith(("→ ", "```")):
            end += 1
        errored = session.results[str(i)].is_error
        lines[i + 1:end] = ["← error: " + session.error(str(i))] if errored else _answer_lines(session.reply(str(i)))
    return lines


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
    if args.match in "computechain mcp":
        exchanged = _mcp_exchange(list(lines))
        if exchanged != lines:
            differ.append("computechain mcp (the README's exchange)")
            lines = exchanged
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
