"""An interactive, self-contained HTML page of a graph (vis-network), safe to open offline.

:func:`html_page` is the pure builder, :func:`write_html` the thin writer. The page inlines the
vis-network build that the ``pyvis`` package ships (``pyvis/templates/lib/vis-9.1.2``) and our
own template (:mod:`computechain.exports.html_template`): pyvis's templates fetch vis-network and
Bootstrap from CDNs and escape neither the heading nor the select menu, and its ``add_edge``
scans a list per call, so we build the node and edge lists directly.

Nodes are coloured by type or by segment (a company takes the segment it has the largest
market share in, else the product it supplies most often), shaped by type, sized by a metric of
:data:`SIZE_METRICS`, labelled with their Chinese name under the English one; edges are
coloured by kind, as wide as their weight and dashed when the weight is an estimate. Tooltips
list every attribute and the cited sources. A trace view (nodes with a ``tier``) is laid out
in tiers. Pages hold at most :data:`MAX_NODES` nodes and :data:`MAX_EDGES` relations.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph(sources={})
>>> G.add_node("company:a", type="company", name="Acme <b>", name_zh="艾克")
>>> page = html_page(G, title="Acme & co")
>>> "<h1>Acme &amp; co</h1>" in page, "Acme <b>" in page, "Acme \\\\u003cb\\\\u003e" in page
(True, False, True)
>>> "https://" in page.split("<script>")[0]
False
"""

from __future__ import annotations

import functools
import importlib.util
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import jinja2
import networkx as nx
import pandas as pd
from markupsafe import Markup

from computechain.errors import ExportError, MissingDependencyError
from computechain.exports.files import write_text_atomic
from computechain.exports.formats import cell_text
from computechain.exports.html_template import PAGE_SCRIPT, TEMPLATE
from computechain.exports.styles import KIND_COLOUR, SKIP_ATTRS, TYPE_STYLE
from computechain.graph.facts import market_shares, segment_members
from computechain.graph.relations import relations
from computechain.graph.schema import NodeType, RelationKind, WeightMeaning
from computechain.queries.exposure import exposure_ranking
from computechain.queries.neighbours import weight_summary

MAX_NODES = 5_000
MAX_EDGES = 25_000
VIS_VERSION = "vis-9.1.2"
ColourBy = Literal["type", "segment"]
COLOUR_BY: tuple[ColourBy, ...] = ("type", "segment")

SEGMENT_PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#bcbd22",
                   "#17becf", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2",
                   "#dbdb8d", "#9edae5")
OTHER_COLOUR = "#7f7f7f"
NO_GROUP_COLOUR = "#d0d0d0"


def _degree(G: nx.MultiDiGraph) -> dict[str, float]:
    return {n: float(d) for n, d in G.degree()}


def _market_share(G: nx.MultiDiGraph) -> dict[str, float]:
    """Each company's largest latest-known market share (:func:`computechain.graph.facts.market_shares`)."""
    return {str(c): float(s) for c, s in market_shares(G).groupby("company")["share"].max().items()}


# Size metrics: name -> G -> {node: value}; a node missing from the result gets the smallest size.
def _exposure(G: nx.MultiDiGraph) -> dict[str, float]:
    """Each company's exposure to hyperscaler demand (:func:`computechain.queries.exposure.exposure_ranking`)."""
    companies = [n for n, t in G.nodes(data="type") if t == "company"]
    if not companies:
        return {}
    ranking = exposure_ranking(G, companies=companies, to="hyperscalers")
    return dict(zip(ranking["company"], ranking["exposure"].astype(float), strict=True))


SIZE_METRICS: dict[str, Callable[[nx.MultiDiGraph], dict[str, float]]] = {
    "degree": _degree,
    "market_share": _market_share,
    "exposure": _exposure,
    "share": lambda G: {n: float(s) for n, s in G.nodes(data="share") if s is not None},
}


@functools.cache
def _vis_asset(name: str) -> str:
    spec = importlib.util.find_spec("pyvis")  # locate pyvis without importing it (and IPython)
    if spec is None or spec.origin is None:
        raise MissingDependencyError("the HTML export needs the pyvis package (pip install pyvis)")
    text = (Path(spec.origin).parent / "templates" / "lib" / VIS_VERSION / name).read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():  # would end our inline block early
        raise MissingDependencyError(f"pyvis's {name} cannot be inlined safely (reinstall pyvis>=0.3.2)")
    return text


