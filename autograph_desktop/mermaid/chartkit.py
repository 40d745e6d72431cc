"""What the chart builders share: one group holding every mark, text boxes, config and theme lookups.

A chart is a set of ordinary elements (rectangles, paths, texts) that all belong to one `Group`, so the
user moves it as a whole and restyles any mark. The group's `data` keeps the chart-level settings an
exporter needs (kind, orientation, ranges); each mark keeps its own meaning (series, value) in `data`.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from autograph_desktop.mermaid.graph_build import text_size
from autograph_desktop.mermaid.theme import MermaidTheme, css_color
from autograph_desktop.model.document import Diagram, DiagramMeta
from autograph_desktop.model.elements import Element, Group, Path, Shape, Text, new_id
from autograph_desktop.model.fractional import keys_after
from autograph_desktop.model.style import DEFAULT_STYLE, Style

LABEL = DEFAULT_STYLE.with_(fill="none", stroke="none", font_size=13.0)


def section(config: dict[str, Any] | None, *names: str) -> dict[str, Any]:
    """The first mapping among `config[name]` (Mermaid spells some keys two ways, e.g. xyChart/xychart)."""
    for name in names:
        value = (config or {}).get(name)
        if isinstance(value, dict):
            return value
    return {}


def theme_vars(config: dict[str, Any] | None, *names: str) -> dict[str, Any]:
    """`themeVariables`, or the named sub-mapping of it (`themeVariables.xyChart`)."""
    variables = section(config, "themeVariables")
    return section(variables, *names) if names else variables


def colour(value: object, fallback: str) -> str:
    """A CSS colour from config as `#rrggbb`, or `fallback` when missing or unreadable."""
    if isinstance(value, str):
        found = css_color(value)
        if found:
            return found
    return fallback


def setting(values: dict[str, Any], key: str, fallback: float, low: float, high: float) -> float:
    """A number from config clamped to [low, high]; `fallback` when missing or not a number."""
    value = values.get(key)
    if isinstance(value, str):
        value = value.strip().removesuffix("px")
        try:
            value = float(value)
        except ValueError:
            return fallback
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return fallback
    return min(max(float(value), low), high)


def flag(values: dict[str, Any], key: str, fallback: bool) -> bool:
    value = values.get(key)
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return fallback


def palette(theme: MermaidTheme, config: dict[str, Any] | None, listed: str = "") -> list[str]:
    """Series colours: a comma-separated `listed` palette, else `cScale0..11` theme variables, else the theme's."""
    colours = [c for c in (css_color(p) for p in listed.split(",")) if c and c != "none"] if listed else []
    if colours:
        return colours
    variables = theme_vars(config)
    scale = [colour(variables.get(f"cScale{i}"), "") for i in range(12)]
    if any(scale):
        return [c or theme.accent[i % len(theme.accent)] for i, c in enumerate(scale)]
    return list(theme.accent)


def themed(theme: MermaidTheme, config: dict[str, Any] | None) -> MermaidTheme:
    """The theme with Mermaid's general theme variables applied (`primaryColor`, `primaryBorderColor`,
    `primaryTextColor`, `lineColor`, `noteBkgColor`...), as `theme: base` diagrams set them."""
    variables = theme_vars(config)
    if not variables:
        return theme
    return replace(theme,
                   node_fill=colour(variables.get("primaryColor"), theme.node_fill),
                   node_stroke=colour(variables.get("primaryBorderColor"), theme.node_stroke),
                   text=colour(variables.get("primaryTextColor", variables.get("textColor")), theme.text),
                   edge=colour(variables.get("lineColor"), theme.edge),
                   cluster_fill=colour(variables.get("clusterBkg"), theme.cluster_fill),
                   cluster_stroke=colour(variables.get("clusterBorder"), theme.cluster_stroke),
                   note_fill=colour(variables.get("noteBkgColor"), theme.note_fill),
                   note_stroke=colour(variables.get("noteBorderColor"), theme.note_stroke))


