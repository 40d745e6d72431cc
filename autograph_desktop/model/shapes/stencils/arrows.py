"""Block arrows: draw.io's `mxgraph.arrows2.*` and `mxgraph.arrows.*` libraries and the core `singleArrow`
and `doubleArrow` shapes. Each points right (or both ways); `direction` turns it (see `variants`)."""

from __future__ import annotations

from typing import ClassVar

from autograph_desktop.model.shapes.paths import Point
from autograph_desktop.model.shapes.stencils.sketch import Parts, Pen, StencilShape

_A2 = "mxgraph.arrows2."
_A = "mxgraph.arrows."


class BlockArrow(StencilShape):
    """A shaft and a head; `shaft` is the shaft's share of the height, `head` the head's share of the width."""

    name = "arrows2.arrow"
    stencils: ClassVar[tuple[str, ...]] = (_A2 + "arrow", _A + "arrow_right", "singleArrow", _A2 + "sharpArrow", _A2 + "sharpArrow2",
                _A2 + "stylisedArrow", _A + "stylised_arrow", _A + "sharp_arrow", _A2 + "tailedArrow",
                _A + "striped_arrow", _A2 + "stripedArrow", _A + "notched_signal_in")
    drawio = f"shape={_A2}arrow;dy=0.6;dx=40;notch=0"
    text_inset = (0.08, 0.25)
    text_inset_relative = True
    shaft = 0.6
    head = 0.35
    both = False
    notch = 0.0

    def parts(self, p: Pen) -> Parts:
        head = min(self.head, p.h / max(p.w, 1e-9) * 0.6) if p.w > 0 else self.head
        top, bottom = (1 - self.shaft) / 2, (1 + self.shaft) / 2
        right: list[Point] = [(1 - head, top), (1 - head, 0), (1, 0.5), (1 - head, 1), (1 - head, bottom)]
        if self.both:
            left: list[Point] = [(head, bottom), (head, 1), (0, 0.5), (head, 0), (head, top)]
        else:
            left = [(0, bottom), (self.notch, 0.5), (0, top)] if self.notch else [(0, bottom), (0, top)]
        return (p.poly(*right, *left), [], [])


class TwoWayArrow(BlockArrow):
    name = "arrows2.twoWayArrow"
    stencils = (_A2 + "twoWayArrow", _A + "two_way_arrow_horizontal", "doubleArrow")
    drawio = f"shape={_A2}twoWayArrow;dy=0.6;dx=35"
    both = True


class NotchedArrow(BlockArrow):
    name = "arrows2.notchedArrow"
    stencils = (_A2 + "notchedArrow", _A + "notched_signal_in")
    drawio = f"shape={_A2}notchedArrow"
    notch = 0.15


class CalloutArrow(StencilShape):
    """A box with an arrow coming out of its right side."""

    name = "arrows2.calloutArrow"
    stencils = (_A2 + "calloutArrow", _A + "callout_right_arrow")
    drawio = f"shape={_A2}calloutArrow"

    def parts(self, p: Pen) -> Parts:
        return (p.poly((0, 0), (0.6, 0), (0.6, 0.35), (0.75, 0.35), (0.75, 0.15), (1, 0.5), (0.75, 0.85), (0.75, 0.65),
                       (0.6, 0.65), (0.6, 1), (0, 1)), [], [])

    def text_box(self, x: float, y: float, w: float, h: float) -> tuple[float, float, float, float]:
        return (x + 4, y + 4, max(w * 0.6 - 8, 1.0), max(h - 8, 1.0))


class BendArrow(StencilShape):
    """A shaft rising and turning right into a head (`bendArrow`, `bent_right_arrow`)."""

    name = "arrows2.bendArrow"
    stencils = (_A2 + "bendArrow", _A + "bent_right_arrow")
    drawio = f"shape={_A2}bendArrow"
    hit_by_box = True

    def parts(self, p: Pen) -> Parts:
        return (p.poly((0, 1), (0, 0.35), (0.15, 0.2), (0.7, 0.2), (0.7, 0), (1, 0.35), (0.7, 0.7), (0.7, 0.5),
                       (0.3, 0.5), (0.3, 1)), [], [])


