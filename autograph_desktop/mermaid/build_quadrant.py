"""Quadrant charts as native elements: four filled rectangles, axis and quadrant labels, circles for points.

Honours `quadrantChart.chartWidth/chartHeight/pointRadius/quadrantLabelFontSize/pointLabelFontSize` and
the `quadrant1Fill..quadrant4Fill`, `quadrantNTextFill`, `quadrantPointFill`, axis, border and title
theme variables. Each point keeps its written coordinates and styles in `data` for the exporter.
"""

from __future__ import annotations

from typing import Any

from autograph_desktop.mermaid.chartkit import LABEL, Chart, colour, section, setting, theme_vars
from autograph_desktop.mermaid.chartsyntax import num_text
from autograph_desktop.mermaid.graph_build import text_size
from autograph_desktop.mermaid.quadrant import QuadrantSpec
from autograph_desktop.mermaid.theme import MermaidTheme, css_color, tint
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.style import DEFAULT_STYLE


def _px(value: str, fallback: float) -> float:
    try:
        return min(max(float(value.strip().removesuffix("px")), 0.0), 200.0)
    except ValueError:
        return fallback


def build(spec: QuadrantSpec, theme: MermaidTheme, config: dict[str, Any] | None = None) -> Diagram:
    options = section(config, "quadrantChart")
    variables = theme_vars(config)
    size_w = setting(options, "chartWidth", 500.0, 150.0, 4000.0)
    size_h = setting(options, "chartHeight", 500.0, 150.0, 4000.0)
    chart = Chart("quadrant", theme)
    top = chart.title(spec.title, 0.0, 0.0, colour(variables.get("quadrantTitleFill"), theme.text),
                      setting(options, "titleFontSize", 20.0, 6.0, 80.0))
    label_size = setting(options, "xAxisLabelFontSize", 16.0, 6.0, 60.0)
    left = 30.0 if spec.y_bottom or spec.y_top else 6.0
    x0, y0 = left, top + 6
    w, h = size_w - left - 10, size_h - top - 50
    base = theme.node_fill
    fills = [colour(variables.get(f"quadrant{i}Fill"), tint(base, amount, theme.canvas))
             for i, amount in ((1, 0.0), (2, 0.3), (3, 0.55), (4, 0.3))]
    text_fills = [colour(variables.get(f"quadrant{i}TextFill"), theme.text) for i in range(1, 5)]
    inner = colour(variables.get("quadrantInternalBorderStrokeFill"), "#ffffff" if theme.canvas == "light" else "#555555")
    # quadrant-1 top right, 2 top left, 3 bottom left, 4 bottom right.
    cells = ((x0 + w / 2, y0), (x0, y0), (x0, y0 + h / 2), (x0 + w / 2, y0 + h / 2))
    quad_size = setting(options, "quadrantLabelFontSize", 16.0, 6.0, 60.0)
    valign = "top" if spec.points else "middle"
    for i, (cx, cy) in enumerate(cells):
        style = DEFAULT_STYLE.with_(fill=fills[i], stroke=inner, stroke_width=1.0, text_color=text_fills[i],
                                    font_size=quad_size, font_weight=700, vertical_align=valign)
        chart.rect(cx, cy, w / 2, h / 2, style, text=spec.quadrants[i], role="quadrant", index=str(i + 1))
    outer = colour(variables.get("quadrantExternalBorderStrokeFill"), theme.node_stroke)
    chart.rect(x0, y0, w, h, DEFAULT_STYLE.with_(fill="none", stroke=outer, stroke_width=2.0), role="border")
    # Axis labels: x under the chart (left and right halves), y up the left side (bottom and top halves).
    x_style = LABEL.with_(font_size=label_size, text_color=colour(variables.get("quadrantXAxisTextFill"), theme.text))
    y_style = LABEL.with_(font_size=setting(options, "yAxisLabelFontSize", 16.0, 6.0, 60.0),
                          text_color=colour(variables.get("quadrantYAxisTextFill"), theme.text))
    for text, cx, role in ((spec.x_left, x0 + w / 4, "x-left"), (spec.x_right, x0 + 3 * w / 4, "x-right")):
        if text:
            chart.centred_text(cx, y0 + h + 18, text, x_style, role=role)
    for text, cy, role in ((spec.y_bottom, y0 + 3 * h / 4, "y-bottom"), (spec.y_top, y0 + h / 4, "y-top")):
        if text:
            tw, th = text_size(text, y_style, None)
            chart.text(x0 - 6 - th - tw / 2 - 3 + th / 2, cy - th / 2 - 2, text, y_style, rotation=-90.0, role=role)
    # Points, with their labels under them.
    radius_default = setting(options, "pointRadius", 5.0, 1.0, 100.0)
    point_fill = colour(variables.get("quadrantPointFill"), theme.node_stroke)
    point_text = LABEL.with_(font_size=setting(options, "pointLabelFontSize", 12.0, 6.0, 40.0),
                             text_color=colour(variables.get("quadrantPointTextFill"), theme.text))
    for i, point in enumerate(spec.points):
        styles = spec.point_style(point)
        radius = _px(styles.get("radius", ""), radius_default)
        fill = css_color(styles.get("color", "")) or point_fill
        stroke_width = _px(styles.get("stroke-width", ""), 0.0)
        stroke = css_color(styles.get("stroke-color", "")) or fill
        cx, cy = x0 + point.x * w, y0 + (1 - point.y) * h
        data = {"role": "point", "index": str(i), "x": num_text(point.x), "y": num_text(point.y)}
        if point.class_name:
            data["class"] = point.class_name
        if point.styles:
            data["styles"] = ", ".join(f"{k}: {v}" for k, v in point.styles.items())
        chart.rect(cx - radius, cy - radius, 2 * radius, 2 * radius,
                   DEFAULT_STYLE.with_(fill=fill, stroke=stroke if stroke_width else "none",
                                       stroke_width=stroke_width or 1.0), shape="circle", **data)
        chart.centred_text(cx, cy + radius + 10, point.name, point_text, role="point-label", index=str(i))
    group = {f"classdef:{name}": ", ".join(f"{k}: {v}" for k, v in decls.items())
             for name, decls in spec.class_defs.items()}
    return chart.finish(spec.title or "Quadrant chart", **group)
