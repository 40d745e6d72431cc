"""XY charts as native elements: bars are rectangles, lines are paths, axes are lines and texts, one group.

Honours `xyChart.width/height/chartOrientation/showDataLabel/showTitle` and the
`themeVariables.xyChart` colours (`plotColorPalette`, `titleColor`, axis colours, `backgroundColor`).
Values are measured from zero when the range includes it, so bar lengths are proportional to values.
"""

from __future__ import annotations

from typing import Any

from autograph_desktop.mermaid.chartkit import (
    LABEL,
    Chart,
    colour,
    flag,
    palette,
    section,
    setting,
    theme_vars,
    tick_label,
    ticks,
)
from autograph_desktop.mermaid.chartsyntax import num_text
from autograph_desktop.mermaid.graph_build import text_size
from autograph_desktop.mermaid.theme import MermaidTheme
from autograph_desktop.mermaid.xychart import XYChartSpec
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.style import DEFAULT_STYLE


def value_range(spec: XYChartSpec) -> tuple[float, float]:
    """The value axis: the written range, else the data's widened to include zero and rounded outwards."""
    if spec.y_axis.low is not None and spec.y_axis.high is not None:
        return spec.y_axis.low, spec.y_axis.high
    values = [v for s in spec.series for v in s.values] or [0.0]
    low, high = min(min(values), 0.0), max(max(values), 0.0)
    if high == low:
        high = low + 1.0
    marks = ticks(low, high)
    step = marks[1] - marks[0] if len(marks) > 1 else 1.0
    while marks[-1] < high:
        marks.append(marks[-1] + step)
    return min(marks[0], low), max(marks[-1], high)


