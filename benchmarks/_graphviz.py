"""Graphviz `dot` as a baseline: the layout input as DOT source, and dot's drawing read back as polylines.

Fairness rules for the comparison (both sides get the same graph and are measured the same way):
- dot gets the very `LayoutGraph` our layout gets: every node as a fixed-size box of our size (1 px = 1 pt),
  every edge in our order with its minimum length, edge labels and cluster titles as fixed-size empty
  boxes of our label/title size, nested clusters as nested `cluster` subgraphs, our direction, node and
  rank spacing. Node and edge order are the same, so the initial orders dot builds match ours.
- crossings are counted on the final drawings with one function (`layout.quality.count_crossings`): a
  crossing is a proper intersection of the drawn routes of two different edges. Ours are the connectors
  as the canvas draws them; dot's are its `-Tplain` B-splines, each Bézier piece sampled 16 times.
"""

from __future__ import annotations

import shutil
import subprocess
import time

from autograph_desktop.layout import LayoutCluster, LayoutGraph, LayoutOptions
from autograph_desktop.layout.quality import flatten_bezier

#: What the benchmark prints when dot is missing (the ratio lines are skipped).
DOT_HINT = "graphviz: dot not found, ratios to dot skipped (install it with: apt-get install graphviz)"

Polyline = list[tuple[float, float]]


def has_dot() -> bool:
    return shutil.which("dot") is not None


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _box_label(width: float, height: float) -> str:
    """An empty HTML label of exactly this size in points, so dot reserves what we reserve."""
    return (f'<<TABLE FIXEDSIZE="TRUE" WIDTH="{max(1, round(width))}" HEIGHT="{max(1, round(height))}" '
            'BORDER="0" CELLPADDING="0" CELLSPACING="0"><TR><TD></TD></TR></TABLE>>')


def _cluster_lines(cluster: LayoutCluster, indent: str, out: list[str]) -> None:
    out.append(f"{indent}subgraph {_quote('cluster_' + cluster.id)} {{")
    if cluster.title_width > 0 and cluster.title_height > 0:
        out.append(f"{indent}  label={_box_label(cluster.title_width, cluster.title_height)};")
    else:
        out.append(f'{indent}  label="";')
    for member in cluster.members:
        out.append(f"{indent}  {_quote(member)};")
    for child in cluster.children:
        _cluster_lines(child, indent + "  ", out)
    out.append(f"{indent}}}")


def to_dot(graph: LayoutGraph, options: LayoutOptions) -> str:
    """DOT source for exactly the graph our layered layout is given."""
    rankdir = {"TD": "TB"}.get(graph.direction.upper(), graph.direction.upper())
    lines = [
        "digraph G {",
        f"  graph [rankdir={rankdir}, nodesep={options.node_spacing / 72:.4f}, "
        f"ranksep={options.rank_spacing / 72:.4f}];",
        '  node [shape=box, fixedsize=true, label=""];',
    ]
    for node in graph.nodes:
        # dot's width is always horizontal on the page, as ours is, whatever the direction.
        lines.append(f"  {_quote(node.id)} [width={node.width / 72:.4f}, height={node.height / 72:.4f}];")
    for cluster in graph.clusters:
        _cluster_lines(cluster, "  ", lines)
    for edge in graph.edges:
        attrs = [f"id={_quote(edge.id)}"]
        if edge.minlen != 1:
            attrs.append(f"minlen={edge.minlen}")
        if edge.has_label:
            attrs.append(f"label={_box_label(edge.label_width, edge.label_height)}")
        lines.append(f"  {_quote(edge.source)} -> {_quote(edge.target)} [{', '.join(attrs)}];")
    lines.append("}")
    return "\n".join(lines)


def _plain_tokens(line: str) -> list[str]:
    """Split one `-Tplain` line; quoted names may hold spaces."""
    out: list[str] = []
    i = 0
    while i < len(line):
        if line[i] == " ":
            i += 1
        elif line[i] == '"':
            j = i + 1
            while j < len(line) and line[j] != '"':
                j += 2 if line[j] == "\\" else 1
            out.append(line[i + 1 : j])
            i = j + 1
        else:
            j = line.find(" ", i)
            j = len(line) if j < 0 else j
            out.append(line[i:j])
            i = j
    return out


def dot_drawing(source: str, timeout: float = 300.0) -> tuple[float, list[Polyline]]:
    """(milliseconds, one polyline per edge) of dot's drawing of ``source``; time includes dot's start-up."""
    start = time.perf_counter()
    out = subprocess.run(["dot", "-Tplain"], input=source, capture_output=True, text=True, timeout=timeout,
                         check=True).stdout
    elapsed = (time.perf_counter() - start) * 1000
    curves: list[Polyline] = []
    for line in out.splitlines():
        parts = _plain_tokens(line)
        if parts and parts[0] == "edge":
            k = int(parts[3])
            pts = [(float(parts[4 + 2 * i]) * 72, float(parts[5 + 2 * i]) * 72) for i in range(k)]
            curves.append(flatten_bezier(pts, 16))
    return elapsed, curves
