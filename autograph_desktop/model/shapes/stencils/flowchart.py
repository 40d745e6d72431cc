"""draw.io's flowchart and basic stencils that our own kinds do not already draw (`mxgraph.flowchart.*`,
`mxgraph.basic.*`), each from its documented look in fractions of its box."""

from __future__ import annotations

import math

from autograph_desktop.model.shapes.base import Box
from autograph_desktop.model.shapes.paths import Commands
from autograph_desktop.model.shapes.stencils.sketch import (
    IconStencil,
    Parts,
    Pen,
    StencilShape,
    polygon_stencil,
)

_FC = "mxgraph.flowchart."
_BASIC = "mxgraph.basic."


class SummingJunction(StencilShape):
    """A circle crossed by an X (`summing_function`) or a plus (`or`)."""

    name = "flowchart.summing_function"
    stencils = (_FC + "summing_function",)
    drawio = f"shape={_FC}summing_function"
    float_anchors = True
    plus = False

    def parts(self, p: Pen) -> Parts:
        if self.plus:
            return (p.oval(0.5, 0.5, 0.5, 0.5), p.line((0.5, 0), (0.5, 1)) + p.line((0, 0.5), (1, 0.5)), [])
        d = 0.5 - 0.5 / math.sqrt(2)
        return (p.oval(0.5, 0.5, 0.5, 0.5), p.line((d, d), (1 - d, 1 - d)) + p.line((1 - d, d), (d, 1 - d)), [])


class OrJunction(SummingJunction):
    name = "flowchart.or"
    stencils = (_FC + "or",)
    drawio = f"shape={_FC}or"
    plus = True


class MultiDocument(StencilShape):
    """Three stacked pages with waving bottoms; the front one holds the label."""

    name = "flowchart.multi-document"
    stencils = (_FC + "multi-document",)
    drawio = f"shape={_FC}multi-document"

    def parts(self, p: Pen) -> Parts:
        def page(dx: float, dy: float) -> Commands:
            w, top, bottom = 0.88, dy, 0.8 + dy
            return p.curve((dx, top), ((dx, top), (dx + w, top), (dx + w, top)),
                           ((dx + w, top), (dx + w, bottom), (dx + w, bottom)),
                           ((dx + w * 0.75, bottom - 0.12), (dx + w * 0.25, bottom + 0.12), (dx, bottom)), close=True)
        back = p.line((0.12, 0.08), (0.12, 0), (1, 0), (1, 0.76), (0.94, 0.76))
        middle = p.line((0.06, 0.14), (0.06, 0.06), (0.94, 0.06), (0.94, 0.84), (0.88, 0.84))
        return (page(0.0, 0.12), back + middle, [])

    def text_box(self, x: float, y: float, w: float, h: float) -> Box:
        return (x + 6, y + h * 0.15, max(w * 0.88 - 12, 1.0), max(h * 0.7, 1.0))


class PunchedTape(StencilShape):
    """A strip whose top and bottom edges wave (`punched_tape`, `paper_tape`)."""

    name = "flowchart.punched_tape"
    stencils = (_FC + "punched_tape", _FC + "paper_tape")
    drawio = f"shape={_FC}punched_tape"
    text_inset = (0.05, 0.2)
    text_inset_relative = True

    def parts(self, p: Pen) -> Parts:
        body = p.curve((0, 0.1), ((0.25, 0.35), (0.25, -0.15), (0.5, 0.1)), ((0.75, 0.35), (0.75, -0.15), (1, 0.1)),
                       ((1, 0.1), (1, 0.9), (1, 0.9)), ((0.75, 0.65), (0.75, 1.15), (0.5, 0.9)),
                       ((0.25, 0.65), (0.25, 1.15), (0, 0.9)), close=True)
        return (body, [], [])


class Display(StencilShape):
    """Pointed on the left, round on the right."""

    name = "flowchart.display"
    stencils = (_FC + "display",)
    drawio = f"shape={_FC}display"
    text_inset = (0.15, 0.1)
    text_inset_relative = True

    def parts(self, p: Pen) -> Parts:
        return (p.curve((0, 0.5), ((0.08, 0.25), (0.15, 0), (0.2, 0)), ((0.5, 0), (0.85, 0), (0.85, 0)),
                        ((1.03, 0), (1.03, 1), (0.85, 1)), ((0.85, 1), (0.2, 1), (0.2, 1)),
                        ((0.15, 1), (0.08, 0.75), (0, 0.5)), close=True), [], [])


