"""Find entities by name, alias (Chinese included), ticker or id.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("company:acme-optics", type="company", name="Acme Optics", name_zh="艾克光学",
...            aliases=["Acme"], listings=[{"exchange": "SZSE", "ticker": "300999"}])
>>> find_entity(G, "艾克光学"), find_entity(G, "300999"), find_entity(G, "acme optics")
('company:acme-optics', 'company:acme-optics', 'company:acme-optics')
>>> search(G, text="acme")[["id", "matched"]].to_dict("records")
[{'id': 'company:acme-optics', 'matched': 'Acme'}]
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

import networkx as nx
import pandas as pd

from computechain.errors import AmbiguousEntityError, UnknownEntityError
from computechain.graph.facts import listing_text

SEARCH_COLUMNS = ["id", "type", "name", "name_zh", "matched", "exact"]


def normalise(text: str) -> str:
    """Case-, width- and punctuation-insensitive form of a name.

    >>> normalise("SK hynix, Inc.") == normalise("sk-hynix inc")
    True
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\W_]+", "", folded)


def names_of(node: str, attrs: dict[str, Any]) -> Iterator[str]:
    """Every string an entity answers to: id, slug, name, Chinese name, aliases, tickers."""
    yield node
    yield node.split(":", 1)[-1]
    yield attrs.get("name", "")
    if attrs.get("name_zh"):
        yield attrs["name_zh"]
    yield from attrs.get("aliases", [])
    for listing in attrs.get("listings", []):
        yield listing["ticker"]
        yield listing_text(listing)


def find_entity(G: nx.MultiDiGraph, name: str) -> str:
    """The id of the one entity that answers exactly (after :func:`normalise`) to ``name``.

    Raises UnknownEntityError (with suggestions) or AmbiguousEntityError.
    """
    if name in G:
        return name
    wanted = normalise(name)
    found = sorted({node for node, attrs in G.nodes(data=True)
                    if any(normalise(n) == wanted for n in names_of(node, attrs))})
    if len(found) == 1:
        return found[0]
    if found:
        raise AmbiguousEntityError(name, found)
    everything = {normalise(n): node for node, attrs in G.nodes(data=True)
                  for n in names_of(node, attrs) if n}
    close = difflib.get_close_matches(wanted, everything, n=3, cutoff=0.7)
    raise UnknownEntityError(name, sorted({everything[c] for c in close}))


def search(G: nx.MultiDiGraph, *, text: str, limit: int = 50) -> pd.DataFrame:
    """Entities any of whose names contains ``text`` (normalised); exact matches first.

    Columns: id, type, name, name_zh, matched (the name that matched), exact (bool).
    """
    wanted = normalise(text)
    rows = []
    for node, attrs in G.nodes(data=True):
        hits = [n for n in names_of(node, attrs) if n and wanted and wanted in normalise(n)]
        if hits:
            best = min(hits, key=lambda n: (normalise(n) != wanted, len(n)))
            rows.append({"id": node, "type": attrs.get("type"), "name": attrs.get("name"),
                         "name_zh": attrs.get("name_zh"), "matched": best,
                         "exact": normalise(best) == wanted})
    frame = pd.DataFrame(rows, columns=SEARCH_COLUMNS)
    return frame.sort_values(["exact", "id"], ascending=[False, True]).head(limit).reset_index(drop=True)
