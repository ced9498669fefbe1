"""How a cycle of nodes is named in messages: from its smallest id, back to it, long ones cut.

Examples
--------
>>> loop_text(["company:b", "company:a"])
'company:a -> company:b -> company:a'
"""

from __future__ import annotations

from collections.abc import Sequence

SHOWN = 12


def loop_text(cycle: Sequence[str]) -> str:
    """``a -> b -> a`` for the cycle ``cycle`` (in order), started at its smallest id."""
    start = cycle.index(min(cycle))  # deterministic: start the loop at its smallest id
    nodes = [*cycle[start:], *cycle[:start]]
    shown = [*nodes, nodes[0]] if len(nodes) <= SHOWN else [*nodes[:10], f"... ({len(nodes)} nodes in all)", nodes[0]]
    return " -> ".join(shown)
