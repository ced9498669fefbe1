"""A static picture (PNG or SVG, matplotlib) of a small view, for reports and the README.

Nodes are coloured by type and sized by degree, edges coloured by kind and as wide as their
weight, as in the HTML page. A trace view (nodes with a ``tier``) is drawn in tiers, the source
on top; any other view with a seeded spring layout, so the same graph gives the same picture.
Labels show the Chinese name under the English one when a CJK font is installed (Debian:
``fonts-noto-cjk``), else the English name only. Pictures hold at most :data:`MAX_NODES` nodes.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("company:a", type="company", name="Acme")
>>> G.add_node("segment:hbm", type="segment", name="HBM")
>>> _ = G.add_edge("company:a", "segment:hbm", key="r", kind="participates_in", market_share=0.5)
>>> picture_bytes(G, fmt="svg", title="Acme").startswith(b"<?xml")
True
>>> picture_bytes(G, fmt="png", title="Acme")[:4]
b'\\x89PNG'
"""

from __future__ import annotations

import functools
import io
from collections import Counter
from pathlib import Path
from typing import Any

import matplotlib
import networkx as nx
from matplotlib.figure import Figure
from matplotlib.font_manager import fontManager
from matplotlib.patches import Patch

from computechain.errors import ExportError
from computechain.exports.controls import escape_controls
from computechain.exports.files import write_bytes_atomic
from computechain.exports.styles import KIND_COLOUR, TYPE_STYLE
from computechain.graph.schema import NodeType, RelationKind, WeightMeaning

MAX_NODES = 300
PICTURE_FORMATS = ("png", "svg")
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "WenQuanYi Zen Hei", "Source Han Sans SC")


@functools.cache
def cjk_font() -> str | None:
    """The first installed font of :data:`CJK_FONTS`, or None."""
    installed = {font.name for font in fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def font_note() -> str | None:
    """What a picture lacks without a CJK font (None when one is installed).

    >>> font_note() is None or "fonts-noto-cjk" in font_note()
    True
    """
    if cjk_font() is not None:
        return None
    return ("no CJK font installed (one of " + ", ".join(CJK_FONTS) + "; Debian: fonts-noto-cjk): labels show "
            "English names only, and Chinese characters elsewhere are drawn as empty boxes")


def _layout(G: nx.MultiDiGraph) -> dict[str, Any]:
    if G.number_of_nodes() and all("tier" in a for _, a in G.nodes(data=True)):
        pos = nx.multipartite_layout(G, subset_key="tier", align="horizontal")
        return {n: (x, -y) for n, (x, y) in pos.items()}  # tier 0 on top
    return nx.spring_layout(nx.Graph(G.to_undirected(as_view=True)), seed=7)


def _label(attrs: dict[str, Any], node: str, cjk: bool) -> str:
    name = str(attrs.get("name", node))
    return escape_controls(f"{name}\n{attrs['name_zh']}" if cjk and attrs.get("name_zh") else name)


def picture_figure(G: nx.MultiDiGraph, *, title: str) -> Figure:
    """The matplotlib Figure of ``G`` (no pyplot state is touched)."""
    if G.number_of_nodes() > MAX_NODES:
        raise ExportError(f"the view has {G.number_of_nodes():,} nodes; a picture holds at most {MAX_NODES}. "
                          "Narrow it with --focus NAME --depth N, --segment S, --listed or --trace.")
    font = cjk_font()
    families = [font, "DejaVu Sans"] if font else ["DejaVu Sans"]
    side = min(16.0, 6.0 + G.number_of_nodes() ** 0.5)
    fig = Figure(figsize=(side * 1.3, side), layout="constrained")
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.margins(0.12)  # room for the labels of the outer nodes
    ax.set_title(escape_controls(title), fontfamily=families)
    pos = _layout(G)
    nodes = list(G.nodes)
    degree = dict(G.degree())
    nx.draw_networkx_nodes(G, pos, ax=ax, nodelist=nodes, node_size=[120 + 60 * degree[n] for n in nodes],
                           node_color=[TYPE_STYLE[NodeType(G.nodes[n]["type"])].colour for n in nodes])
    parallel: Counter[tuple[str, str]] = Counter()
    for u, v, d in G.edges(data=True):
        parallel[u, v] += 1  # bend the 2nd, 3rd ... relation between the same two nodes apart
        weight = next((d[m.value] for m in WeightMeaning if d.get(m.value) is not None), None)
        nx.draw_networkx_edges(G, pos, ax=ax, edgelist=[(u, v)], edge_color=KIND_COLOUR[RelationKind(d["kind"])],
                               width=1 + 5 * float(weight) if weight is not None else 1.0,
                               style="dashed" if d.get("basis") == "estimate" else "solid", arrowsize=10,
                               connectionstyle=f"arc3,rad={0.2 * (parallel[u, v] - 1)}")
    nx.draw_networkx_labels(G, pos, ax=ax, font_size=8, font_family=families,
                            labels={n: _label(a, n, font is not None) for n, a in G.nodes(data=True)})
    types = sorted({NodeType(t) for _, t in G.nodes(data="type")})
    ax.legend(handles=[Patch(color=TYPE_STYLE[t].colour, label=t.value) for t in types], loc="lower left",
              prop={"family": families, "size": 8})
    return fig


def picture_bytes(G: nx.MultiDiGraph, *, fmt: str, title: str) -> bytes:
    """PNG or SVG bytes of :func:`picture_figure` (no creation date, stable SVG ids)."""
    if fmt not in PICTURE_FORMATS:
        raise ExportError(f"unknown picture format {fmt!r}; use one of {', '.join(PICTURE_FORMATS)}")
    buffer = io.BytesIO()
    # names are text, never mathtext: "$" in a name must not be parsed (or fail to parse)
    with matplotlib.rc_context({"svg.hashsalt": "computechain", "text.parse_math": False}):
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        picture_figure(G, title=title).savefig(buffer, format=fmt, dpi=150, metadata=metadata)
    return buffer.getvalue()


def write_picture(G: nx.MultiDiGraph, path: Path, *, title: str, fmt: str | None = None) -> None:
    """Write a PNG or SVG picture of ``G`` atomically; ``fmt`` defaults to the suffix of ``path``."""
    chosen = fmt or path.suffix.lower().lstrip(".")
    if chosen not in PICTURE_FORMATS:
        raise ExportError(f"picture format {chosen!r} of {path.name!r}: use one of {', '.join(PICTURE_FORMATS)}")
    write_bytes_atomic(path, picture_bytes(G, fmt=chosen, title=title))
