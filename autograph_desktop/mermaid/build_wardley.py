"""Wardley maps as native elements: the value-chain and evolution axes, stage bands, components, links.

Components are small circles (anchors are bold names) placed at [visibility, evolution]; links are
attached connectors (flows get arrowheads), evolution moves a dashed red ghost with an arrow, and notes,
areas, accelerators, annotations and pipelines are ordinary shapes and texts. Canvas size: `size`, else
`wardley.width/height`, else 1100 x 600.
"""

from __future__ import annotations

from typing import Any

from autograph_desktop.mermaid.chartkit import LABEL, Chart, section, setting
from autograph_desktop.mermaid.chartsyntax import num_text
from autograph_desktop.mermaid.graph_build import text_size
from autograph_desktop.mermaid.theme import MermaidTheme, tint
from autograph_desktop.mermaid.wardley import WardleySpec
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.elements import Connector, ConnectorLabel, Endpoint, new_id
from autograph_desktop.model.style import DEFAULT_STYLE

DEFAULT_STAGES = (("Genesis", 0.174), ("Custom-Built", 0.4), ("Product (+rental)", 0.7), ("Commodity (+utility)", 1.0))
DECORATOR_SHAPES = {"build": "triangle", "buy": "diamond", "outsource": "rectangle", "market": "circle"}
EVOLVE_RED = "#d9363e"
R = 6.0


def build(spec: WardleySpec, theme: MermaidTheme, config: dict[str, Any] | None = None) -> Diagram:
    options = section(config, "wardley")
    width, height = spec.size or (setting(options, "width", 1100.0, 200.0, 8000.0),
                                  setting(options, "height", 600.0, 150.0, 8000.0))
    chart = Chart("wardley", theme)
    top = chart.title(spec.title, 0.0, 0.0)
    left, bottom = 40.0, top + height - 40
    plot_w, plot_h = width - left - 10, height - 40

    def at(visibility: float, evolution: float) -> tuple[float, float]:
        return left + evolution * plot_w, top + (1 - visibility) * plot_h

    axis = DEFAULT_STYLE.with_(fill="none", stroke=theme.text, stroke_width=2.0)
    chart.line(left, top, left, bottom, axis, role="axis")
    chart.line(left, bottom, left + plot_w, bottom, axis, role="axis")
    small = LABEL.with_(font_size=12.0, text_color=theme.text)
    chart.text(2.0, top + plot_h / 2 - 50, "Value Chain", small, w=100.0, rotation=-90.0, role="axis-title")
    stages = _stages(spec)
    start = 0.0
    for n, (label, end) in enumerate(stages):
        x0, _ = at(0, start)
        x1, _ = at(0, end)
        if n:
            chart.line(x0, top, x0, bottom, DEFAULT_STYLE.with_(fill="none", stroke=theme.edge, stroke_width=1.0,
                                                                dash="dashed", opacity=0.5), role="stage-line")
        chart.centred_text((x0 + x1) / 2, bottom + 14, label, small, role="stage", index=str(n),
                           boundary=num_text(end) if spec.stages and spec.stages[n][1] is not None else "")
        start = end
    for n, item in enumerate(spec.placed):
        x, y = at(item.visibility, item.evolution)
        data = {"role": item.kind, "index": str(n), "v": num_text(item.visibility), "e": num_text(item.evolution)}
        if item.kind == "area":
            chart.rect(x - 90, y - 45, 180, 90, DEFAULT_STYLE.with_(fill=tint(theme.accent[3], 0.7, theme.canvas),
                                                                    stroke="none", opacity=0.6, text_color=theme.text,
                                                                    font_size=13.0, vertical_align="top"),
                       shape="rounded", text=item.text, **data)
        elif item.kind == "note":
            chart.text(x, y, item.text, LABEL.with_(font_size=12.0, font_weight=700, text_color=theme.text,
                                                    text_align="left"), tags=data)
        else:
            tw, th = text_size(item.text, small, 160.0)
            chart.rect(x, y, tw + 40, th + 20, DEFAULT_STYLE.with_(fill=tint(theme.accent[4], 0.6, theme.canvas),
                                                                   stroke=theme.edge, stroke_width=1.0,
                                                                   text_color=theme.text, font_size=12.0),
                       shape="parallelogram" if item.kind == "accelerator" else "parallelogram_alt", text=item.text,
                       **data)
    _pipelines(chart, spec, at, theme)
    ids: dict[str, str] = {}
    for n, comp in enumerate(spec.components):
        x, y = at(comp.visibility, comp.evolution)
        for deco in comp.decorators:
            if deco in DECORATOR_SHAPES:
                chart.rect(x - 14, y - 14, 28, 28, DEFAULT_STYLE.with_(fill=tint(theme.accent[0], 0.7, theme.canvas),
                                                                       stroke="none", opacity=0.8),
                           shape=DECORATOR_SHAPES[deco], role="decorator")
            elif deco == "inertia":
                chart.rect(x + 14, y - 12, 6, 24, DEFAULT_STYLE.with_(fill=theme.text, stroke="none"), role="inertia")
        data = {"role": "component", "index": str(n), "name": comp.name, "v": num_text(comp.visibility),
                "e": num_text(comp.evolution), "kind": "anchor" if comp.anchor else "component",
                "decorators": " ".join(comp.decorators), "pipeline": comp.pipeline or ""}
        if comp.label_offset is not None:
            data["label"] = f"{num_text(comp.label_offset[0])},{num_text(comp.label_offset[1])}"
        dx, dy = comp.label_offset or (10.0, -20.0)
        if comp.anchor:
            dot = chart.rect(x - R, y - R, 2 * R, 2 * R, DEFAULT_STYLE.with_(fill="none", stroke="none"),
                             shape="circle", **data)
            chart.centred_text(x, y, comp.name, LABEL.with_(font_size=14.0, font_weight=700, text_color=theme.text),
                               role="component-label", index=str(n))
        else:
            face = "#ffffff" if theme.canvas == "light" else "#1e1e2e"
            dot = chart.rect(x - R, y - R, 2 * R, 2 * R, DEFAULT_STYLE.with_(fill=face, stroke=theme.text,
                                                                             stroke_width=1.5), shape="circle", **data)
            chart.text(x + dx, y + dy, comp.name, LABEL.with_(font_size=12.0, text_color=theme.text,
                                                              text_align="left"), role="component-label",
                       index=str(n))
        ids[comp.name] = dot.id
    link_style = DEFAULT_STYLE.with_(fill="none", stroke=theme.edge, stroke_width=1.2, font_size=11.0,
                                     text_color=theme.text)
    heads = {"->": ("none", "none"), "+>": ("none", "triangle"), "+<": ("triangle", "none"),
             "+<>": ("triangle", "triangle"), "+'>": ("none", "triangle")}
    for n, link in enumerate(spec.links):
        start_arrow, end_arrow = heads.get(link.op, ("none", "none"))
        labels = tuple(ConnectorLabel(t, 0.5, -10.0) for t in (link.flow_label, link.label) if t)
        chart.add(Connector(id=new_id(), source=Endpoint(ids[link.source]), target=Endpoint(ids[link.target]),
                            start_arrow=start_arrow, end_arrow=end_arrow, labels=labels,
                            style=link_style.with_(stroke_width=2.5) if link.op != "->" else link_style,
                            data=(("flow", link.flow_label), ("index", str(n)), ("label", link.label),
                                  ("op", link.op), ("role", "link"), ("source", link.source),
                                  ("target", link.target))))
    _movements(chart, spec, at, ids)
    _annotations(chart, spec, at, theme)
    group = {"size": f"{num_text(spec.size[0])},{num_text(spec.size[1])}"} if spec.size else {}
    if spec.stages:
        group["stages"] = "1"
    return chart.finish(spec.title or "Wardley map", **group)