def build(spec: XYChartSpec, theme: MermaidTheme, config: dict[str, Any] | None = None) -> Diagram:
    options = section(config, "xyChart", "xychart")
    variables = theme_vars(config, "xyChart", "xychart")
    horizontal = spec.horizontal or str(options.get("chartOrientation", "")).lower() == "horizontal"
    width = setting(options, "width", 700.0, 200.0, 5000.0)
    height = setting(options, "height", 500.0, 150.0, 5000.0)
    chart = Chart("xychart", theme)
    background = colour(variables.get("backgroundColor"), "")
    if background:
        chart.rect(0, 0, width, height, DEFAULT_STYLE.with_(fill=background, stroke="none"), role="background")
    top = 10.0
    if flag(options, "showTitle", True):
        top = chart.title(spec.title, 10.0, 10.0, colour(variables.get("titleColor"), theme.text),
                          setting(options, "titleFontSize", 20.0, 6.0, 80.0))
    colours = palette(theme, config, str(variables.get("plotColorPalette", "")))
    categories = spec.categories()
    if spec.x_axis.low is not None and spec.x_axis.high is not None and categories:
        step = (spec.x_axis.high - spec.x_axis.low) / max(len(categories) - 1, 1)
        categories = [tick_label(spec.x_axis.low + step * i) for i in range(len(categories))]
    low, high = value_range(spec)
    tick_style = LABEL.with_(font_size=12.0, text_color=colour(variables.get("yAxisLabelColor"), theme.text))
    value_labels = [tick_label(v) for v in ticks(low, high)]
    label_w = max(text_size(t, tick_style, None)[0] for t in value_labels) + 12
    cat_style = LABEL.with_(font_size=12.0, text_color=colour(variables.get("xAxisLabelColor"), theme.text))
    cat_w = max([text_size(c, cat_style, None)[0] for c in categories] + [20.0]) + 12
    axis_title = spec.x_axis.title if horizontal else spec.y_axis.title
    title_w = min(text_size(axis_title, LABEL.with_(font_size=14.0, font_weight=700), 120.0)[0], 120.0) if axis_title else 0
    left = 20.0 + title_w + (cat_w if horizontal else label_w)
    bottom = height - 60.0
    right = width - 20.0
    plot_top = top + 10.0
    n = max(len(categories), 1)
    axis_style = DEFAULT_STYLE.with_(stroke=colour(variables.get("xAxisLineColor"), theme.edge), stroke_width=2.0,
                                     fill="none")
    grid_style = DEFAULT_STYLE.with_(stroke="#d8d8e0" if theme.canvas == "light" else "#3a3a44", stroke_width=1.0,
                                     fill="none")

    def along(value: float) -> float:
        """Screen position of a value on the value axis."""
        share = (value - low) / (high - low)
        return left + share * (right - left) if horizontal else bottom - share * (bottom - plot_top)

    band = ((bottom - plot_top) if horizontal else (right - left)) / n

    def slot(index: float) -> float:
        """Screen position of the start of category band `index` on the category axis."""
        return plot_top + index * band if horizontal else left + index * band

    # Grid and value ticks.
    for value, text in zip(ticks(low, high), value_labels, strict=True):
        pos = along(value)
        if horizontal:
            chart.line(pos, plot_top, pos, bottom, grid_style, role="grid")
            chart.centred_text(pos, bottom + 14, text, tick_style, role="tick")
        else:
            chart.line(left, pos, right, pos, grid_style, role="grid")
            tw, th = text_size(text, tick_style, None)
            chart.text(left - tw - 12, pos - th / 2 - 2, text, tick_style.with_(text_align="right"), role="tick")
    # Category labels.
    for i, name in enumerate(categories):
        centre = slot(i + 0.5)
        if horizontal:
            tw, th = text_size(name, cat_style, None)
            chart.text(left - tw - 12, centre - th / 2 - 2, name, cat_style.with_(text_align="right"),
                       role="category", index=str(i))
        else:
            chart.centred_text(centre, bottom + 14, name, cat_style, role="category", index=str(i))
    # Axis titles.
    title_style = LABEL.with_(font_size=14.0, font_weight=700)
    category_title = LABEL.with_(font_size=14.0, font_weight=700,
                                 text_color=colour(variables.get("xAxisTitleColor"), theme.text))
    value_title = title_style.with_(text_color=colour(variables.get("yAxisTitleColor"), theme.text))
    if spec.x_axis.title:
        if horizontal:
            tw, th = text_size(spec.x_axis.title, category_title, 120.0)
            chart.text(4, (plot_top + bottom) / 2 - th / 2 - 2, spec.x_axis.title, category_title, w=tw + 6,
                       role="x-title")
        else:
            chart.centred_text((left + right) / 2, bottom + 42, spec.x_axis.title, category_title, role="x-title")
    if spec.y_axis.title:
        if horizontal:
            chart.centred_text((left + right) / 2, bottom + 42, spec.y_axis.title, value_title, role="y-title")
        else:
            tw, th = text_size(spec.y_axis.title, value_title, 120.0)
            chart.text(4, (plot_top + bottom) / 2 - th / 2 - 2, spec.y_axis.title, value_title, w=tw + 6,
                       role="y-title")
    # Bars, side by side within a category band; then lines over them.
    bars = [s for s in spec.series if s.kind == "bar"]
    show_labels = flag(options, "showDataLabel", False)
    label_colour = colour(variables.get("dataLabelColor"), theme.text)
    base = along(min(max(0.0, low), high))
    inner = band * 0.8 / max(len(bars), 1)
    for index, series in enumerate(spec.series):
        fill = colours[index % len(colours)]
        if series.kind == "bar":
            slot_i = bars.index(series)
            for i, value in enumerate(series.values):
                start = slot(i) + band * 0.1 + slot_i * inner
                end = along(min(max(value, low), high))
                data = {"role": "bar", "series": str(index), "index": str(i), "value": num_text(value)}
                style = DEFAULT_STYLE.with_(fill=fill, stroke=fill, stroke_width=1.0)
                if horizontal:
                    bar = chart.rect(min(base, end), start, abs(end - base), inner, style, **data)
                else:
                    bar = chart.rect(start, min(base, end), inner, abs(end - base), style, **data)
                if show_labels:
                    text = num_text(value)
                    style_ = LABEL.with_(font_size=11.0, text_color=label_colour)
                    if horizontal:
                        chart.centred_text(bar.x + bar.w + 14, bar.y + bar.h / 2, text, style_, role="data-label")
                    else:
                        chart.centred_text(bar.x + bar.w / 2, bar.y - 9, text, style_, role="data-label")
    for index, series in enumerate(spec.series):
        if series.kind != "line" or not series.values:
            continue
        fill = colours[index % len(colours)]
        points = []
        for i, value in enumerate(series.values):
            pos = along(min(max(value, low), high))
            centre = slot(i + 0.5)
            points.append((pos, centre) if horizontal else (centre, pos))
        if len(points) == 1:
            points.append((points[0][0] + 0.5, points[0][1]))
        chart.path(points, DEFAULT_STYLE.with_(stroke=fill, stroke_width=2.5, fill="none"), role="line",
                   series=str(index), values=",".join(num_text(v) for v in series.values))
    # Axes last, over the marks.
    if horizontal:
        chart.line(base, plot_top, base, bottom, axis_style, role="category-axis")
        chart.line(left, bottom, right, bottom, axis_style, role="value-axis")
    else:
        chart.line(left, plot_top, left, bottom, axis_style, role="value-axis")
        chart.line(left, base, right, base, axis_style, role="category-axis")
    group: dict[str, str] = {"orientation": "horizontal" if horizontal else "vertical"}
    for index, series in enumerate(spec.series):
        group[f"series{index}"] = series.kind
        group[f"series{index}_title"] = series.title
    if spec.y_axis.low is not None and spec.y_axis.high is not None:
        group["y_range"] = f"{num_text(spec.y_axis.low)},{num_text(spec.y_axis.high)}"
    if spec.x_axis.low is not None and spec.x_axis.high is not None:
        group["x_range"] = f"{num_text(spec.x_axis.low)},{num_text(spec.x_axis.high)}"
    if spec.x_axis.categories is not None:
        group["categorical"] = "1"
    return chart.finish(spec.title or "XY chart", **group)
