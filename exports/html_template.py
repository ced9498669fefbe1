"""The page template of :mod:`computechain.exports.html` (Jinja2, autoescaped).

Safety rests on three rules: every data string reaches the page either through Jinja's
autoescaping (title, legend) or inside the ``application/json`` block written with ``tojson``
(which escapes ``<``, ``>``, ``&`` and ``'``); the script builds tooltips, the select menu and
the details panel with ``textContent`` only, never ``innerHTML``; and the Content-Security-Policy
allows no request to leave the page (only inline scripts and styles and ``data:`` images).
"""

from __future__ import annotations

PAGE_SCRIPT = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  function rowsBox(rows) {
    var box = document.createElement("div");
    box.className = "tip";
    rows.forEach(function (row) {
      var line = document.createElement("div");
      var key = document.createElement("b");
      key.textContent = row[0] + ": ";
      line.appendChild(key);
      line.appendChild(document.createTextNode(row[1]));
      box.appendChild(line);
    });
    return box;
  }
  function withTip(item) {
    var copy = Object.assign({}, item, {title: rowsBox(item.tip)});
    delete copy.tip;
    delete copy.search;
    return copy;
  }
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var nodes = new vis.DataSet(data.nodes.map(withTip));
  var edges = new vis.DataSet(data.edges.map(withTip));
  var network = new vis.Network(document.getElementById("network"), {nodes: nodes, edges: edges}, data.options);
  network.once("stabilizationIterationsDone", function () { network.setOptions({physics: false}); });
  var details = document.getElementById("details");
  var select = document.getElementById("node-select");
  function show(id) {
    details.replaceChildren();
    if (id !== null && byId[id]) { details.appendChild(rowsBox(byId[id].tip)); }
  }
  data.nodes.slice().sort(function (a, b) { return a.label.localeCompare(b.label); }).forEach(function (n) {
    var option = document.createElement("option");
    option.value = n.id;
    option.textContent = n.label.replace("\n", " · ");
    option.dataset.search = n.search;
    select.appendChild(option);
  });
  document.getElementById("node-search").addEventListener("input", function (event) {
    var wanted = event.target.value.trim().toLowerCase();
    var first = null;
    Array.prototype.forEach.call(select.options, function (option) {
      option.hidden = option.value !== "" && option.dataset.search.indexOf(wanted) < 0;
      if (!option.hidden && option.value !== "" && first === null) { first = option; }
    });
    if (wanted && first) { select.value = first.value; select.dispatchEvent(new Event("change")); }
  });
  select.addEventListener("change", function () {
    if (!select.value) { network.unselectAll(); show(null); return; }
    network.selectNodes([select.value]);
    network.focus(select.value, {scale: 1.2, animation: true});
    show(select.value);
  });
  network.on("selectNode", function (params) { select.value = params.nodes[0]; show(params.nodes[0]); });
  network.on("deselectNode", function () { select.value = ""; show(null); });
  document.getElementById("reset").addEventListener("click", function () {
    select.value = ""; network.unselectAll(); show(null); network.fit();
  });
  window.computechain = {network: network, nodes: nodes, edges: edges};
})();
"""

TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy"
      content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>{{ vis_css }}</style>
<style>
body { margin: 0; font-family: system-ui, "Noto Sans CJK SC", "Noto Sans", sans-serif; color: #222; }
header { padding: 8px 16px; border-bottom: 1px solid #ddd; }
h1 { font-size: 20px; margin: 4px 0; }
h2 { font-size: 15px; margin: 12px 0 4px; }
.subtitle { color: #666; font-size: 13px; }
main { display: flex; height: calc(100vh - 70px); }
#network { flex: 1; min-width: 0; }
aside { width: 300px; padding: 8px 12px; border-left: 1px solid #ddd; overflow-y: auto; font-size: 13px; }
aside input, aside select { width: 100%; box-sizing: border-box; margin-bottom: 6px; }
.legend { list-style: none; padding: 0; margin: 4px 0 12px; }
.legend li { margin: 2px 0; }
.swatch { display: inline-block; width: 12px; height: 12px; margin-right: 6px; vertical-align: middle;
          border-radius: 6px; }
.line { display: inline-block; width: 18px; height: 3px; margin-right: 6px; vertical-align: middle; }
.tip { font-size: 12px; max-width: 420px; white-space: normal; }
#details .tip { max-width: none; }
</style>
</head>
<body>
<header>
<h1>{{ title }}</h1>
<div class="subtitle">{{ subtitle }}</div>
</header>
<main>
<div id="network"></div>
<aside>
<label for="node-search">Search a node</label>
<input id="node-search" type="search" placeholder="name, 中文名, alias or id" autocomplete="off">
<select id="node-select" aria-label="Select a node"><option value="">(select a node)</option></select>
<button id="reset" type="button">Reset view</button>
<div id="details"></div>
<h2>Colour: {{ colour_by }}</h2>
<ul class="legend">
{% for entry in node_legend %}<li><span class="swatch" style="background: {{ entry.colour }}"></span>
{{ entry.label }} ({{ entry.count }})</li>
{% endfor %}</ul>
<h2>Relations</h2>
<ul class="legend">
{% for entry in edge_legend %}<li><span class="line" style="background: {{ entry.colour }}"></span>
{{ entry.label }} ({{ entry.count }})</li>
{% endfor %}</ul>
<p>Node size: {{ size_by }}. Shape: {{ shapes }}. Edge width: the relation's weight;
dashed: an estimate. Hover for details and sources.</p>
</aside>
</main>
<script id="graph-data" type="application/json">{{ data|tojson }}</script>
<script>{{ vis_js }}</script>
<script>{{ page_script }}</script>
</body>
</html>
"""