class UTurnArrow(StencilShape):
    name = "arrows2.uTurnArrow"
    stencils = (_A2 + "uTurnArrow", _A + "u_turn_arrow")
    drawio = f"shape={_A2}uTurnArrow"
    hit_by_box = True

    def parts(self, p: Pen) -> Parts:
        body = p.curve((0, 1), ((0, 1), (0, 0.35), (0, 0.35)), ((0, -0.1), (0.8, -0.1), (0.8, 0.35)),
                       ((0.8, 0.35), (0.8, 0.55), (1, 0.55)), ((1, 0.55), (0.65, 0.95), (0.65, 0.95)),
                       ((0.65, 0.95), (0.3, 0.55), (0.5, 0.55)), ((0.5, 0.55), (0.5, 0.35), (0.5, 0.35)),
                       ((0.5, 0.15), (0.3, 0.15), (0.3, 0.35)), ((0.3, 0.35), (0.3, 1), (0.3, 1)), close=True)
        return (body, [], [])


class QuadArrow(StencilShape):
    """Four heads on a cross (`quadArrow`); `triad` leaves out the bottom one."""

    name = "arrows2.quadArrow"
    stencils = (_A2 + "quadArrow", _A + "quad_arrow")
    drawio = f"shape={_A2}quadArrow"
    triad = False

    def parts(self, p: Pen) -> Parts:
        a, b, s = 0.4, 0.6, 0.2  # shaft edges and head depth
        top = [(a, s), (0.3, s), (0.5, 0), (0.7, s), (b, s)]
        right = [(b, a), (1 - s, a), (1 - s, 0.3), (1, 0.5), (1 - s, 0.7), (1 - s, b), (b, b)]
        bottom = [(b, 1 - s), (0.7, 1 - s), (0.5, 1), (0.3, 1 - s), (a, 1 - s)] if not self.triad else [(b, b), (a, b)]
        left = [(a, b), (s, b), (s, 0.7), (0, 0.5), (s, 0.3), (s, a), (a, a)]
        return (p.poly(*top, *right, *bottom, *left), [], [])


class TriadArrow(QuadArrow):
    name = "arrows2.triadArrow"
    stencils = (_A2 + "triadArrow", _A + "triad_arrow")
    drawio = f"shape={_A2}triadArrow"
    triad = True


class ChevronArrow(StencilShape):
    """A chevron (`mxgraph.arrows.chevron_arrow`, core `step` drawn notched)."""

    name = "arrows.chevron"
    stencils = (_A + "chevron_arrow", _A2 + "jumpInArrow")
    drawio = f"shape={_A}chevron_arrow"
    text_inset = (0.25, 0.1)
    text_inset_relative = True

    def parts(self, p: Pen) -> Parts:
        return (p.poly((0, 0), (0.7, 0), (1, 0.5), (0.7, 1), (0, 1), (0.3, 0.5)), [], [])


DEFS: tuple[StencilShape, ...] = (BlockArrow(), TwoWayArrow(), NotchedArrow(), CalloutArrow(), BendArrow(),
                                  UTurnArrow(), QuadArrow(), TriadArrow(), ChevronArrow())

#: Old `mxgraph.arrows` names that are a right arrow turned (direction applied by the registry).
TURNED: dict[str, tuple[str, str]] = {
    _A + "arrow_left": ("arrows2.arrow", "west"), _A + "arrow_up": ("arrows2.arrow", "north"),
    _A + "arrow_down": ("arrows2.arrow", "south"), _A + "two_way_arrow_vertical": ("arrows2.twoWayArrow", "north"),
    _A + "callout_left_arrow": ("arrows2.calloutArrow", "west"), _A + "callout_up_arrow": ("arrows2.calloutArrow", "north"),
    _A + "callout_down_arrow": ("arrows2.calloutArrow", "south"),
}