class Delay(StencilShape):
    """Flat on the left, a half-round right end (the letter D)."""

    name = "flowchart.delay"
    stencils = (_FC + "delay",)
    drawio = f"shape={_FC}delay"

    def parts(self, p: Pen) -> Parts:
        return (p.curve((0, 0), ((0, 0), (0.6, 0), (0.6, 0)), ((1.13, 0), (1.13, 1), (0.6, 1)),
                        ((0.6, 1), (0, 1), (0, 1)), close=True), [], [])


class StoredData(StencilShape):
    """Curved on both sides like a drum seen from the side (`stored_data`)."""

    name = "flowchart.stored_data"
    stencils = (_FC + "stored_data",)
    drawio = f"shape={_FC}stored_data"
    text_inset = (0.15, 0.1)
    text_inset_relative = True

    def parts(self, p: Pen) -> Parts:
        return (p.curve((0.1, 0), ((0.1, 0), (1, 0), (1, 0)), ((0.93, 0.1), (0.93, 0.9), (1, 1)),
                        ((1, 1), (0.1, 1), (0.1, 1)), ((-0.03, 0.9), (-0.03, 0.1), (0.1, 0)), close=True), [], [])


class DirectData(StencilShape):
    """A cylinder lying on its side (`direct_data`)."""

    name = "flowchart.direct_data"
    stencils = (_FC + "direct_data",)
    drawio = f"shape={_FC}direct_data"
    text_inset = (0.15, 0.1)
    text_inset_relative = True

    def parts(self, p: Pen) -> Parts:
        body = p.curve((0.1, 0), ((0.1, 0), (0.9, 0), (0.9, 0)), ((1.03, 0), (1.03, 1), (0.9, 1)),
                       ((0.9, 1), (0.1, 1), (0.1, 1)), ((-0.03, 1), (-0.03, 0), (0.1, 0)), close=True)
        rim = p.curve((0.9, 0), ((0.77, 0), (0.77, 1), (0.9, 1)))
        return (body, rim, [])


class InternalStorage(StencilShape):
    name = "flowchart.internal_storage"
    stencils = (_FC + "internal_storage",)
    drawio = f"shape={_FC}internal_storage"

    def parts(self, p: Pen) -> Parts:
        return (p.poly((0, 0), (1, 0), (1, 1), (0, 1)), p.line((0.15, 0), (0.15, 1)) + p.line((0, 0.15), (1, 0.15)), [])


class SequentialData(StencilShape):
    """A circle with a tail along its bottom (magnetic tape)."""

    name = "flowchart.sequential_data"
    stencils = (_FC + "sequential_data",)
    drawio = f"shape={_FC}sequential_data"
    float_anchors = True

    def parts(self, p: Pen) -> Parts:
        return (p.oval(0.5, 0.5, 0.5, 0.5), p.line((0.5, 1), (1, 1), (1, 0.85)), [])


class Annotation(StencilShape):
    """An open bracket on the left of the text (`annotation_1`, and `annotation_2` with a lead line)."""

    name = "flowchart.annotation_1"
    stencils = (_FC + "annotation_1",)
    drawio = f"shape={_FC}annotation_1"
    hit_by_box = True
    lead = False

    def parts(self, p: Pen) -> Parts:
        if self.lead:
            return ([], p.line((1, 0), (0.5, 0), (0.5, 1), (1, 1)) + p.line((0, 0.5), (0.5, 0.5)), [])
        return ([], p.line((1, 0), (0, 0), (0, 1), (1, 1)), [])


class Annotation2(Annotation):
    name = "flowchart.annotation_2"
    stencils = (_FC + "annotation_2",)
    drawio = f"shape={_FC}annotation_2"
    lead = True


class Flash(StencilShape):
    name = "basic.flash"
    stencils = (_BASIC + "flash",)
    drawio = f"shape={_BASIC}flash"
    hit_by_box = True

    def parts(self, p: Pen) -> Parts:
        return (p.poly((0.38, 0), (0.78, 0), (0.55, 0.38), (0.82, 0.38), (0.2, 1), (0.4, 0.5), (0.15, 0.5)), [], [])


