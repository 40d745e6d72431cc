"""Radar charts as native elements: graticule rings (circles or polygons), spokes, curves and a legend.

The first axis points straight up and the rest follow clockwise. Curves are closed paths, rounded with
`radar.curveTension` (0 gives straight polygons). Honours `radar.width/height/margin*/axisScaleFactor/
axisLabelFactor/curveTension`, `cScale0..` curve colours and the `themeVariables.radar` options.
"""

from __future__ import annotations

import math
from typing import Any

from autograph_desktop.mermaid.chartkit import LABEL, Chart, colour, palette, section, setting, theme_vars
from autograph_desktop.mermaid.chartsyntax import num_text
from autograph_desktop.mermaid.graph_build import text_size
from autograph_desktop.mermaid.radar import RadarSpec
from autograph_desktop.mermaid.theme import MermaidTheme
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.style import DEFAULT_STYLE

SMOOTH_STEPS = 8


def smooth(points: list[tuple[float, float]], tension: float) -> list[tuple[float, float]]:
    """A closed curve through `points`: cardinal-spline segments sampled into a polyline."""
    if tension <= 0 or len(points) < 3:
        return points
    n = len(points)
    out: list[tuple[float, float]] = []
    k = min(tension, 1.0)
    for i in range(n):
        p0, p1, p2, p3 = points[i - 1], points[i], points[(i + 1) % n], points[(i + 2) % n]
        c1 = (p1[0] + (p2[0] - p0[0]) * k / 3, p1[1] + (p2[1] - p0[1]) * k / 3)
        c2 = (p2[0] - (p3[0] - p1[0]) * k / 3, p2[1] - (p3[1] - p1[1]) * k / 3)
        for step in range(SMOOTH_STEPS):
            t = step / SMOOTH_STEPS
            u = 1 - t
            out.append((u ** 3 * p1[0] + 3 * u * u * t * c1[0] + 3 * u * t * t * c2[0] + t ** 3 * p2[0],
                        u ** 3 * p1[1] + 3 * u * u * t * c1[1] + 3 * u * t * t * c2[1] + t ** 3 * p2[1]))
    return out


def build(spec: RadarSpec, theme: MermaidTheme, config: dict[str, Any] | None = None) -> Diagram:
    options = section(config, "radar")
    variables = theme_vars(config, "radar")
    width = setting(options, "width", 600.0, 150.0, 4000.0)
    height = setting(options, "height", 600.0, 150.0, 4000.0)
    margin = [setting(options, f"margin{side}", 50.0, 0.0, 1000.0) for side in ("Top", "Right", "Bottom", "Left")]
    chart = Chart("radar", theme)
    top = chart.title(spec.title, 0.0, 0.0, colour(theme_vars(config).get("titleColor"), theme.text))
    radius = max(min(width - margin[1] - margin[3], height - margin[0] - margin[2]) / 2, 20.0)
    radius *= setting(options, "axisScaleFactor", 1.0, 0.05, 5.0)
    cx, cy = margin[3] + radius, top + margin[0] + radius
    low, high = spec.scale()
    n = len(spec.axes)

    def point(i: int, share: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        return cx + radius * share * math.cos(angle), cy + radius * share * math.sin(angle)

    grid_colour = colour(variables.get("graticuleColor"), theme.edge)
    grid = DEFAULT_STYLE.with_(fill="none", stroke=grid_colour,
                               stroke_width=setting(variables, "graticuleStrokeWidth", 1.0, 0.1, 10.0),
                               opacity=setting(variables, "graticuleOpacity", 0.5, 0.0, 1.0))
    for tick in range(1, spec.ticks + 1):
        share = tick / spec.ticks
        if spec.graticule == "polygon" and n >= 3:
            chart.path([point(i, share) for i in range(n)], grid, closed=True, role="graticule")
        else:
            chart.rect(cx - radius * share, cy - radius * share, 2 * radius * share, 2 * radius * share, grid,
                       shape="circle", role="graticule")
    axis = DEFAULT_STYLE.with_(fill="none", stroke=colour(variables.get("axisColor"), theme.text),
                               stroke_width=setting(variables, "axisStrokeWidth", 1.0, 0.1, 10.0))
    label_style = LABEL.with_(font_size=setting(variables, "axisLabelFontSize", 12.0, 4.0, 40.0), text_color=theme.text)
    label_factor = setting(options, "axisLabelFactor", 1.05, 0.5, 3.0)
    for i, (aid, label) in enumerate(spec.axes):
        end = point(i, 1.0)
        chart.line(cx, cy, end[0], end[1], axis, role="axis", index=str(i))
        lx, ly = point(i, label_factor + 0.06)
        tw, th = text_size(label, label_style, 160.0)
        dx = math.cos(-math.pi / 2 + 2 * math.pi * i / n)
        chart.text(lx - tw / 2 - 3 + dx * tw / 2, ly - th / 2 - 2, label, label_style, w=tw + 6, role="axis-label",
                   index=str(i), id=aid)
    colours = palette(theme, config)
    opacity = setting(variables, "curveOpacity", 0.5, 0.0, 1.0)
    tension = setting(options, "curveTension", 0.17, 0.0, 1.0)
    stroke_width = setting(variables, "curveStrokeWidth", 2.0, 0.0, 20.0)
    for c, curve in enumerate(spec.curves):
        fill = colours[c % len(colours)]
        shares = [min(max((v - low) / (high - low), 0.0), 1.0) for v in curve.values]
        points = smooth([point(i, s) for i, s in enumerate(shares)], tension)
        if len(points) == 1:
            points.append((points[0][0] + 0.5, points[0][1]))
        chart.path(points, DEFAULT_STYLE.with_(fill=fill, stroke=fill, stroke_width=stroke_width, opacity=opacity),
                   closed=True, role="curve", index=str(c), id=curve.id, label=curve.label,
                   values=",".join(num_text(v) for v in curve.values))
    if spec.show_legend:
        box = setting(variables, "legendBoxSize", 12.0, 4.0, 40.0)
        legend = LABEL.with_(font_size=setting(variables, "legendFontSize", 14.0, 4.0, 40.0), text_color=theme.text,
                             text_align="left")
        lx = cx + radius * max(label_factor, 1.0) + 60
        for c, curve in enumerate(spec.curves):
            y = top + margin[0] + c * (box + 12)
            chart.rect(lx, y, box, box, DEFAULT_STYLE.with_(fill=colours[c % len(colours)], stroke="none"),
                       role="legend-box", index=str(c))
            chart.text(lx + box + 8, y + box / 2 - 10, curve.label, legend, role="legend-label", index=str(c))
    group = {f"option:{name}": value for name, value in (
        ("showLegend", "true" if spec.show_legend else "false"), ("max", num_text(spec.maximum or 0)),
        ("min", num_text(spec.minimum)), ("ticks", str(spec.ticks)), ("graticule", spec.graticule),
    ) if name.lower() in spec.explicit}
    return chart.finish(spec.title or "Radar chart", **group)
