"""Sankey diagrams as native elements: nodes are rectangles sized by flow, links are filled curved bands.

Layout in the manner of d3-sankey, written here: columns from the longest path (`sankey.nodeAlignment`:
justify, left, right or center), one scale for every column so that heights are comparable, a few
relaxation sweeps towards connected nodes, then collisions pushed apart. A link is a closed path: two
cubic curves sampled into points, its thickness at both ends the link's value on that scale.
Honours `sankey.width/height/linkColor/nodeAlignment/showValues/nodeWidth/nodePadding`.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

from autograph_desktop.mermaid.chartkit import LABEL, Chart, flag, palette, section, setting
from autograph_desktop.mermaid.chartsyntax import num_text
from autograph_desktop.mermaid.graph_build import text_size
from autograph_desktop.mermaid.sankey import SankeySpec
from autograph_desktop.mermaid.theme import MermaidTheme, css_color
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.style import DEFAULT_STYLE

CURVE_STEPS = 16


@dataclass
class _Node:
    name: str
    index: int
    column: int = 0
    value: float = 0.0
    y: float = 0.0
    h: float = 0.0
    ins: list[int] = field(default_factory=list)
    outs: list[int] = field(default_factory=list)


def _columns(spec: SankeySpec, nodes: dict[str, _Node], align: str) -> int:
    """Assign each node a column; returns the number of columns."""
    order = _topological(spec, nodes)
    depth = {name: 0 for name in nodes}
    for name in order:
        for li in nodes[name].outs:
            target = spec.links[li].target
            depth[target] = max(depth[target], depth[name] + 1)
    height = {name: 0 for name in nodes}
    for name in reversed(order):
        for li in nodes[name].outs:
            height[name] = max(height[name], height[spec.links[li].target] + 1)
    last = max(depth.values(), default=0)
    for name, node in nodes.items():
        if align == "left":
            node.column = depth[name]
        elif align == "right":
            node.column = last - height[name]
        elif align == "center" and not node.ins and node.outs:
            node.column = min(depth[spec.links[li].target] for li in node.outs) - 1
        else:  # justify: sinks to the last column
            node.column = depth[name] if node.outs else last
    return last + 1


def _topological(spec: SankeySpec, nodes: dict[str, _Node]) -> list[str]:
    incoming = {name: len(node.ins) for name, node in nodes.items()}
    queue = deque(name for name, count in incoming.items() if count == 0)
    order: list[str] = []
    while queue:
        name = queue.popleft()
        order.append(name)
        for li in nodes[name].outs:
            target = spec.links[li].target
            incoming[target] -= 1
            if incoming[target] == 0:
                queue.append(target)
    return order


def layout(spec: SankeySpec, width: float, height: float, align: str, node_w: float,
           pad: float) -> tuple[dict[str, _Node], float, float]:
    """Node boxes and the value scale; returns (nodes, scale in px per unit, column step)."""
    nodes = {name: _Node(name, i) for i, name in enumerate(spec.nodes)}
    for li, link in enumerate(spec.links):
        nodes[link.source].outs.append(li)
        nodes[link.target].ins.append(li)
    for node in nodes.values():
        node.value = max(sum(spec.links[li].value for li in node.ins), sum(spec.links[li].value for li in node.outs))
    count = _columns(spec, nodes, align)
    columns: list[list[_Node]] = [[] for _ in range(count)]
    for node in nodes.values():
        columns[node.column].append(node)
    totals = [sum(n.value for n in col) for col in columns]
    scale = min(((height - pad * (len(col) - 1)) / total for col, total in zip(columns, totals, strict=True)
                 if total > 0 and len(col) * pad < height), default=1.0)
    scale = max(scale, 1e-9)
    step = (width - node_w) / max(count - 1, 1)
    for col in columns:
        y = 0.0
        for node in col:
            node.h = max(node.value * scale, 1.0)
            node.y = y
            y += node.h + pad
    for sweep in range(6):
        for col in (columns if sweep % 2 == 0 else reversed(columns)):
            for node in col:
                links = [(spec.links[li], spec.links[li].source) for li in node.ins] + \
                        [(spec.links[li], spec.links[li].target) for li in node.outs]
                weight = sum(link.value for link, _ in links)
                if weight > 0:
                    centre = sum((nodes[other].y + nodes[other].h / 2) * link.value for link, other in links) / weight
                    node.y += (centre - node.h / 2 - node.y) * 0.5
            _resolve(col, height, pad)
    return nodes, scale, step


def _resolve(col: list[_Node], height: float, pad: float) -> None:
    """Push overlapping nodes apart, keeping the column inside [0, height] where it fits."""
    col.sort(key=lambda n: n.y)
    y = 0.0
    for node in col:
        node.y = max(node.y, y)
        y = node.y + node.h + pad
    overflow = y - pad - height
    if overflow > 0:
        y = height
        for node in reversed(col):
            node.y = min(node.y, y - node.h)
            y = node.y - pad
        shift = min(0.0, min(n.y for n in col))
        for node in col:
            node.y -= shift


def _band(x0: float, top0: float, bottom0: float, x1: float, top1: float, bottom1: float) -> list[tuple[float, float]]:
    """A closed band between two vertical ends, with horizontal tangents (a cubic with mid-x controls)."""
    mid = (x0 + x1) / 2

    def curve(ya: float, yb: float) -> list[tuple[float, float]]:
        out = []
        for i in range(CURVE_STEPS + 1):
            t = i / CURVE_STEPS
            u = 1 - t
            x = u ** 3 * x0 + 3 * u * u * t * mid + 3 * u * t * t * mid + t ** 3 * x1
            y = u ** 3 * ya + 3 * u * u * t * ya + 3 * u * t * t * yb + t ** 3 * yb
            out.append((x, y))
        return out

    return curve(top0, top1) + list(reversed(curve(bottom0, bottom1)))


def build(spec: SankeySpec, theme: MermaidTheme, config: dict[str, Any] | None = None) -> Diagram:
    options = section(config, "sankey")
    width = setting(options, "width", 600.0, 100.0, 8000.0)
    height = setting(options, "height", 400.0, 60.0, 8000.0)
    node_w = setting(options, "nodeWidth", 12.0, 2.0, 100.0)
    pad = setting(options, "nodePadding", 10.0, 0.0, 100.0)
    align = str(options.get("nodeAlignment", "justify")).lower()
    link_colour = str(options.get("linkColor", "gradient")).lower()
    show_values = flag(options, "showValues", True)
    chart = Chart("sankey", theme)
    top = chart.title(spec.title, 0.0, 0.0)
    nodes, scale, step = layout(spec, width, height, align, node_w, pad)
    colours = palette(theme, config)
    colour_of = {name: colours[n.index % len(colours)] for name, n in nodes.items()}
    # Links leave a node stacked by their target's height and arrive stacked by their source's.
    source_top: dict[int, float] = {}
    target_top: dict[int, float] = {}
    links = range(len(spec.links))
    def centre(name: str) -> float:
        return nodes[name].y + nodes[name].h / 2

    for key, ends, tops in ((lambda li: (centre(spec.links[li].target), li), "source", source_top),
                            (lambda li: (centre(spec.links[li].source), li), "target", target_top)):
        used = {name: 0.0 for name in nodes}
        for li in sorted(links, key=key):
            name = getattr(spec.links[li], ends)
            tops[li] = top + nodes[name].y + used[name]
            used[name] += spec.links[li].value * scale
    for li, link in enumerate(spec.links):
        thick = link.value * scale
        x0 = nodes[link.source].column * step + node_w
        x1 = nodes[link.target].column * step
        band = _band(x0, source_top[li], source_top[li] + thick, x1, target_top[li], target_top[li] + thick)
        fill = css_color(link_colour) if link_colour not in ("source", "target", "gradient") else None
        fill = fill or colour_of[link.target if link_colour == "target" else link.source]
        chart.path(band, DEFAULT_STYLE.with_(fill=fill, stroke="none", opacity=0.45), closed=True,
                   role="link", index=str(li), source=link.source, target=link.target, value=num_text(link.value))
    label_style = LABEL.with_(font_size=13.0, text_color=theme.text, text_align="left")
    last_column = max((n.column for n in nodes.values()), default=0)
    for name, node in nodes.items():
        x = node.column * step
        fill = colour_of[name]
        chart.rect(x, top + node.y, node_w, node.h, DEFAULT_STYLE.with_(fill=fill, stroke=fill, stroke_width=1.0),
                   role="node", name=name, value=num_text(node.value))
        label = f"{name}\n{num_text(round(node.value, 2))}" if show_values else name
        tw, th = text_size(label, label_style, 220.0)
        lx = x - tw - 12 if node.column == last_column and last_column > 0 else x + node_w + 6
        chart.text(lx, top + node.y + node.h / 2 - th / 2 - 2, label,
                   label_style.with_(text_align="right" if lx < x else "left"), w=tw + 6, role="node-label",
                   name=name)
    return chart.finish(spec.title or "Sankey diagram", show_values="1" if show_values else "")