class OvalCallout(StencilShape):
    """An ellipse with a pointed tail down to the bottom left."""

    name = "basic.oval_callout"
    stencils = (_BASIC + "oval_callout",)
    drawio = f"shape={_BASIC}oval_callout"
    text_inset = (0.18, 0.18)
    text_inset_relative = True

    def parts(self, p: Pen) -> Parts:
        return (p.curve((0.22, 0.82), ((0.0, 0.7), (0.0, 0.1), (0.5, 0.05)), ((1.0, 0.0), (1.05, 0.75), (0.55, 0.82)),
                        ((0.45, 0.84), (0.35, 0.86), (0.25, 0.83)), ((0.2, 0.9), (0.12, 0.97), (0.05, 1)),
                        ((0.12, 0.95), (0.16, 0.88), (0.22, 0.82)), close=True), [], [])


class Heart(StencilShape):
    name = "basic.heart"
    stencils = (_BASIC + "heart",)
    drawio = f"shape={_BASIC}heart"

    def parts(self, p: Pen) -> Parts:
        return (p.curve((0.5, 0.25), ((0.4, 0.0), (0.0, 0.0), (0.0, 0.3)), ((0.0, 0.6), (0.35, 0.75), (0.5, 1.0)),
                        ((0.65, 0.75), (1.0, 0.6), (1.0, 0.3)), ((1.0, 0.0), (0.6, 0.0), (0.5, 0.25)), close=True), [], [])


class Smiley(StencilShape):
    name = "basic.smiley"
    stencils = (_BASIC + "smiley",)
    drawio = f"shape={_BASIC}smiley"
    float_anchors = True

    def parts(self, p: Pen) -> Parts:
        mouth = p.curve((0.25, 0.62), ((0.35, 0.8), (0.65, 0.8), (0.75, 0.62)))
        return (p.oval(0.5, 0.5, 0.5, 0.5), mouth, p.oval(0.35, 0.37, 0.06, 0.06) + p.oval(0.65, 0.37, 0.06, 0.06))


class Moon(StencilShape):
    name = "basic.moon"
    stencils = (_BASIC + "moon",)
    drawio = f"shape={_BASIC}moon"
    hit_by_box = True

    def parts(self, p: Pen) -> Parts:
        return (p.curve((0.75, 0.0), ((0.1, 0.0), (0.1, 1.0), (0.75, 1.0)), ((0.35, 0.8), (0.35, 0.2), (0.75, 0.0)),
                        close=True), [], [])


class NoSymbol(StencilShape):
    name = "basic.no_symbol"
    stencils = (_BASIC + "no_symbol",)
    drawio = f"shape={_BASIC}no_symbol"
    float_anchors = True

    def parts(self, p: Pen) -> Parts:
        d = 0.5 - 0.42 / math.sqrt(2)
        return (p.oval(0.5, 0.5, 0.5, 0.5), p.oval(0.5, 0.5, 0.42, 0.42) + p.line((d, d), (1 - d, 1 - d)), [])


class Sun(IconStencil):
    name = "basic.sun"
    stencils = (_BASIC + "sun",)
    drawio = f"shape={_BASIC}sun"

    def parts(self, p: Pen) -> Parts:
        rays: Commands = []
        for i in range(8):
            a = math.pi * i / 4
            rays += p.line((0.5 + 0.33 * math.cos(a), 0.5 + 0.33 * math.sin(a)), (0.5 + 0.5 * math.cos(a), 0.5 + 0.5 * math.sin(a)))
        return (p.oval(0.5, 0.5, 0.25, 0.25), rays, [])


class LayeredRect(StencilShape):
    name = "basic.layered_rect"
    stencils = (_BASIC + "layered_rect",)
    drawio = f"shape={_BASIC}layered_rect"

    def parts(self, p: Pen) -> Parts:
        back = p.line((0.1, 0.1), (0.1, 0), (1, 0), (1, 0.8), (0.9, 0.8)) + p.line((0.05, 0.15), (0.05, 0.05), (0.95, 0.05),
                                                                                  (0.95, 0.85), (0.9, 0.85))
        return (p.poly((0, 0.1), (0.9, 0.1), (0.9, 1), (0, 1)), back, [])


class Frame(StencilShape):
    """A picture frame: a box with a box inside (`frame`, `rounded_frame`)."""

    name = "basic.frame"
    stencils = (_BASIC + "frame", _BASIC + "rounded_frame")
    drawio = f"shape={_BASIC}frame"

    def parts(self, p: Pen) -> Parts:
        return (p.rect(0, 0, 1, 1), p.rect(0.1, 0.1, 0.8, 0.8), [])


