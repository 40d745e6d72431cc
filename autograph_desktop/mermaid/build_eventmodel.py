"""Event models as native elements: swimlanes, one coloured box per time frame, connectors for relations.

Frames run left to right in written order; a frame may start before the previous one ends when it sits
on another lane (as Mermaid overlaps them), never on the same lane. Box colours follow the entity type
(Mermaid's: screens white, processors violet, commands blue, read models green, events orange).
Relations are attached connectors, so moving a box keeps its arrows.
"""

from __future__ import annotations

from typing import Any

from autograph_desktop.mermaid.chartkit import LABEL, Chart
from autograph_desktop.mermaid.eventmodel import BAND_NAMES, BAND_PREFIXES, SHORT, EventModelSpec, TimeFrame
from autograph_desktop.mermaid.graph_build import text_size
from autograph_desktop.mermaid.theme import MermaidTheme, tint
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.elements import Connector, Endpoint, new_id
from autograph_desktop.model.style import DEFAULT_STYLE

COLOURS = {"screen": ("#ffffff", "#9a9a9a"), "processor": ("#edb3f6", "#b88cbf"), "command": ("#bcd6fe", "#679ac3"),
           "readmodel": ("#d3f1a2", "#a3b732"), "event": ("#ffb778", "#c19a0f")}
LANE_LABEL_W = 170.0
GAP = 16.0
OVERLAP = 0.45


def box_text(spec: EventModelSpec, frame: TimeFrame) -> str:
    """The frame's name, then its data (inline or from its block) below a blank line."""
    data = frame.inline
    if frame.data_ref and frame.data_ref in spec.data:
        data = spec.data[frame.data_ref].body
    return f"{frame.name}\n\n{data.strip()}" if data and data.strip() else frame.name


def build(spec: EventModelSpec, theme: MermaidTheme, config: dict[str, Any] | None = None) -> Diagram:
    chart = Chart("eventmodeling", theme)
    top = chart.title(spec.title, 0.0, 0.0)
    lanes = spec.lanes()
    style = DEFAULT_STYLE.with_(font_size=13.0, text_color="#1e1e2e", stroke_width=1.5)
    sizes = []
    for frame in spec.frames:
        tw, th = text_size(box_text(spec, frame), style, 260.0)
        sizes.append((max(tw + 28, 110.0), max(th + 28, 70.0)))
    lane_h = {lane: 100.0 for lane in lanes}
    for frame, (_, h) in zip(spec.frames, sizes, strict=True):
        lane_h[frame.lane()] = max(lane_h[frame.lane()], h + 30)
    lane_y: dict[tuple[int, str], float] = {}
    y = top
    for lane in lanes:
        lane_y[lane] = y
        y += lane_h[lane] + 8
    xs: list[float] = []
    lane_right: dict[tuple[int, str], float] = {}
    previous_right = LANE_LABEL_W + GAP
    for frame, (w, _) in zip(spec.frames, sizes, strict=True):
        x = max(previous_right - w * OVERLAP if xs else previous_right, lane_right.get(frame.lane(), 0.0) + GAP)
        xs.append(x)
        lane_right[frame.lane()] = x + w
        previous_right = x + w + GAP
    right = max(lane_right.values(), default=LANE_LABEL_W) + GAP
    for lane in lanes:
        band, namespace = lane
        name = BAND_PREFIXES[band] + namespace if namespace else BAND_NAMES[band]
        fill = tint(theme.cluster_stroke, 0.9, theme.canvas)
        chart.rect(0.0, lane_y[lane], right, lane_h[lane],
                   DEFAULT_STYLE.with_(fill=fill, stroke=tint(theme.cluster_stroke, 0.5, theme.canvas), stroke_width=1.0,
                                       text_color=theme.text, font_size=13.0, font_weight=700, text_align="left"),
                   role="lane")
        chart.text(8.0, lane_y[lane] + 8, name, LABEL.with_(font_size=13.0, font_weight=700, text_color=theme.text,
                                                            text_align="left"), w=LANE_LABEL_W - 16, role="lane-label")
    ids: list[str] = []
    for i, (frame, (w, h), x) in enumerate(zip(spec.frames, sizes, xs, strict=True)):
        fill, stroke = COLOURS[frame.kind]
        lane = frame.lane()
        data = {"role": "frame", "index": str(i), "number": frame.number, "kind": SHORT[frame.kind],
                "entity": frame.entity, "name": frame.name, "reset": "1" if frame.reset else "",
                "sources": " ".join(frame.sources)}
        if frame.data_ref:
            data["data_ref"] = frame.data_ref
        if frame.inline is not None:
            data["inline"] = frame.inline
            data["data_type"] = frame.data_type or ""
        box = chart.rect(x, lane_y[lane] + (lane_h[lane] - h) / 2, w, h,
                         style.with_(fill=fill, stroke=stroke, vertical_align="top" if "\n" in box_text(spec, frame)
                                     else "middle"), text=box_text(spec, frame), **data)
        ids.append(box.id)
    arrow = DEFAULT_STYLE.with_(stroke=theme.edge, stroke_width=1.5, fill="none")
    for source, target in spec.relations():
        chart.add(Connector(id=new_id(), source=Endpoint(ids[source]), target=Endpoint(ids[target]),
                            routing="curved", end_arrow="triangle", style=arrow, data=(("role", "relation"),)))
    group = {f"data:{name}": f"{block.data_type or ''}\n{block.body}" for name, block in spec.data.items()}
    return chart.finish(spec.title or "Event model", **group)
