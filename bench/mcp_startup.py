"""Benchmark: ``computechain mcp`` on the shipped seed, from spawning the process to the first
answer; target <= 10 s on the 2-core machine (a loose bound: the graph load dominates).

Prints one JSON line (``python -m bench.mcp_startup``): the median over ``runs`` fresh processes
of the seconds to the first ``tools/list`` answer, of one ``trace`` call after it, and, for
scale, of ``computechain build`` (the same graph load in a fresh interpreter, without a server).
Exits non-zero when the target is missed.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import time

from mcp import Client
from mcp.client.stdio import StdioServerParameters

TARGET_SECONDS = 10.0
SERVER = StdioServerParameters(command=sys.executable, args=["-m", "computechain", "mcp"])


async def _one_start() -> tuple[float, float]:
    started = time.perf_counter()
    async with Client(SERVER) as client:
        await client.list_tools()
        ready = time.perf_counter() - started
        started = time.perf_counter()
        result = await client.call_tool("trace", {"source": "OpenAI", "limit": 10})
        answered = time.perf_counter() - started
        assert not result.is_error, result.content
    return ready, answered


def _build_seconds() -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "computechain", "build", "--format", "csv"], check=True,
                   capture_output=True)
    return time.perf_counter() - started


def main(runs: int = 3) -> dict[str, object]:
    starts = [asyncio.run(_one_start()) for _ in range(runs)]
    ready = statistics.median(s[0] for s in starts)
    result = {"mcp_ready_seconds": ready, "mcp_first_trace_seconds": statistics.median(s[1] for s in starts),
              "cli_build_seconds": statistics.median(_build_seconds() for _ in range(runs)),
              "target_seconds": TARGET_SECONDS, "target_met": ready <= TARGET_SECONDS}
    print(json.dumps(result))
    if not result["target_met"]:
        raise SystemExit(f"computechain mcp took {ready:.1f} s to answer tools/list (target {TARGET_SECONDS} s)")
    return result


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:2]))
