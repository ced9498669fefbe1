"""The documents shipped with the package (read by ``computechain mcp`` as resources)."""
