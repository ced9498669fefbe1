"""The MCP server: the tools of :mod:`computechain.mcp.tools` and two resources (the
methodology and the schema) over one graph, served on stdio by the official ``mcp`` SDK.

Examples
--------
>>> import asyncio
>>> import networkx as nx
>>> server = build_server(nx.MultiDiGraph(sources={}))
>>> sorted(tool.name for tool in asyncio.run(server.list_tools()))[:3]
['audit', 'chokepoints', 'customers']
>>> sorted(str(r.uri) for r in asyncio.run(server.list_resources()))
['computechain://docs/methodology', 'computechain://schema']
"""

from __future__ import annotations

import json
from importlib import resources

import networkx as nx
from mcp.server.mcpserver import MCPServer
from mcp.types import ToolAnnotations

from computechain import __version__
from computechain.mcp.schema_doc import schema_document
from computechain.mcp.tools import GraphTools

INSTRUCTIONS = """computechain answers questions about the AI compute supply chain from a curated, sourced graph.
Start with find_entity when unsure of a name; every tool also accepts names, aliases, Chinese names and tickers.
Shares are fractions of one unit (of a source's spend, or of a company's modelled revenue); each answer says how
much rests on reported weights, estimates or the missing-weight rule (the *_filled columns): say so when you use
the numbers, and cite the answer's sources (title, publisher, date). Read computechain://docs/methodology for what
the numbers mean and computechain://schema for the node types, relation kinds and weight meanings."""

READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False)


def methodology() -> str:
    """The methodology document shipped with the package (docs/methodology.md)."""
    return (resources.files("computechain.docs") / "methodology.md").read_text(encoding="utf-8")


def schema() -> str:
    """The schema document (:func:`computechain.mcp.schema_doc.schema_document`) as JSON text."""
    return json.dumps(schema_document(), ensure_ascii=False, indent=1)


def build_server(G: nx.MultiDiGraph) -> MCPServer:
    """An MCP server whose tools answer on ``G`` (loaded once by the caller, never modified)."""
    server = MCPServer("computechain", version=__version__, instructions=INSTRUCTIONS, log_level="WARNING")
    tools = GraphTools(G)
    for name in tools.names:
        tool = getattr(tools, name)
        server.add_tool(tool, name=name, description=" ".join(tool.__doc__.split()), annotations=READ_ONLY,
                        structured_output=True)
    server.resource("computechain://docs/methodology", name="methodology", mime_type="text/markdown",
                    description="How computechain turns relations into answers: the spend and revenue matrices, "
                                "the missing-weight rule, exposure, chokepoints, shocks, policies.")(methodology)
    server.resource("computechain://schema", name="schema", mime_type="application/json",
                    description="Node types, relation kinds (allowed endpoints, weights) and what each weight "
                                "meaning is a share of; generated from the schema module.")(schema)
    return server