def _star(points: int, inner: float) -> tuple[tuple[float, float], ...]:
    out = []
    for i in range(points * 2):
        r = 0.5 if i % 2 == 0 else 0.5 * inner
        a = -math.pi / 2 + math.pi * i / points
        out.append((0.5 + r * math.cos(a), 0.5 + r * math.sin(a)))
    return tuple(out)


def _regular(sides: int, turn: float = 0.0) -> tuple[tuple[float, float], ...]:
    return tuple((0.5 + 0.5 * math.cos(turn + 2 * math.pi * i / sides), 0.5 + 0.5 * math.sin(turn + 2 * math.pi * i / sides))
                 for i in range(sides))


DEFS: tuple[StencilShape, ...] = (
    SummingJunction(), OrJunction(), MultiDocument(), PunchedTape(), Display(), Delay(), StoredData(), DirectData(),
    InternalStorage(), SequentialData(), Annotation(), Annotation2(),
    polygon_stencil("flowchart.manual_input", _FC + "manual_input", ((0, 0.25), (1, 0), (1, 1), (0, 1)), (0.05, 0.2))(),
    polygon_stencil("flowchart.merge_or_storage", _FC + "merge_or_storage", ((0, 0), (1, 0), (0.5, 1)), (0.25, 0.1))(),
    polygon_stencil("flowchart.extract_or_measurement", _FC + "extract_or_measurement",
                    ((0.5, 0), (1, 1), (0, 1)), (0.25, 0.35))(),
    polygon_stencil("flowchart.loop_limit", _FC + "loop_limit", ((0.15, 0), (0.85, 0), (1, 0.25), (1, 1), (0, 1), (0, 0.25)))(),
    polygon_stencil("flowchart.sort", _FC + "sort", ((0.5, 0), (1, 0.5), (0.5, 1), (0, 0.5)), (0.2, 0.15),
                    detail=(((0, 0.5), (1, 0.5)),))(),
    polygon_stencil("flowchart.collate", _FC + "collate", ((0, 0), (1, 0), (0, 1), (1, 1)), (0.3, 0.3), by_box=True)(),
    polygon_stencil("flowchart.transfer", _FC + "transfer",
                    ((0, 0.3), (0.6, 0.3), (0.6, 0), (1, 0.5), (0.6, 1), (0.6, 0.7), (0, 0.7)), (0.05, 0.3))(),
    polygon_stencil("flowchart.predefined_process", _FC + "predefined_process", ((0, 0), (1, 0), (1, 1), (0, 1)),
                    (0.12, 0.05), detail=(((0.1, 0), (0.1, 1)), ((0.9, 0), (0.9, 1))))(),
    Flash(), OvalCallout(), Heart(), Smiley(), Moon(), NoSymbol(), Sun(), LayeredRect(), Frame(),
    polygon_stencil("basic.octagon", _BASIC + "octagon2", _regular(8, math.pi / 8), (0.15, 0.15))(),
    polygon_stencil("basic.pentagon", _BASIC + "pentagon", _regular(5, -math.pi / 2), (0.2, 0.2))(),
    polygon_stencil("basic.6_point_star", _BASIC + "6_point_star", _star(6, 0.6), (0.25, 0.25))(),
    polygon_stencil("basic.8_point_star", _BASIC + "8_point_star", _star(8, 0.7), (0.25, 0.25))(),
    polygon_stencil("basic.4_point_star", _BASIC + "4_point_star_2", _star(4, 0.4), (0.3, 0.3))(),
    polygon_stencil("basic.x", _BASIC + "x", ((0, 0.15), (0.15, 0), (0.5, 0.35), (0.85, 0), (1, 0.15), (0.65, 0.5),
                                             (1, 0.85), (0.85, 1), (0.5, 0.65), (0.15, 1), (0, 0.85), (0.35, 0.5)))(),
    polygon_stencil("basic.tick", _BASIC + "tick", ((0, 0.55), (0.15, 0.4), (0.38, 0.65), (0.85, 0), (1, 0.15),
                                                   (0.38, 0.95)))(),
    polygon_stencil("basic.diag_snip_rect", _BASIC + "diag_snip_rect",
                    ((0.15, 0), (1, 0), (1, 0.85), (0.85, 1), (0, 1), (0, 0.15)))(),
)
