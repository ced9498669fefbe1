"""Control characters made visible: the one rule every text output applies.

XML 1.0 (GraphML, GEXF, SVG) cannot hold C0 control characters other than tab, newline and
carriage return, and a terminal obeys escape sequences (ESC ``]0;...`` BEL retitles it, C1
``CSI`` moves the cursor). :func:`escape_controls` writes every C0 control but tab and newline,
DEL and every C1 control as the visible text ``\\xNN``, so the output stays well formed and a
terminal shows what the data holds instead of obeying it. The loaders refuse such characters;
this keeps the outputs safe for graphs built some other way.

Examples
--------
>>> escape_controls("Acme\\x1b]0;owned\\x07 Co.\\tLtd\\n")
'Acme\\\\x1b]0;owned\\\\x07 Co.\\tLtd\\n'
>>> escape_controls("中际旭创")
'中际旭创'
"""

from __future__ import annotations

import re
from typing import Any

CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _visible(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"


def escape_controls(text: str) -> str:
    """``text`` with each control character but tab and newline written as ``\\xNN``."""
    return CONTROLS.sub(_visible, text)


def escape_value(value: Any) -> Any:
    """:func:`escape_controls` of a string; any other value unchanged.

    >>> escape_value("a\\x00b"), escape_value(0.5)
    ('a\\\\x00b', 0.5)
    """
    return escape_controls(value) if isinstance(value, str) else value