def _segment_of(G: nx.MultiDiGraph) -> dict[str, str]:
    """Each company's segment: its largest latest-known market share, else the product it supplies
    most often (ties by segment id)."""
    supplies = relations(G, kinds=[RelationKind.SUPPLIES])
    counts = supplies[supplies["product"].notna()].groupby(["source", "product"]).size().rename("n").reset_index()
    most = counts.assign(_n=-counts["n"]).sort_values(["source", "_n", "product"]).drop_duplicates("source")
    found = dict(zip(most["source"], most["product"], strict=True))
    members = segment_members(G)
    members = members[members["participates"]]
    shares = market_shares(G).set_index(["company", "segment"])["share"]
    share = shares.reindex(pd.MultiIndex.from_frame(members[["company", "segment"]])).fillna(0.0).to_numpy()
    best = members.assign(share=share).sort_values(["company", "share", "segment"]).drop_duplicates("company",
                                                                                                   keep="last")
    found.update(zip(best["company"], best["segment"], strict=True))
    found.update({n: n for n, t in G.nodes(data="type") if t == "segment"})
    return found


def _groups(G: nx.MultiDiGraph, colour_by: ColourBy) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """node -> colour, and the legend entries (colour, label, count)."""
    if colour_by == "type":
        group = {n: t for n, t in G.nodes(data="type")}
        colours = {t.value: style.colour for t, style in TYPE_STYLE.items()}
        labels = {t.value: t.value for t in NodeType}
    else:
        segment_of = _segment_of(G)
        counts = Counter(segment_of[n] for n in G if n in segment_of)
        ranked = sorted(counts, key=lambda g: (-counts[g], g))
        colours = dict(zip(ranked, SEGMENT_PALETTE, strict=False))
        labels = {g: G.nodes[g]["name"] if g in G else g for g in ranked}
        group = {n: (segment_of[n] if segment_of[n] in colours else "(other)") if n in segment_of else "(none)"
                 for n in G}
        colours.update({"(other)": OTHER_COLOUR, "(none)": NO_GROUP_COLOUR})
        labels.update({"(other)": "other segments", "(none)": "no segment"})
    counts = Counter(group.values())
    legend = [{"colour": colours[g], "label": labels.get(g, g), "count": c}
              for g, c in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    return {n: colours[g] for n, g in group.items()}, legend


def _source_rows(G: nx.MultiDiGraph, attrs: dict[str, Any]) -> list[list[str]]:
    sources = G.graph.get("sources", {})
    rows = []
    for sid in attrs.get("sources") or []:
        s = sources.get(sid, {})
        where = ", ".join(str(s[k]) for k in ("publisher", "date", "url") if s.get(k))
        rows.append(["source", f"{s.get('name', sid)} ({where})" if where else str(s.get("name", sid))])
    return rows


def _node_item(G: nx.MultiDiGraph, node: str, attrs: dict[str, Any], colour: str, size: float) -> dict[str, Any]:
    name, zh = str(attrs.get("name", node)), attrs.get("name_zh")
    tip = [["name", name], ["id", node], ["type", str(attrs.get("type"))]]
    tip += [[k, cell_text(v, "; ")] for k, v in attrs.items() if k not in SKIP_ATTRS and cell_text(v, "; ")]
    item = {"id": node, "label": f"{name}\n{zh}" if zh else name, "color": colour, "size": size,
            "shape": TYPE_STYLE[NodeType(attrs["type"])].shape, "tip": tip + _source_rows(G, attrs),
            "search": " ".join([node, name, zh or "", *attrs.get("aliases", [])]).lower()}
    if "tier" in attrs:
        item["level"] = attrs["tier"]
    return item


def _edge_item(G: nx.MultiDiGraph, u: str, v: str, key: str, d: dict[str, Any]) -> dict[str, Any]:
    weight = next((d[m.value] for m in WeightMeaning if d.get(m.value) is not None), None)
    tip = [["relation", d["kind"]], ["from", G.nodes[u].get("name", u)], ["to", G.nodes[v].get("name", v)],
           ["id", key]]
    tip += [[k, cell_text(d.get(k), "; ")] for k in ("product", "basis", "as_of", "valid_from", "valid_to", "note")
            if d.get(k)]
    summary = weight_summary(d)
    tip += [["weights", summary]] if summary else []
    return {"id": key, "from": u, "to": v, "color": KIND_COLOUR[RelationKind(d["kind"])],
            "width": 1 + 7 * float(weight) if weight is not None else 1, "dashes": d.get("basis") == "estimate",
            "tip": tip + _source_rows(G, d)}


def _options(G: nx.MultiDiGraph) -> dict[str, Any]:
    # the browser lays the graph out before showing it: fewer rounds for big graphs keep that to seconds
    iterations = max(25, min(200, 100_000 // max(1, G.number_of_nodes())))
    options: dict[str, Any] = {
        "interaction": {"hover": True, "tooltipDelay": 150},
        "edges": {"smooth": False, "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}},
        "nodes": {"font": {"size": 14}, "borderWidth": 1},
        "physics": {"solver": "forceAtlas2Based", "stabilization": {"iterations": iterations}},
        "layout": {"improvedLayout": G.number_of_nodes() <= 200},
    }
    if any("tier" in attrs for _, attrs in G.nodes(data=True)):
        options["layout"]["hierarchical"] = {"direction": "UD", "levelSeparation": 160, "nodeSpacing": 140}
        options["physics"] = {"solver": "hierarchicalRepulsion", "stabilization": {"iterations": iterations}}
    return options


_ENVIRONMENT = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
_ENVIRONMENT.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False}
_TEMPLATE = _ENVIRONMENT.from_string(TEMPLATE)


def check_size(G: nx.MultiDiGraph) -> None:
    """Raise ExportError when ``G`` is larger than a page can hold (:data:`MAX_NODES`, :data:`MAX_EDGES`)."""
    n, m = G.number_of_nodes(), G.number_of_edges()
    if n > MAX_NODES or m > MAX_EDGES:
        raise ExportError(
            f"the view has {n:,} nodes and {m:,} relations; an HTML page holds at most {MAX_NODES:,} nodes "
            f"and {MAX_EDGES:,} relations. Narrow it with --focus NAME --depth N, --segment S, "
            "--listed EXCHANGES or --trace SOURCE, or export graphml for Gephi.")


def html_page(G: nx.MultiDiGraph, *, title: str = "computechain", subtitle: str | None = None,
              colour_by: ColourBy = "type", size_by: str = "degree") -> str:
    """The HTML page of ``G`` (see the module docstring); raises ExportError for a bad option or a too
    large graph."""
    if colour_by not in COLOUR_BY:
        raise ExportError(f"unknown colour_by {colour_by!r}; use one of {', '.join(COLOUR_BY)}")
    if size_by not in SIZE_METRICS:
        raise ExportError(f"unknown size_by {size_by!r}; use one of {', '.join(SIZE_METRICS)}")
    check_size(G)
    colours, node_legend = _groups(G, colour_by)
    values = SIZE_METRICS[size_by](G)
    top = max(values.values(), default=0.0) or 1.0
    nodes = [_node_item(G, n, a, colours[n], 10 + 30 * (values.get(n, 0.0) / top) ** 0.5)
             for n, a in G.nodes(data=True)]
    edges = [_edge_item(G, u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True)]
    kinds = Counter(d for *_, d in G.edges(data="kind"))
    edge_legend = [{"colour": KIND_COLOUR[RelationKind(k)], "label": k, "count": c} for k, c in sorted(kinds.items())]
    return _TEMPLATE.render(
        title=title, colour_by=colour_by, size_by=size_by, node_legend=node_legend, edge_legend=edge_legend,
        subtitle=subtitle or f"{len(nodes):,} nodes, {len(edges):,} relations, "
                             f"{len(G.graph.get('sources', {})):,} sources",
        shapes=", ".join(f"{t.value} {style.shape}" for t, style in TYPE_STYLE.items() if t is not NodeType.SOURCE),
        data={"nodes": nodes, "edges": edges, "options": _options(G)},
        vis_css=Markup(_vis_asset("vis-network.css")), vis_js=Markup(_vis_asset("vis-network.min.js")),
        page_script=Markup(PAGE_SCRIPT),
    )


def write_html(G: nx.MultiDiGraph, path: Path, **options: Any) -> None:
    """Write :func:`html_page` of ``G`` to ``path`` (UTF-8, atomic); ``options`` as for html_page."""
    write_text_atomic(path, html_page(G, **options))