def _stages(spec: WardleySpec) -> list[tuple[str, float]]:
    """Stage labels with their right boundaries: written ones, else spread evenly, else the classic four."""
    if not spec.stages:
        return list(DEFAULT_STAGES)
    n = len(spec.stages)
    out: list[tuple[str, float]] = []
    for i, (label, boundary) in enumerate(spec.stages):
        out.append((label, boundary if boundary is not None else (i + 1) / n))
    return out


def _pipelines(chart: Chart, spec: WardleySpec, at: Any, theme: MermaidTheme) -> None:
    for parent in dict.fromkeys(c.pipeline for c in spec.components if c.pipeline):
        members = [c for c in spec.components if c.pipeline == parent]
        owner = spec.find(parent or "")
        if owner is None:
            continue
        x0, y = at(owner.visibility, min(c.evolution for c in members))
        x1, _ = at(owner.visibility, max(c.evolution for c in members))
        chart.rect(x0 - 16, y - 12, x1 - x0 + 32, 24, DEFAULT_STYLE.with_(fill="none", stroke=theme.text,
                                                                          stroke_width=1.0), role="pipeline")


def _movements(chart: Chart, spec: WardleySpec, at: Any, ids: dict[str, str]) -> None:
    red = DEFAULT_STYLE.with_(fill="none", stroke=EVOLVE_RED, stroke_width=1.5, dash="dashed")
    for n, (name, target) in enumerate(spec.evolves):
        comp = spec.find(name)
        if comp is None:
            continue
        x, y = at(comp.visibility, target)
        ghost = chart.rect(x - R, y - R, 2 * R, 2 * R, DEFAULT_STYLE.with_(fill="#ffffff", stroke=EVOLVE_RED,
                                                                           stroke_width=1.5), shape="circle",
                           role="evolved", index=str(n), name=name, target=num_text(target))
        chart.text(x + 8, y - 18, comp.name, LABEL.with_(font_size=12.0, text_color=EVOLVE_RED, text_align="left"),
                   role="evolved-label")
        chart.add(Connector(id=new_id(), source=Endpoint(ids[name]), target=Endpoint(ghost.id), end_arrow="triangle",
                            style=red, data=(("role", "evolve"),)))
    for n, (name, x_share, y_share) in enumerate(spec.trends):
        comp = spec.find(name)
        if comp is None or name not in ids:
            continue
        x, y = at(y_share, x_share)
        chart.rect(x - R, y - R, 2 * R, 2 * R, red, shape="circle", role="trend", index=str(n), name=name,
                   x=num_text(x_share), y=num_text(y_share))


def _annotations(chart: Chart, spec: WardleySpec, at: Any, theme: MermaidTheme) -> None:
    style = DEFAULT_STYLE.with_(fill="#ffffff", stroke=theme.text, stroke_width=1.0, font_size=11.0,
                                text_color=theme.text)
    for n, (number_, v, e, text) in enumerate(spec.annotations):
        x, y = at(v, e)
        chart.rect(x - 9, y - 9, 18, 18, style, shape="circle", text=str(number_), role="annotation", index=str(n),
                   number=str(number_), v=num_text(v), e=num_text(e), note=text)
    if spec.annotations_at is not None:
        x, y = at(*spec.annotations_at)
        listing = "\n".join(f"{num}. {text}" for num, _, _, text in spec.annotations) or "Annotations"
        chart.text(x, y, listing, LABEL.with_(font_size=12.0, text_color=theme.text, text_align="left"),
                   role="annotations", v=num_text(spec.annotations_at[0]), e=num_text(spec.annotations_at[1]))