class Chart:
    """Collects a chart's elements under one group, then finishes them into a Diagram."""

    def __init__(self, kind: str, theme: MermaidTheme) -> None:
        self.kind = kind
        self.theme = theme
        self.group_id = new_id()
        self.elements: list[Element] = []

    def add(self, element: Element) -> Element:
        placed = element.evolve(parent=self.group_id)
        self.elements.append(placed)
        return placed

    def text(self, x: float, y: float, text: str, style: Style, /, w: float | None = None, h: float | None = None,
             rotation: float = 0.0, tags: dict[str, str] | None = None, **data: str) -> Element:
        """A text box sized for `text` (or the given size), holding `data` pairs (and `tags`)."""
        tw, th = text_size(text, style, w)
        return self.add(Text(id=new_id(), x=x, y=y, w=w if w is not None else tw + 6, h=h if h is not None else th + 4,
                             text=text, style=style, auto_size=False, rotation=rotation,
                             data=tuple(sorted({**(tags or {}), **data}.items()))))

    def centred_text(self, cx: float, cy: float, text: str, style: Style, /, **data: str) -> Element:
        tw, th = text_size(text, style, None)
        return self.text(cx - tw / 2 - 3, cy - th / 2 - 2, text, style, tags=data)

    def rect(self, x: float, y: float, w: float, h: float, style: Style, /, shape: str = "rectangle", text: str = "",
             **data: str) -> Element:
        return self.add(Shape(id=new_id(), x=x, y=y, w=max(w, 0.0), h=max(h, 0.0), shape=shape, text=text,
                              style=style, data=tuple(sorted(data.items()))))

    def path(self, points: list[tuple[float, float]], style: Style, /, closed: bool = False, text: str = "",
             tags: dict[str, str] | None = None, **data: str) -> Element:
        """A polyline (or closed polygon) through absolute points; stored relative to its box as the model wants."""
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        x, y = min(xs), min(ys)
        return self.add(Path(id=new_id(), x=x, y=y, w=max(max(xs) - x, 1.0), h=max(max(ys) - y, 1.0),
                             points=tuple((px - x, py - y) for px, py in points), closed=closed, text=text,
                             style=style, data=tuple(sorted({**(tags or {}), **data}.items()))))

    def line(self, x1: float, y1: float, x2: float, y2: float, style: Style, /, **data: str) -> Element:
        return self.path([(x1, y1), (x2, y2)], style.with_(fill="none"), tags=data)

    def title(self, title: str | None, x: float, y: float, colour_: str | None = None, size: float = 20.0) -> float:
        """Draw the title at (x, y); returns the y below it."""
        if not title:
            return y
        style = LABEL.with_(font_size=size, font_weight=700, text_color=colour_ or self.theme.text, text_align="left")
        self.text(x, y, title, style, role="title")
        return y + size * 1.6 + 10

    def finish(self, title: str, **group_data: str) -> Diagram:
        """The Diagram: marks in the order added (later on top), the group last, every z key fresh."""
        group = Group(id=self.group_id, data=tuple(sorted({"chart": self.kind, **group_data}.items())))
        elements = [*self.elements, group]
        keys = keys_after(None, len(elements))
        placed = [e.evolve(z=k) for e, k in zip(elements, keys, strict=True)]
        return Diagram(DiagramMeta(title=title, kind=self.kind), placed)


def fitting_size(text: str, style: Style, w: float, h: float, smallest: float = 8.0) -> float | None:
    """The largest font size (at most the style's) at which `text` fits a w x h box without breaking
    words; None when even `smallest` does not fit."""
    size = style.font_size
    words = text.split() or [text]
    while size >= smallest:
        trial = style.with_(font_size=size)
        widest = max(text_size(word, trial, None)[0] for word in words)
        if widest <= w - 8 and text_size(text, trial, w - 8)[1] <= h - 4:
            return size
        size -= 1.0
    return None


def nice_step(span: float, target: int = 6) -> float:
    """A 1/2/5 x 10^n step that cuts `span` into about `target` intervals."""
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / target
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1.0, 2.0, 2.5, 5.0, 10.0):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def ticks(low: float, high: float, target: int = 6) -> list[float]:
    """Round values from `low` to `high` (both included when they are round)."""
    if high <= low:
        return [low]
    step = nice_step(high - low, target)
    first = math.ceil(low / step - 1e-9) * step
    out: list[float] = []
    value = first
    while value <= high + step * 1e-9 and len(out) < 200:
        out.append(0.0 if abs(value) < step * 1e-9 else value)
        value = first + step * len(out)
    return out


def tick_label(value: float) -> str:
    """A tick value as people write it: no `.0`, thousands as they are, tiny steps with enough digits."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}"
