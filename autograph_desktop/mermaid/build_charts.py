"""Gantt, pie, timeline and user-journey diagrams as native elements, each with its own layout.

These are charts rather than graphs: positions come from dates, values or order, so each gets a small
dedicated layout here instead of the layered layout. Every mark is an ordinary, editable element.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from autograph_desktop.mermaid.chartkit import colour, flag, palette, section, setting, theme_vars
from autograph_desktop.mermaid.chartsyntax import num_text
from autograph_desktop.mermaid.graph_build import text_size
from autograph_desktop.mermaid.theme import MermaidTheme, edge_style, node_style
from autograph_desktop.mermaid.theme import tint as soften
from autograph_desktop.model.document import Diagram, DiagramMeta
from autograph_desktop.model.elements import Connector, Element, Endpoint, Group, Path, Shape, Text, new_id
from autograph_desktop.model.fractional import keys_after
from autograph_desktop.model.style import DEFAULT_STYLE, Style

LABEL = DEFAULT_STYLE.with_(fill="none", stroke="none", font_size=13.0)


def _finish(elements: list[Element], title: str, kind: str, **settings: str) -> Diagram:
    """One group holds the chart (moved as a whole); it records the chart-level settings an export needs."""
    group = Group(id=new_id(), data=tuple(sorted({"chart": kind, **settings}.items())))
    members = [e.evolve(parent=group.id) for e in elements]
    keys = keys_after(None, len(members) + 1)
    placed = [e.evolve(z=k) for e, k in zip([*members, group], keys, strict=True)]
    return Diagram(DiagramMeta(title=title, kind=kind), placed)


def _text(x: float, y: float, text: str, style: Style, w: float | None = None, h: float | None = None,
          **data: str) -> Text:
    tw, th = text_size(text, style, w)
    return Text(id=new_id(), x=x, y=y, w=w if w is not None else tw + 4, h=h if h is not None else th + 2,
                text=text, style=style, auto_size=False, data=tuple(sorted(data.items())))


def _title(elements: list[Element], title: str | None, theme: MermaidTheme, x: float, y: float,
           text_colour: str | None = None) -> float:
    if not title:
        return y
    style = LABEL.with_(font_size=20.0, font_weight=700, text_color=text_colour or theme.text, text_align="left")
    elements.append(_text(x, y, title, style, h=30.0, role="title"))
    return y + 44.0


# ----------------------------------------------------------------------------- gantt
def _tick_days(span_days: float) -> int:
    for step in (1, 2, 7, 14, 30, 61, 91, 182, 365, 730):
        if span_days / step <= 12:
            return step
    return max(1, int(span_days / 12))


def _axis_label(when: datetime, axis_format: str | None) -> str:
    fmt = axis_format or "%Y-%m-%d"
    try:
        return when.strftime(fmt)
    except ValueError:
        return when.strftime("%Y-%m-%d")


def build_gantt(spec: Any, theme: MermaidTheme, config: dict[str, Any] | None = None) -> Diagram:
    """Honours `gantt.barHeight/barGap` and the task, done, active, crit, section and grid theme colours."""
    options = section(config, "gantt")
    variables = theme_vars(config)
    elements: list[Element] = []
    top = _title(elements, spec.title, theme, 0.0, 0.0)
    tasks = [t for t in spec.tasks if t.start is not None and t.end is not None]
    label_w = max([text_size(s.name, LABEL, None)[0] for s in spec.sections] + [100.0]) + 24
    settings = {"settings": "\n".join(spec.settings),
                **{f"section{i}": s.name for i, s in enumerate(spec.sections)}}
    if not tasks:
        elements.append(_text(0, top, "(no dated tasks)", LABEL))
        return _finish(elements, spec.title or "Gantt chart", "gantt", **settings)
    start = min(t.start for t in tasks)
    end = max(t.end for t in tasks)
    days = max((end - start).total_seconds() / 86400, 1.0)
    px_per_day = min(60.0, max(6.0, 900.0 / days))
    x0 = label_w

    def x_of(when: datetime) -> float:
        return float(x0 + (when - start).total_seconds() / 86400 * px_per_day)

    bar_h = setting(options, "barHeight", 24.0, 4.0, 200.0)
    row_h = bar_h + setting(options, "barGap", 4.0, 0.0, 100.0) + 6
    rows = len(spec.tasks)
    axis_y = top + rows * row_h + 10
    grid = DEFAULT_STYLE.with_(stroke=colour(variables.get("gridColor"), "#d0d0d8" if theme.canvas == "light"
                                             else "#3a3a44"), stroke_width=1.0, fill="none")
    step = _tick_days(days)
    tick = start
    while tick <= end + timedelta(days=0.001):
        x = x_of(tick)
        elements.append(Path(id=new_id(), x=x, y=top - 6, w=1.0, h=axis_y - top + 6,
                             points=((0.0, 0.0), (0.0, axis_y - top + 6)), style=grid))
        elements.append(_text(x - 40, axis_y + 4, _axis_label(tick, spec.axis_format),
                              LABEL.with_(font_size=11.0, text_color=theme.text), w=80.0))
        tick += timedelta(days=step)
    # Section bands behind their rows.
    section_rows: dict[int | None, list[int]] = {}
    for row, task in enumerate(spec.tasks):
        section_rows.setdefault(task.section, []).append(row)
    for index, rows_of in section_rows.items():
        if index is None:
            continue
        band = colour(variables.get("sectionBkgColor"),
                      soften(theme.accent[index % len(theme.accent)], 0.88, theme.canvas))
        y1 = top + min(rows_of) * row_h
        y2 = top + (max(rows_of) + 1) * row_h
        elements.append(Shape(id=new_id(), x=0, y=y1, w=x_of(end) + 20, h=y2 - y1,
                              style=DEFAULT_STYLE.with_(fill=band, stroke="none")))
        elements.append(_text(6, y1 + 6, spec.sections[index].name,
                              LABEL.with_(text_align="left", font_weight=700, text_color=theme.text),
                              w=label_w - 12, role="section", index=str(index)))
    bar_ids: dict[str, str] = {}
    for row, task in enumerate(spec.tasks):
        if task.start is None or task.end is None:
            continue
        y = top + row * row_h + (row_h - bar_h) / 2
        fill = colour(variables.get("taskBkgColor"), theme.node_fill)
        stroke = colour(variables.get("taskBorderColor"), theme.node_stroke)
        light = theme.canvas == "light"
        if "done" in task.tags:
            fill = colour(variables.get("doneTaskBkgColor"), "#d3d3d3" if light else "#4a4a4a")
            stroke = colour(variables.get("doneTaskBorderColor"), "#808080" if light else "#9a9a9a")
        if "active" in task.tags:
            fill = colour(variables.get("activeTaskBkgColor"), "#bfd7ff" if light else "#2f4b7c")
        if "crit" in task.tags:
            stroke = colour(variables.get("critBorderColor"), "#d9363e")
            fill = colour(variables.get("critBkgColor"), "#ffd6d6" if light else "#5a2226")
        style = node_style(theme).with_(fill=fill, stroke=stroke, font_size=12.0, corner_radius=4.0)
        bar_id = new_id()
        bar_ids[task.id] = bar_id
        data = (("index", str(row)), ("meta", task.meta), ("mermaid_id", task.id), ("name", task.name),
                ("role", "task"), ("section", "" if task.section is None else str(task.section)),
                ("settings", settings["settings"]))  # kept on bars too, should the chart be ungrouped
        if "milestone" in task.tags:
            elements.append(Shape(id=bar_id, x=x_of(task.start) - bar_h / 2, y=y, w=bar_h, h=bar_h, shape="diamond",
                                  style=style, data=data))
            elements.append(_text(x_of(task.start) + bar_h / 2 + 4, y + 2, task.name,
                                  LABEL.with_(text_align="left", font_size=12.0, text_color=theme.text),
                                  role="task-label", index=str(row)))
            continue
        width = max(x_of(task.end) - x_of(task.start), 4.0)
        fits = text_size(task.name, style, None)[0] + 12 < width
        elements.append(Shape(id=bar_id, x=x_of(task.start), y=y, w=width, h=bar_h, shape="rounded",
                              text=task.name if fits else "", style=style, data=data))
        if not fits:
            elements.append(_text(x_of(task.end) + 4, y + 2, task.name,
                                  LABEL.with_(text_align="left", font_size=12.0, text_color=theme.text),
                                  role="task-label", index=str(row)))
    link = edge_style(theme).with_(stroke=theme.node_stroke, stroke_width=1.0)
    for task in spec.tasks:
        for before in task.after:
            if before in bar_ids and task.id in bar_ids:
                elements.append(Connector(id=new_id(), source=Endpoint(bar_ids[before], "bottom", 0.95),
                                          target=Endpoint(bar_ids[task.id], "left", 0.5), routing="orthogonal",
                                          end_arrow="triangle", style=link, data=(("role", "dependency"),)))
    return _finish(elements, spec.title or "Gantt chart", "gantt", **settings)


# ----------------------------------------------------------------------------- pie
def build_pie(spec: Any, theme: MermaidTheme, config: dict[str, Any] | None = None) -> Diagram:
    """Honours `pie.textPosition` and the `pie1..pie12`, `pieStrokeColor`, `pieOuterStrokeColor`,
    `pieSectionTextColor`, `pieTitleTextColor` and `pieLegendTextColor` theme variables."""
    variables = theme_vars(config)
    colours = [colour(variables.get(f"pie{i + 1}"), theme.accent[i % len(theme.accent)]) for i in range(12)]
    elements: list[Element] = []
    top = _title(elements, spec.title, theme, 0.0, 0.0, colour(variables.get("pieTitleTextColor"), theme.text))
    radius = 150.0
    cx, cy = radius + 10, top + radius + 10
    total = sum(s.value for s in spec.slices) or 1.0
    text_at = setting(section(config, "pie"), "textPosition", 0.62, 0.0, 1.5)
    edge = colour(variables.get("pieStrokeColor"), "#ffffff")
    angle = -90.0
    for n, slice_ in enumerate(spec.slices):
        sweep = 360.0 * slice_.value / total
        steps = max(2, int(sweep / 3))
        points = [(cx, cy)] + [
            (cx + radius * math.cos(math.radians(angle + sweep * i / steps)),
             cy + radius * math.sin(math.radians(angle + sweep * i / steps))) for i in range(steps + 1)]
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        x, y = min(xs), min(ys)
        elements.append(Path(id=new_id(), x=x, y=y, w=max(xs) - x, h=max(ys) - y,
                             points=tuple((px - x, py - y) for px, py in points), closed=True,
                             style=DEFAULT_STYLE.with_(fill=colours[n % 12], stroke=edge, stroke_width=2.0),
                             data=(("index", str(n)), ("label", slice_.label), ("role", "slice"),
                                   ("value", num_text(slice_.value)))))
        if sweep >= 12:
            mid = math.radians(angle + sweep / 2)
            px, py = cx + radius * text_at * math.cos(mid), cy + radius * text_at * math.sin(mid)
            elements.append(_text(px - 30, py - 10, f"{100 * slice_.value / total:.0f}%",
                                  LABEL.with_(text_color=colour(variables.get("pieSectionTextColor"), "#ffffff"),
                                              font_weight=700), w=60.0, h=20.0, role="percent"))
        angle += sweep
    if spec.slices and variables.get("pieOuterStrokeColor"):
        outer = colour(variables.get("pieOuterStrokeColor"), theme.edge)
        elements.append(Shape(id=new_id(), x=cx - radius, y=cy - radius, w=2 * radius, h=2 * radius, shape="circle",
                              style=DEFAULT_STYLE.with_(fill="none", stroke=outer, stroke_width=2.0)))
    legend_x = cx + radius + 40
    legend_colour = colour(variables.get("pieLegendTextColor"), theme.text)
    for n, slice_ in enumerate(spec.slices):
        y = top + 20 + n * 26
        elements.append(Shape(id=new_id(), x=legend_x, y=y, w=16, h=16,
                              style=DEFAULT_STYLE.with_(fill=colours[n % 12], stroke="none")))
        label = f"{slice_.label} [{slice_.value:g}]" if spec.show_data else slice_.label
        elements.append(_text(legend_x + 24, y - 1, label, LABEL.with_(text_align="left", text_color=legend_colour),
                              role="legend-label", index=str(n)))
    return _finish(elements, spec.title or "Pie chart", "pie", show_data="1" if spec.show_data else "")


# ----------------------------------------------------------------------------- timeline
def build_timeline(spec: Any, theme: MermaidTheme, config: dict[str, Any] | None = None) -> Diagram:
    """Honours `timeline.disableMulticolor` and the `cScale0..11` colours."""
    colours = palette(theme, config)
    single = flag(section(config, "timeline"), "disableMulticolor", False)
    elements: list[Element] = []
    top = _title(elements, spec.title, theme, 0.0, 0.0)
    column_w, gap = 170.0, 24.0
    section_h = 40.0 if spec.sections else 0.0
    period_y = top + section_h + (10.0 if spec.sections else 0.0)
    line_y = period_y + 70.0
    for n, period in enumerate(spec.periods):
        x = n * (column_w + gap)
        tone = colours[0] if single else colours[(period.section if period.section is not None else n) % len(colours)]
        style = node_style(theme).with_(fill=tone, stroke=tone, text_color="#ffffff", font_weight=700,
                                        corner_radius=8.0)
        elements.append(Shape(id=new_id(), x=x, y=period_y, w=column_w, h=50.0, shape="rounded", text=period.label,
                              style=style, data=(("index", str(n)), ("role", "period"),
                                                 ("section", "" if period.section is None else str(period.section)))))
        y = line_y + 30.0
        for m, event in enumerate(period.events):
            _, h = text_size(event, node_style(theme).with_(font_size=13.0), column_w - 20 - 16)
            elements.append(Shape(id=new_id(), x=x + 10, y=y, w=column_w - 20, h=h + 20, shape="rounded",
                                  text=event, style=node_style(theme).with_(font_size=13.0, corner_radius=6.0),
                                  data=(("index", str(m)), ("period", str(n)), ("role", "event"))))
            y += h + 32.0
    width = max(len(spec.periods) * (column_w + gap) - gap, column_w)
    elements.append(Path(id=new_id(), x=0, y=line_y, w=width, h=1.0, points=((0.0, 0.0), (width, 0.0)),
                         style=DEFAULT_STYLE.with_(stroke=theme.edge, stroke_width=3.0, fill="none")))
    for index, section_ in enumerate(spec.sections):
        members = [n for n, p in enumerate(spec.periods) if p.section == index]
        if not members:
            continue
        x1 = min(members) * (column_w + gap)
        x2 = (max(members) + 1) * (column_w + gap) - gap
        tone = colours[0] if single else colours[index % len(colours)]
        elements.append(Shape(id=new_id(), x=x1, y=top, w=x2 - x1, h=section_h, shape="rounded", text=section_.name,
                              style=node_style(theme).with_(fill=soften(tone, 0.65, theme.canvas), stroke=tone,
                                                            font_weight=700),
                              data=(("index", str(index)), ("role", "section"))))
    settings = {f"section{i}": s.name for i, s in enumerate(spec.sections)}
    return _finish(elements, spec.title or "Timeline", "timeline", direction=spec.direction, **settings)


# ----------------------------------------------------------------------------- journey
SCORE_COLOURS = {1: "#d9363e", 2: "#e8590c", 3: "#b8860b", 4: "#63a836", 5: "#2f9e44"}


def build_journey(spec: Any, theme: MermaidTheme, config: dict[str, Any] | None = None) -> Diagram:
    """Honours the `cScale0..11` colours for sections and actors."""
    colours = palette(theme, config)
    elements: list[Element] = []
    top = _title(elements, spec.title, theme, 0.0, 0.0)
    actors = list(dict.fromkeys(a for t in spec.tasks for a in t.actors))
    for n, actor in enumerate(actors):
        elements.append(Shape(id=new_id(), x=0, y=top + n * 24, w=14, h=14, shape="circle",
                              style=DEFAULT_STYLE.with_(fill=colours[n % len(colours)], stroke="none")))
        elements.append(_text(20, top + n * 24 - 2, actor, LABEL.with_(text_align="left", text_color=theme.text)))
    x0 = 160.0
    column_w, gap = 150.0, 16.0
    section_y = top
    task_y = top + 50.0
    score_top = task_y + 90.0
    for n, task in enumerate(spec.tasks):
        x = x0 + n * (column_w + gap)
        tone = colours[(task.section or 0) % len(colours)]
        elements.append(Shape(id=new_id(), x=x, y=task_y, w=column_w, h=60.0, shape="rounded", text=task.name,
                              style=node_style(theme).with_(fill=soften(tone, 0.7, theme.canvas), stroke=tone,
                                                            font_size=13.0),
                              data=(("actors", "\t".join(task.actors)), ("index", str(n)), ("role", "task"),
                                    ("score", str(task.score)),
                                    ("section", "" if task.section is None else str(task.section)))))
        face_y = score_top + (5 - task.score) * 30
        elements.append(Shape(id=new_id(), x=x + column_w / 2 - 16, y=face_y, w=32, h=32, shape="circle",
                              text=str(task.score),
                              style=DEFAULT_STYLE.with_(fill=SCORE_COLOURS.get(task.score, "#888888"), stroke="none",
                                                        text_color="#ffffff", font_weight=700, font_size=13.0),
                              data=(("role", "score"),)))
        for m, actor in enumerate(task.actors):
            index = actors.index(actor)
            elements.append(Shape(id=new_id(), x=x + 8 + m * 16, y=task_y + 64, w=12, h=12, shape="circle",
                                  style=DEFAULT_STYLE.with_(fill=colours[index % len(colours)],
                                                            stroke="none"), data=(("actor", actor),)))
    for index, section_ in enumerate(spec.sections):
        members = [n for n, t in enumerate(spec.tasks) if t.section == index]
        if not members:
            continue
        x1 = x0 + min(members) * (column_w + gap)
        x2 = x0 + (max(members) + 1) * (column_w + gap) - gap
        tone = colours[index % len(colours)]
        elements.append(Shape(id=new_id(), x=x1, y=section_y, w=x2 - x1, h=40.0, shape="rounded", text=section_.name,
                              style=node_style(theme).with_(fill=tone, stroke=tone, text_color="#ffffff",
                                                            font_weight=700),
                              data=(("index", str(index)), ("role", "section"))))
    settings = {f"section{i}": s.name for i, s in enumerate(spec.sections)}
    return _finish(elements, spec.title or "User journey", "journey", **settings)


BUILDERS = {"gantt": build_gantt, "pie": build_pie, "timeline": build_timeline, "journey": build_journey}


def build(spec: Any, theme: MermaidTheme, hints: dict[str, tuple[float, float]] | None = None) -> Diagram:
    if spec.diagram_type in BUILDERS:
        return BUILDERS[spec.diagram_type](spec, theme, None)
    from autograph_desktop.mermaid.build_trees import build as build_tree

    return build_tree(spec, theme, hints)
