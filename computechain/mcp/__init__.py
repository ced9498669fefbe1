"""``computechain mcp``: the public queries as a Model Context Protocol server for AI assistants.

:mod:`~computechain.mcp.tools` holds the tools (one per public query), :mod:`~computechain.mcp.answers`
what each returns, :mod:`~computechain.mcp.schema_doc` the schema resource and
:mod:`~computechain.mcp.server` the server that serves them on stdio.
"""
