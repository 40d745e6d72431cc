"""Treemaps as native elements: squarified rectangles, sections with a title band holding their children.

The squarified layout (Bruls, Huizing and van Wijk) is written here: children in decreasing size fill
rows along the shorter side while that keeps their aspect ratios close to square. Within one section,
areas are exactly proportional to sizes. Honours `treemap.width/height/padding/diagramPadding/showValues/
labelFontSize/valueFontSize/valueFormat` and `classDef` styles.
"""

from __future__ import annotations

import re
from typing import Any

from autograph_desktop.mermaid.chartkit import LABEL, Chart, fitting_size, flag, palette, section, setting
from autograph_desktop.mermaid.chartsyntax import num_text
from autograph_desktop.mermaid.theme import MermaidTheme, apply_css, tint
from autograph_desktop.mermaid.treemap import TreemapSpec
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.style import DEFAULT_STYLE

Rect = tuple[float, float, float, float]
HEADER = 22.0


def _worst(areas: list[float], side: float) -> float:
    total = sum(areas)
    if total <= 0 or side <= 0:
        return float("inf")
    thick = total / side
    return max(max(thick * thick / a, a / (thick * thick)) if a > 0 else float("inf") for a in areas)


def squarify(weights: list[float], rect: Rect) -> list[Rect]:
    """Rectangles for `weights` (in the given order, best sorted largest first) tiling `rect` by area."""
    x, y, w, h = rect
    total = sum(weights)
    out: list[Rect] = []
    if total <= 0 or w <= 0 or h <= 0:
        return [(x, y, 0.0, 0.0) for _ in weights]
    areas = [wt / total * w * h for wt in weights]
    i = 0
    while i < len(areas):
        side = min(w, h)
        row = [areas[i]]
        j = i + 1
        while j < len(areas) and _worst([*row, areas[j]], side) <= _worst(row, side):
            row.append(areas[j])
            j += 1
        thick = sum(row) / side if side > 0 else 0.0
        offset = 0.0
        for area in row:
            length = area / thick if thick > 0 else 0.0
            out.append((x, y + offset, thick, length) if w >= h else (x + offset, y, length, thick))
            offset += length
        if w >= h:
            x, w = x + thick, max(w - thick, 0.0)
        else:
            y, h = y + thick, max(h - thick, 0.0)
        i = j
    return out


def format_value(value: float, pattern: str) -> str:
    """A small subset of d3-format that Mermaid's docs use: `,` `$` `.Nf` `%` and their mixes."""
    match = re.fullmatch(r"(\$?)(0?,?0?)(?:\.(\d{1,2}))?([f%]?)", pattern.strip())
    if not match:
        return num_text(value)
    dollar, comma, digits, kind = match.groups()
    if kind == "%":
        value *= 100
    places = int(digits) if digits is not None else (0 if kind or value == int(value) else 2)
    text = f"{value:,.{places}f}" if "," in comma else f"{value:.{places}f}"
    return f"{dollar}{text}{'%' if kind == '%' else ''}"


def build(spec: TreemapSpec, theme: MermaidTheme, config: dict[str, Any] | None = None) -> Diagram:
    options = section(config, "treemap")
    width = setting(options, "width", 800.0, 100.0, 8000.0)
    height = setting(options, "height", 500.0, 100.0, 8000.0)
    pad = setting(options, "padding", 8.0, 0.0, 60.0)
    outer = setting(options, "diagramPadding", 8.0, 0.0, 400.0)
    show_values = flag(options, "showValues", True)
    value_format = str(options.get("valueFormat", ","))
    label_size = setting(options, "labelFontSize", 14.0, 4.0, 60.0)
    value_size = setting(options, "valueFontSize", 12.0, 4.0, 60.0)
    chart = Chart("treemap", theme)
    top = chart.title(spec.title, outer, outer)
    totals = spec.totals()
    colours = palette(theme, config)
    rects: dict[int, Rect] = {}
    roots = sorted(spec.roots(), key=lambda i: -totals[i])
    for index, rect in zip(roots, squarify([totals[i] for i in roots], (outer, top, width - 2 * outer,
                                                                            height - top - outer)), strict=True):
        rects[index] = rect
    # Colours follow the top-level branches (under a single root, its children's branches).
    tops = spec.roots()
    if len(tops) == 1 and spec.nodes[tops[0]].children:
        tops = spec.nodes[tops[0]].children
    branch: dict[int, int] = {index: n for n, index in enumerate(tops)}
    for node in spec.nodes:  # parents come before children, so their rectangles are known
        if node.parent is not None and node.index not in branch:
            branch[node.index] = branch.get(node.parent, 0)
        branch.setdefault(node.index, 0)
        if not node.children:
            continue
        x, y, w, h = rects[node.index]
        inner = (x + pad / 2, y + HEADER, max(w - pad, 0.0), max(h - HEADER - pad / 2, 0.0))
        kids = sorted(node.children, key=lambda i: -totals[i])
        for child, rect in zip(kids, squarify([totals[i] for i in kids], inner), strict=True):
            rects[child] = rect
    for node in spec.nodes:
        x, y, w, h = rects[node.index]
        base = colours[branch[node.index] % len(colours)]
        decls = spec.class_defs.get(node.class_name, {})
        data = {"index": str(node.index), "parent": "" if node.parent is None else str(node.parent),
                "class": node.class_name}
        if node.value is not None:
            data["value"] = num_text(node.value)
        if node.children:
            style = apply_css(DEFAULT_STYLE.with_(fill=tint(base, 0.75 - 0.15 * min(node.depth, 3), theme.canvas),
                                                  stroke=base, stroke_width=1.0, text_color=theme.text,
                                                  font_size=label_size, font_weight=700, text_align="left",
                                                  vertical_align="top"), decls)
            chart.rect(x, y, w, h, style, text=node.name, role="section", **data)
        else:
            style = apply_css(DEFAULT_STYLE.with_(fill=base, stroke="#ffffff", stroke_width=1.0, text_color="#ffffff",
                                                  font_size=label_size), decls)
            size = fitting_size(node.name, style, w, h - (value_size + 8 if show_values else 0))
            chart.rect(x, y, w, h, style.with_(vertical_align="middle" if not show_values else "top",
                                               font_size=size or style.font_size),
                       text=node.name if size else "", role="leaf", name=node.name, **data)
            if show_values and w > 30 and h > 36:
                chart.centred_text(x + w / 2, y + h - value_size - 6, format_value(totals[node.index], value_format),
                                   LABEL.with_(font_size=value_size, text_color=style.text_color), role="value",
                                   index=str(node.index))
    group = {f"classdef:{name}": ",".join(f"{k}:{v}" for k, v in decls.items())
             for name, decls in spec.class_defs.items()}
    return chart.finish(spec.title or "Treemap", **group)
