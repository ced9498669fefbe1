"""A Sankey diagram of a money trace (capex plan -> segments -> suppliers -> ...), as a
self-contained HTML page that works offline.

:func:`sankey_figure` is the pure builder (a plotly figure as a dict), :func:`sankey_page` the
page (plotly.js inlined from the ``plotly`` package, no CDN; a Content-Security-Policy that blocks
every outside request; all data JSON-escaped so a name cannot close the script), :func:`write_sankey`
the thin writer. A link buyer -> seller for a product goes through the product's segment, so a
plan's spend reads plan -> AI servers -> Quanta -> AI accelerators -> Nvidia.

Examples
--------
>>> import networkx as nx, pandas as pd
>>> G = nx.MultiDiGraph()
>>> for n, name in (("capex:p", "Plan"), ("segment:s", "Servers"), ("company:q", "Quanta </script>")):
...     G.add_node(n, name=name)
>>> flows = pd.DataFrame({"buyer": ["capex:p"], "seller": ["company:q"], "product": ["segment:s"],
...                       "usd": [5e9], "basis": ["prior"]})
>>> fig = sankey_figure(G, flows, title="Plan")
>>> fig["data"][0]["node"]["label"], fig["data"][0]["link"]["value"]
(['Plan', 'Servers', 'Quanta </script>'], [5000000000.0, 5000000000.0])
>>> page = sankey_page(fig)
>>> "Quanta </script>" in page, "<script src=" in page, "default-src 'none'" in page
(False, False, True)
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from computechain.exports.files import write_text_atomic

MAX_LINKS = 60


def _links(flows: pd.DataFrame, top: int) -> pd.DataFrame:
    """source, target, usd: the ``top`` largest flows, each through its product's segment,
    aggregated; a link that would close a cycle (plotly cannot draw one) is left out."""
    chosen = flows.head(top)
    steps = []
    for f in chosen.itertuples():
        if isinstance(f.product, str) and f.product.startswith("segment:") and f.product not in (f.buyer, f.seller):
            steps += [(f.buyer, f.product, f.usd), (f.product, f.seller, f.usd)]
        else:
            steps.append((f.buyer, f.seller, f.usd))
    links = pd.DataFrame(steps, columns=["source", "target", "usd"]).groupby(
        ["source", "target"], sort=False)["usd"].sum().reset_index()
    dag = nx.DiGraph()
    kept = np.zeros(len(links), dtype=bool)
    for position in np.argsort(-links["usd"].to_numpy(), kind="stable"):
        source, target = links["source"].iat[position], links["target"].iat[position]
        dag.add_edge(source, target)
        kept[position] = nx.is_directed_acyclic_graph(dag)
        if not kept[position]:
            dag.remove_edge(source, target)
    return links[kept]


def sankey_figure(G: nx.MultiDiGraph, flows: pd.DataFrame, *, title: str, top: int = MAX_LINKS) -> dict[str, Any]:
    """A plotly Sankey figure (as a dict) of the ``top`` largest flows of a
    :func:`computechain.queries.money.money_flows` table; values in USD."""
    links = _links(flows, top)
    nodes = list(dict.fromkeys([*links["source"], *links["target"]]))
    index = {n: i for i, n in enumerate(nodes)}
    labels = [str(G.nodes[n].get("name", n)) if n in G else n for n in nodes]
    return {
        "data": [{
            "type": "sankey", "valueformat": "$,.3s", "valuesuffix": "",
            "node": {"label": labels, "customdata": nodes, "pad": 12, "thickness": 14,
                     "hovertemplate": "%{label}<br>%{customdata}<br>%{value}<extra></extra>"},
            "link": {"source": [index[s] for s in links["source"]], "target": [index[t] for t in links["target"]],
                     "value": [float(v) for v in links["usd"]]},
        }],
        "layout": {"title": {"text": title}, "font": {"size": 12}, "height": max(500, 18 * len(nodes))},
    }


def _plotly_js() -> str:
    from plotly.offline import get_plotlyjs

    return str(get_plotlyjs())


def _script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element: no '<', '>' or '&' survives unescaped."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def sankey_page(figure: dict[str, Any]) -> str:
    """The self-contained page of a :func:`sankey_figure`."""
    title = html.escape(str(figure["layout"]["title"]["text"]))
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:; font-src data:\">\n"
        f"<title>{title}</title></head>\n<body style=\"margin:0;font-family:sans-serif\">\n"
        "<div id=\"sankey\"></div>\n"
        f"<script>{_plotly_js()}</script>\n"
        f"<script>const figure = {_script_json(figure)};\n"
        "Plotly.newPlot('sankey', figure.data, figure.layout, {displaylogo: false, responsive: true})\n"
        ".then(() => { window.computechain = {links: figure.data[0].link.value.length}; });</script>\n"
        "</body></html>\n"
    )


def write_sankey(path: Path, figure: dict[str, Any]) -> None:
    """Write :func:`sankey_page` of ``figure`` to ``path`` (UTF-8, atomic)."""
    write_text_atomic(path, sankey_page(figure))
