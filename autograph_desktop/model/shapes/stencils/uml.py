"""UML, ER and SysML details and draw.io's other core shapes: package folders, frames with a name tab,
lifelines, interfaces (ball and socket), components, state ends, cubes, brackets and lines."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from functools import lru_cache
from typing import ClassVar

from autograph_desktop.model.shapes.base import Box
from autograph_desktop.model.shapes.paths import Commands, Outline
from autograph_desktop.model.shapes.stencils.sketch import Parts, Pen, StencilShape


class Folder(StencilShape):
    """A package: a box with a tab on its top left."""

    name = "uml.folder"
    stencils = ("folder", "mxgraph.sysml.package", "mxgraph.sysml.package2", "package")
    drawio = "shape=folder;tabWidth=50;tabHeight=14;tabPosition=left"

    def parts(self, p: Pen) -> Parts:
        tab_h = min(14 / max(p.h, 1e-9), 0.3)
        tab_w = min(50 / max(p.w, 1e-9), 0.5)
        return (p.poly((0, 0), (tab_w, 0), (tab_w, tab_h), (1, tab_h), (1, 1), (0, 1)),
                p.line((0, tab_h), (tab_w, tab_h)), [])

    def text_box(self, x: float, y: float, w: float, h: float) -> Box:
        tab = min(14.0, h * 0.3)
        return (x + 6, y + tab + 4, max(w - 12, 1.0), max(h - tab - 8, 1.0))


class UmlFrame(StencilShape):
    """A frame whose name sits in a cut-corner tab at the top left (`umlFrame`, SysML diagrams)."""

    name = "uml.frame"
    stencils = ("umlFrame",)
    drawio = "shape=umlFrame;width=60;height=30"

    def parts(self, p: Pen) -> Parts:
        tw, th = min(60 / max(p.w, 1e-9), 0.6), min(30 / max(p.h, 1e-9), 0.4)
        return (p.rect(0, 0, 1, 1), p.line((0, th), (tw * 0.85, th), (tw, th * 0.6), (tw, 0)), [])

    def text_box(self, x: float, y: float, w: float, h: float) -> Box:
        return (x + 4, y + 2, max(min(60.0, w * 0.6) - 8, 1.0), max(min(30.0, h * 0.4) - 4, 1.0))


class Lifeline(StencilShape):
    """A lifeline: a head box and a dashed-looking line down from it (drawn as a line)."""

    name = "uml.lifeline"
    stencils = ("umlLifeline",)
    drawio = "shape=umlLifeline;perimeter=lifelinePerimeter;size=40"
    hit_by_box = True

    def parts(self, p: Pen) -> Parts:
        head = min(40 / max(p.h, 1e-9), 1.0)
        return (p.rect(0, 0, 1, head), p.line((0.5, head), (0.5, 1)), [])

    def text_box(self, x: float, y: float, w: float, h: float) -> Box:
        return (x + 4, y + 2, max(w - 8, 1.0), max(min(40.0, h) - 4, 1.0))


class Interface(StencilShape):
    """Ball and socket (`providedRequiredInterface`), or the ball alone (`lollipop`)."""

    name = "uml.providedRequiredInterface"
    stencils: ClassVar[tuple[str, ...]] = ("providedRequiredInterface",)
    drawio = "shape=providedRequiredInterface;html=1;verticalLabelPosition=bottom"
    hit_by_box = True
    socket = True

    def parts(self, p: Pen) -> Parts:
        lines: Commands = p.circle(0.5, 0.5, 0.3) if self.socket else p.circle(0.7, 0.5, 0.3)
        if self.socket:
            lines += p.curve((0.5, 0), ((1.05, 0), (1.05, 1), (0.5, 1)))
        else:
            lines += p.line((0, 0.5), (0.7 - 0.3 * p.short / max(p.w, 1e-9), 0.5))
        return ([], lines, [])


class Lollipop(Interface):
    name = "uml.lollipop"
    stencils = ("lollipop", "mxgraph.sysml.port")
    drawio = "shape=lollipop"
    socket = False


class RequiredInterface(StencilShape):
    name = "uml.requiredInterface"
    stencils = ("requiredInterface",)
    drawio = "shape=requiredInterface"
    hit_by_box = True

    def parts(self, p: Pen) -> Parts:
        return ([], p.curve((0, 0), ((1.3, 0), (1.3, 1), (0, 1))), [])


class Component(StencilShape):
    """A box with two small boxes on its left edge (`component`, `module`)."""

    name = "uml.component"
    stencils = ("component", "module", "mxgraph.sysml.comp")
    drawio = "shape=component;align=left;spacingLeft=36"

    def parts(self, p: Pen) -> Parts:
        bw, bh = min(20 / max(p.w, 1e-9), 0.3), min(10 / max(p.h, 1e-9), 0.25)
        return (p.rect(bw / 2, 0, 1 - bw / 2, 1) + p.rect(0, 0.2, bw, bh) + p.rect(0, 0.6, bw, bh), [], [])


class EndState(StencilShape):
    """A ring around a solid dot (`endState`, SysML `actFinal`)."""

    name = "uml.endState"
    stencils = ("endState", "mxgraph.sysml.actFinal")
    drawio = "ellipse;shape=endState;fillColor=strokeColor"
    float_anchors = True

    def parts(self, p: Pen) -> Parts:
        return (p.oval(0.5, 0.5, 0.5, 0.5), [], p.oval(0.5, 0.5, 0.32, 0.32))


class FlowFinal(StencilShape):
    """A circle with an X (SysML and UML activity flow final)."""

    name = "uml.flowFinal"
    stencils = ("mxgraph.sysml.flowFinal",)
    drawio = "shape=mxgraph.sysml.flowFinal"
    float_anchors = True

    def parts(self, p: Pen) -> Parts:
        return (p.oval(0.5, 0.5, 0.5, 0.5), p.line((0.15, 0.15), (0.85, 0.85)) + p.line((0.85, 0.15), (0.15, 0.85)), [])


class AcceptEvent(StencilShape):
    """A box with a notch cut into its left side (SysML/UML accept event action)."""

    name = "uml.acceptEvent"
    stencils = ("mxgraph.sysml.accEvent",)
    drawio = "shape=mxgraph.sysml.accEvent"

    def parts(self, p: Pen) -> Parts:
        return (p.poly((0, 0), (1, 0), (1, 1), (0, 1), (0.15, 0.5)), [], [])


class SendSignal(StencilShape):
    name = "uml.sendSignal"
    stencils = ("mxgraph.sysml.sendSigAct",)
    drawio = "shape=mxgraph.sysml.sendSigAct"

    def parts(self, p: Pen) -> Parts:
        return (p.poly((0, 0), (0.85, 0), (1, 0.5), (0.85, 1), (0, 1)), [], [])


class Action(StencilShape):
    """A rounded action box (SysML call behaviour and other actions)."""

    name = "uml.action"
    stencils = ("mxgraph.sysml.callBehAct", "mxgraph.sysml.action", "mxgraph.sysml.isControl",
                "mxgraph.sysml.actParamNode", "mxgraph.sysml.objFlowL", "mxgraph.sysml.objFlowR")
    drawio = "shape=mxgraph.sysml.callBehAct"

    def parts(self, p: Pen) -> Parts:
        return (p.rect(0, 0, 1, 1, 0.15), [], [])


class Cube(StencilShape):
    """A box in three quarters view (`cube`): front face, top and side as lines."""

    name = "core.cube"
    stencils = ("cube",)
    drawio = "shape=cube;size=10"

    def parts(self, p: Pen) -> Parts:
        dx, dy = min(10 / max(p.w, 1e-9), 0.3), min(10 / max(p.h, 1e-9), 0.3)
        return (p.poly((0, 0), (1 - dx, 0), (1, dy), (1, 1), (dx, 1), (0, 1 - dy)),
                p.line((0, 0), (dx, dy), (1, dy)) + p.line((dx, dy), (dx, 1)), [])

    def text_box(self, x: float, y: float, w: float, h: float) -> Box:
        return (x + min(10.0, w * 0.3) + 4, y + min(10.0, h * 0.3) + 2, max(w - min(10.0, w * 0.3) - 8, 1.0),
                max(h - min(10.0, h * 0.3) - 4, 1.0))


class CurlyBracket(StencilShape):
    """A brace opening to the right (`curlyBracket`)."""

    name = "core.curlyBracket"
    stencils = ("curlyBracket",)
    drawio = "shape=curlyBracket;rounded=1"
    hit_by_box = True

    def parts(self, p: Pen) -> Parts:
        return ([], p.curve((1, 0), ((0.5, 0), (0.5, 0.05), (0.5, 0.2)), ((0.5, 0.45), (0.5, 0.5), (0, 0.5)),
                            ((0.5, 0.5), (0.5, 0.55), (0.5, 0.8)), ((0.5, 0.95), (0.5, 1), (1, 1))), [])


class Line(StencilShape):
    """A horizontal line through the middle of its box (`line`; `direction` turns it)."""

    name = "core.line"
    stencils = ("line",)
    drawio = "line;strokeWidth=2"
    hit_by_box = True

    def parts(self, p: Pen) -> Parts:
        return ([], p.line((0, 0.5), (1, 0.5)), [])


class Tape(StencilShape):
    """A strip with waving top and bottom (`tape`)."""

    name = "core.tape"
    stencils = ("tape",)
    drawio = "shape=tape"

    def parts(self, p: Pen) -> Parts:
        return (p.curve((0, 0.1), ((0.25, 0.25), (0.25, -0.05), (0.5, 0.1)), ((0.75, 0.25), (0.75, -0.05), (1, 0.1)),
                        ((1, 0.1), (1, 0.9), (1, 0.9)), ((0.75, 0.75), (0.75, 1.05), (0.5, 0.9)),
                        ((0.25, 0.75), (0.25, 1.05), (0, 0.9)), close=True), [], [])


class Boundary(StencilShape):
    """A robustness boundary: a circle with a bar on its left, joined by a line (`umlBoundary`)."""

    name = "uml.boundary"
    stencils = ("umlBoundary",)
    drawio = "shape=umlBoundary"
    hit_by_box = True

    def parts(self, p: Pen) -> Parts:
        return (p.oval(0.6, 0.5, 0.4, 0.5), p.line((0, 0), (0, 1)) + p.line((0, 0.5), (0.2, 0.5)), [])


class EntityCircle(StencilShape):
    """A robustness entity: a circle standing on a line (`umlEntity`)."""

    name = "uml.entity"
    stencils = ("umlEntity",)
    drawio = "shape=umlEntity"
    float_anchors = True

    def parts(self, p: Pen) -> Parts:
        return (p.oval(0.5, 0.5, 0.5, 0.5), p.line((0.15, 1), (0.85, 1)), [])


class Control(StencilShape):
    """A robustness control: a circle with an arrowhead on its top (`umlControl`)."""

    name = "uml.control"
    stencils = ("umlControl",)
    drawio = "shape=umlControl"
    float_anchors = True

    def parts(self, p: Pen) -> Parts:
        return (p.oval(0.5, 0.55, 0.5, 0.45), p.line((0.6, 0.0), (0.45, 0.1), (0.6, 0.2)), [])


class Destroy(StencilShape):
    """An X (a lifeline's end: `umlDestroy`)."""

    name = "uml.destroy"
    stencils = ("umlDestroy",)
    drawio = "shape=umlDestroy"
    hit_by_box = True

    def parts(self, p: Pen) -> Parts:
        return ([], p.line((0, 0), (1, 1)) + p.line((1, 0), (0, 1)), [])


class DoubleBox(StencilShape):
    """A box with a second box inside (`ext;double=1`: an ER weak entity, a framed process)."""

    name = "core.doubleRect"
    stencils = ()
    drawio = "shape=ext;double=1"

    def parts(self, p: Pen) -> Parts:
        gap = min(3 / max(p.w, 1e-9), 0.1), min(3 / max(p.h, 1e-9), 0.1)
        return (p.rect(0, 0, 1, 1), p.rect(gap[0], gap[1], 1 - 2 * gap[0], 1 - 2 * gap[1]), [])


class PartialBox(StencilShape):
    """A box drawn with only some of its sides (draw.io's `partialRectangle` and table rows and cells:
    `top`, `left`, `bottom`, `right` = 0 leave a side out). The kind's name lists the sides drawn."""

    name = "core.partial.tlbr"
    stencils = ()
    drawio = "shape=partialRectangle"
    hit_by_box = True
    sides = "tlbr"

    def parts(self, p: Pen) -> Parts:
        lines: Commands = []
        for side, (a, b) in (("t", ((0, 0), (1, 0))), ("l", ((0, 0), (0, 1))), ("b", ((0, 1), (1, 1))),
                             ("r", ((1, 0), (1, 1)))):
            if side in self.sides:
                lines += p.line(a, b)
        return (p.rect(0, 0, 1, 1), lines, [])

    def outline(self, x: float, y: float, w: float, h: float, radius: float = 0.0) -> Outline:
        body, detail, _ = self.parts(Pen(x, y, w, h))
        return Outline(body, detail, unstroked=True)


def partial_kind(values: Mapping[str, str]) -> str:
    """The partial box kind for a style's `top`/`left`/`bottom`/`right` flags (each drawn unless 0)."""
    return "core.partial." + "".join(s[0] for s in ("top", "left", "bottom", "right") if values.get(s, "1") != "0")


@lru_cache(maxsize=16)
def partial_definition(kind: str) -> StencilShape | None:
    sides = kind.removeprefix("core.partial.")
    if not kind.startswith("core.partial.") or sides not in _SIDE_SETS:
        return None
    keys = ";".join(f"{name}=0" for name in ("top", "left", "bottom", "right") if name[0] not in sides)
    cls = type("PartialBox_" + (sides or "none"), (PartialBox,), {
        "name": kind, "sides": sides, "drawio": "shape=partialRectangle" + (f";{keys}" if keys else "")})
    return cls()  # type: ignore[no-any-return]


_SIDE_SETS = frozenset("".join(c for c, on in zip("tlbr", bits, strict=True) if on)
                       for bits in itertools.product((0, 1), repeat=4))


DEFS: tuple[StencilShape, ...] = (Folder(), UmlFrame(), Lifeline(), Interface(), Lollipop(), RequiredInterface(),
                                  Component(), EndState(), FlowFinal(), AcceptEvent(), SendSignal(), Action(), Cube(),
                                  CurlyBracket(), Line(), Tape(), Boundary(), EntityCircle(), Control(), Destroy(),
                                  DoubleBox())
