"""Drive the real ``computechain mcp`` process with the MCP SDK's own client over stdio."""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mcp import Client
from mcp.client.stdio import StdioServerParameters
from mcp.types import CallToolResult, Resource, Tool

SERVER = [sys.executable, "-m", "computechain", "mcp"]


@dataclass
class Session:
    """What one server process answered: its tools and resources, each resource's text, and each call's result."""

    tools: list[Tool] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    results: dict[str, CallToolResult] = field(default_factory=dict)

    def rows(self, label: str) -> list[dict[str, Any]]:
        result = self.results[label]
        assert not result.is_error, result.content
        assert result.structured_content is not None
        return list(result.structured_content["rows"])

    def reply(self, label: str) -> dict[str, Any]:
        assert self.results[label].structured_content is not None
        return dict(self.results[label].structured_content)

    def error(self, label: str) -> str:
        result = self.results[label]
        assert result.is_error, result.structured_content
        return " ".join(getattr(block, "text", "") for block in result.content)


async def _run(calls: dict[str, tuple[str, dict[str, Any]]], args: list[str], cwd: Path) -> Session:
    session = Session()
    command, *rest = SERVER
    async with Client(StdioServerParameters(command=command, args=[*rest, *args], cwd=cwd)) as client:
        session.tools = (await client.list_tools()).tools
        session.resources = (await client.list_resources()).resources
        for resource in session.resources:
            [content] = (await client.read_resource(str(resource.uri))).contents
            session.texts[str(resource.uri)] = getattr(content, "text", "")
        for label, (tool, arguments) in calls.items():  # in order: an error call is followed by more calls
            session.results[label] = await client.call_tool(tool, arguments)
    return session


def run_session(calls: dict[str, tuple[str, dict[str, Any]]], *, args: list[str] | None = None,
                cwd: Path) -> Session:
    """Start ``computechain mcp ARGS`` in ``cwd``, list its tools and resources, read every resource,
    make ``calls`` (label -> (tool, arguments)) in order, and stop it."""
    return asyncio.run(_run(calls, args or [], cwd))
