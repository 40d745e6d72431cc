"""BPMN: events (`mxgraph.bpmn.shape`/`event` by `outline` and `symbol`), gateways (`gateway2` by `gwType`, or
`shape` with a gateway symbol), tasks, data objects and stores, drawn as the BPMN 2.0 notation describes.

A figure depends on style values, so kinds are named with them (`bpmn.event.end.message`) and made on
first use by `bpmn_definition`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import lru_cache

from autograph_desktop.model.shapes.base import Box
from autograph_desktop.model.shapes.paths import Commands
from autograph_desktop.model.shapes.stencils.sketch import Parts, Pen, StencilShape

_B = "mxgraph.bpmn."
EVENT_OUTLINES = ("standard", "end", "catching", "throwing", "boundInt", "boundNonint", "eventInt", "eventNonint",
                  "none")
GATEWAYS = {"exclusiveGw": "exclusive", "parallelGw": "parallel", "inclusiveGw": "inclusive",
            "complexGw": "complex", "eventGw": "eventBased"}


def _symbol(p: Pen, symbol: str, r: float) -> tuple[Commands, Commands]:
    """(lines, solid marks) of an event or gateway symbol inside a circle of unit radius `r` at the centre."""
    c = 0.5
    if symbol == "message":
        return p.poly((c - r * 0.55, c - r * 0.35), (c + r * 0.55, c - r * 0.35), (c + r * 0.55, c + r * 0.35),
                      (c - r * 0.55, c + r * 0.35)) + p.line((c - r * 0.55, c - r * 0.35), (c, c + r * 0.05),
                                                            (c + r * 0.55, c - r * 0.35)), []
    if symbol == "timer":
        ticks: Commands = []
        for i in range(12):
            a = math.pi * i / 6
            ticks += p.line((c + r * 0.55 * math.cos(a), c + r * 0.55 * math.sin(a)),
                            (c + r * 0.68 * math.cos(a), c + r * 0.68 * math.sin(a)))
        return p.oval(c, c, r * 0.7, r * 0.7) + ticks + p.line((c, c - r * 0.45), (c, c), (c + r * 0.3, c)), []
    if symbol in ("terminate",):
        return [], p.oval(c, c, r * 0.6, r * 0.6)
    if symbol == "signal":
        return p.poly((c, c - r * 0.55), (c + r * 0.5, c + r * 0.35), (c - r * 0.5, c + r * 0.35)), []
    if symbol == "error":
        return p.poly((c - r * 0.45, c + r * 0.45), (c - r * 0.2, c - r * 0.4), (c + r * 0.1, c + r * 0.1),
                      (c + r * 0.45, c - r * 0.45), (c + r * 0.2, c + r * 0.4), (c - r * 0.1, c - r * 0.1)), []
    if symbol == "escalation":
        return p.poly((c, c - r * 0.55), (c + r * 0.4, c + r * 0.45), (c, c + r * 0.1), (c - r * 0.4, c + r * 0.45)), []
    if symbol == "conditional":
        box = p.poly((c - r * 0.4, c - r * 0.5), (c + r * 0.4, c - r * 0.5), (c + r * 0.4, c + r * 0.5),
                     (c - r * 0.4, c + r * 0.5))
        for v in (-0.3, -0.1, 0.1, 0.3):
            box += p.line((c - r * 0.28, c + r * v), (c + r * 0.28, c + r * v))
        return box, []
    if symbol in ("multiple", "parallelMultiple"):
        pts = [(c + r * 0.55 * math.cos(-math.pi / 2 + 2 * math.pi * i / 5),
                c + r * 0.55 * math.sin(-math.pi / 2 + 2 * math.pi * i / 5)) for i in range(5)]
        return p.poly(*pts), []
    if symbol == "link":
        return p.poly((c - r * 0.5, c - r * 0.2), (c + r * 0.1, c - r * 0.2), (c + r * 0.1, c - r * 0.45),
                      (c + r * 0.55, c), (c + r * 0.1, c + r * 0.45), (c + r * 0.1, c + r * 0.2),
                      (c - r * 0.5, c + r * 0.2)), []
    if symbol in ("exclusiveGw", "exclusive"):
        k = r * 0.35
        return [], p.poly((c - k, c - k * 1.3), (c, c - k * 0.3), (c + k, c - k * 1.3), (c + k * 1.3, c - k),
                          (c + k * 0.3, c), (c + k * 1.3, c + k), (c + k, c + k * 1.3), (c, c + k * 0.3),
                          (c - k, c + k * 1.3), (c - k * 1.3, c + k), (c - k * 0.3, c), (c - k * 1.3, c - k))
    if symbol in ("parallelGw", "parallel"):
        k, t = r * 0.5, r * 0.12
        return [], p.poly((c - t, c - k), (c + t, c - k), (c + t, c - t), (c + k, c - t), (c + k, c + t),
                          (c + t, c + t), (c + t, c + k), (c - t, c + k), (c - t, c + t), (c - k, c + t),
                          (c - k, c - t), (c - t, c - t))
    if symbol in ("inclusiveGw", "inclusive"):
        return p.oval(c, c, r * 0.45, r * 0.45) + p.oval(c, c, r * 0.35, r * 0.35), []
    if symbol in ("complexGw", "complex"):
        k = r * 0.5
        lines: Commands = []
        for a in range(4):
            ang = math.pi * a / 4
            lines += p.line((c - k * math.cos(ang), c - k * math.sin(ang)), (c + k * math.cos(ang), c + k * math.sin(ang)))
        return lines, []
    if symbol in ("eventGw", "eventBased"):
        return p.oval(c, c, r * 0.55, r * 0.55) + p.oval(c, c, r * 0.45, r * 0.45), []
    return [], []


class BpmnEvent(StencilShape):
    """A circle: thin (start), double (intermediate), thick (end, drawn with a second ring inside)."""

    name = "bpmn.event.standard.general"
    stencils = (_B + "shape", _B + "event")
    drawio = f"shape={_B}shape;outline=standard;symbol=general"
    float_anchors = True
    text_inset = (0.15, 0.15)
    text_inset_relative = True
    ring = "standard"
    symbol = "general"

    def parts(self, p: Pen) -> Parts:
        body = p.oval(0.5, 0.5, 0.5, 0.5)
        rings: Commands = []
        if self.ring in ("catching", "throwing", "boundInt", "boundNonint", "eventInt", "eventNonint"):
            rings = p.oval(0.5, 0.5, 0.42, 0.42)
        elif self.ring == "end":
            rings = p.oval(0.5, 0.5, 0.46, 0.46) + p.oval(0.5, 0.5, 0.44, 0.44)
        lines, marks = _symbol(p, self.symbol, 0.5)
        if self.ring == "throwing" and self.symbol not in ("terminate",):
            marks, lines = marks + lines, []
        return (body, rings + lines, marks)


class BpmnGateway(StencilShape):
    """A diamond with its marker: X (exclusive), + (parallel), O (inclusive), * (complex)."""

    name = "bpmn.gateway.exclusive"
    stencils = (_B + "gateway2", _B + "gateway")
    drawio = f"shape={_B}gateway2;gwType=exclusive"
    float_anchors = True
    kind = "exclusive"

    def parts(self, p: Pen) -> Parts:
        lines, marks = _symbol(p, self.kind, 0.5)
        return (p.poly((0.5, 0), (1, 0.5), (0.5, 1), (0, 0.5)), lines, marks)


class BpmnTask(StencilShape):
    """A rounded box (tasks, sub-processes, call activities)."""

    name = "bpmn.task"
    stencils = (_B + "task", _B + "task2")
    drawio = f"shape={_B}task;taskMarker=abstract"

    def parts(self, p: Pen) -> Parts:
        return (p.rect(0, 0, 1, 1, 0.12), [], [])


class BpmnData(StencilShape):
    """A data object: a page with its top right corner folded."""

    name = "bpmn.data"
    stencils = (_B + "data", _B + "data2")
    drawio = f"shape={_B}data"

    def parts(self, p: Pen) -> Parts:
        f = 0.25
        return (p.poly((0, 0), (1 - f, 0), (1, f * p.w / max(p.h, 1e-9)), (1, 1), (0, 1)),
                p.line((1 - f, 0), (1 - f, f * p.w / max(p.h, 1e-9)), (1, f * p.w / max(p.h, 1e-9))), [])


class BpmnConversation(StencilShape):
    name = "bpmn.conversation"
    stencils = (_B + "conversation",)
    drawio = f"shape={_B}conversation"

    def parts(self, p: Pen) -> Parts:
        return (p.poly((0.25, 0), (0.75, 0), (1, 0.5), (0.75, 1), (0.25, 1), (0, 0.5)), [], [])

    def text_box(self, x: float, y: float, w: float, h: float) -> Box:
        return (x + w * 0.2, y + h * 0.1, w * 0.6, h * 0.8)


def bpmn_kind(stencil: str, values: Mapping[str, str]) -> str | None:
    """The kind name for a BPMN stencil and its parameters, or None when it is not one we draw."""
    if stencil in (_B + "gateway2", _B + "gateway"):
        kind = values.get("gwType", "exclusive")
        return f"bpmn.gateway.{kind}" if kind in GATEWAYS.values() else "bpmn.gateway.exclusive"
    if stencil in (_B + "shape", _B + "event"):
        symbol = values.get("symbol", "general")
        if symbol in GATEWAYS:
            return f"bpmn.gateway.{GATEWAYS[symbol]}"
        ring = values.get("outline", "standard")
        ring = ring if ring in EVENT_OUTLINES else "standard"
        return f"bpmn.event.{ring}.{symbol if symbol.isalnum() and len(symbol) < 40 else 'general'}"
    for cls in (BpmnTask, BpmnData, BpmnConversation):
        if stencil in cls.stencils:
            return cls.name
    return None


@lru_cache(maxsize=256)
def bpmn_definition(kind: str) -> StencilShape | None:
    """The definition of a BPMN kind name made by `bpmn_kind` (None for any other name)."""
    parts = kind.split(".")
    if kind in (BpmnTask.name, BpmnData.name, BpmnConversation.name):
        return {BpmnTask.name: BpmnTask, BpmnData.name: BpmnData, BpmnConversation.name: BpmnConversation}[kind]()
    if len(parts) == 3 and parts[:2] == ["bpmn", "gateway"]:
        cls = type("BpmnGateway_" + parts[2], (BpmnGateway,), {
            "name": kind, "kind": parts[2], "drawio": f"shape={_B}gateway2;gwType={parts[2]}"})
        return cls()  # type: ignore[no-any-return]
    if len(parts) == 4 and parts[:2] == ["bpmn", "event"] and parts[2] in EVENT_OUTLINES:
        cls = type("BpmnEvent_" + parts[2], (BpmnEvent,), {
            "name": kind, "ring": parts[2], "symbol": parts[3],
            "drawio": f"shape={_B}shape;outline={parts[2]};symbol={parts[3]}"})
        return cls()  # type: ignore[no-any-return]
    return None
