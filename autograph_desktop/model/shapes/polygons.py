"""Kinds drawn as straight-sided polygons: slanted boxes, hexagon, triangle, cut corners, cross and star.

Their hit tests and connector anchors come from the polygon itself (`base.ShapeDef`), so a connector
meets a parallelogram's slanted side, not the corner of its box.
"""

from __future__ import annotations

import math

from autograph_desktop.model.shapes.base import Box, ShapeDef
from autograph_desktop.model.shapes.paths import Outline, polygon
from autograph_desktop.model.style import DEFAULT_STYLE

#: Label padding of the slanted kinds: clear of the slant at the sides, nearly full height.
_SLANTED = (0.16, 0.05)


class _Polygon(ShapeDef):
    """A kind whose outline is one polygon from `points`."""

    def points(self, x: float, y: float, w: float, h: float) -> list[tuple[float, float]]:
        raise NotImplementedError

    def outline(self, x: float, y: float, w: float, h: float, radius: float = 0.0) -> Outline:
        return Outline(polygon(self.points(x, y, w, h)), [])


class _Slanted(_Polygon):
    text_inset = _SLANTED
    text_inset_relative = True

    @staticmethod
    def slant(w: float, h: float) -> float:
        return min(w * 0.2, h * 0.6)


class Parallelogram(_Slanted):
    """Leaning right: input and output in a flowchart."""

    name = "parallelogram"
    drawio = "shape=parallelogram;perimeter=parallelogramPerimeter"
    drawio_names = ("parallelogram",)
    drawio_stencils = ("data",)

    def points(self, x: float, y: float, w: float, h: float) -> list[tuple[float, float]]:
        s = self.slant(w, h)
        return [(x + s, y), (x + w, y), (x + w - s, y + h), (x, y + h)]


class ParallelogramAlt(_Slanted):
    """Leaning left."""

    name = "parallelogram_alt"
    drawio = "shape=parallelogram;flipH=1"

    def points(self, x: float, y: float, w: float, h: float) -> list[tuple[float, float]]:
        s = self.slant(w, h)
        return [(x, y), (x + w - s, y), (x + w, y + h), (x + s, y + h)]


class Trapezoid(_Slanted):
    """Wider at the bottom."""

    name = "trapezoid"
    drawio = "shape=trapezoid;perimeter=trapezoidPerimeter"
    drawio_names = ("trapezoid",)
    drawio_stencils = ("manual_operation",)

    def points(self, x: float, y: float, w: float, h: float) -> list[tuple[float, float]]:
        s = self.slant(w, h)
        return [(x + s, y), (x + w - s, y), (x + w, y + h), (x, y + h)]


class TrapezoidAlt(_Slanted):
    """Wider at the top (manual input)."""

    name = "trapezoid_alt"
    drawio = "shape=trapezoid;flipV=1"
    drawio_names = ("manualInput",)
    drawio_stencils = ("manual_input",)

    def points(self, x: float, y: float, w: float, h: float) -> list[tuple[float, float]]:
        s = self.slant(w, h)
        return [(x, y), (x + w, y), (x + w - s, y + h), (x + s, y + h)]


class Hexagon(_Slanted):
    name = "hexagon"
    drawio = "shape=hexagon;perimeter=hexagonPerimeter2"
    drawio_names = ("hexagon",)
    drawio_stencils = ("hexagon", "loop_limit", "preparation")

    def points(self, x: float, y: float, w: float, h: float) -> list[tuple[float, float]]:
        s = w * 0.2
        return [(x + s, y), (x + w - s, y), (x + w, y + h / 2), (x + w - s, y + h), (x + s, y + h), (x, y + h / 2)]


class Triangle(_Polygon):
    """Point up; the label sits low, where the triangle is wide."""

    name = "triangle"
    default_size = (120.0, 100.0)
    drawio = "triangle;direction=north"  # draw.io's triangle points east unless turned
    drawio_names = ("triangle",)
    drawio_stencils = ("triangle", "extract_or_measurement", "merge_or_storage")

    def points(self, x: float, y: float, w: float, h: float) -> list[tuple[float, float]]:
        return [(x + w / 2, y), (x + w, y + h), (x, y + h)]

    def text_box(self, x: float, y: float, w: float, h: float) -> Box:
        return (x + w * 0.25, y + h * 0.4, max(w * 0.5, 1.0), max(h * 0.55, 1.0))

    def box_for_text(self, text_w: float, text_h: float, margin: float = 6.0) -> tuple[float, float]:
        return (text_w + 2 * margin) / 0.5, (text_h + 2 * margin) / 0.55


class Asymmetric(_Polygon):
    """A flag: a box with a notch cut into its left side."""

    name = "asymmetric"
    drawio = "shape=step;perimeter=stepPerimeter"
    drawio_names = ("step", "singleArrow", "flexArrow")

    def points(self, x: float, y: float, w: float, h: float) -> list[tuple[float, float]]:
        s = min(w * 0.2, h * 0.5)
        return [(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x + s, y + h / 2)]


class Card(_Polygon):
    """A box with its top-left corner cut off (a punched card)."""

    name = "card"
    drawio = "shape=card"
    drawio_names = ("card",)
    drawio_stencils = ("card",)

    def points(self, x: float, y: float, w: float, h: float) -> list[tuple[float, float]]:
        c = min(16.0, min(w, h) * 0.3)
        return [(x + c, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y + c)]


class Note(_Polygon):
    """A sheet with its top-right corner folded over."""

    name = "note"
    default_size = (180.0, 180.0)
    default_style = DEFAULT_STYLE.with_(fill="yellow", stroke="yellow", font_size=18)  # a sticky note
    drawio = "shape=note"
    drawio_names = ("note", "note2")
    drawio_stencils = ("note",)

    @staticmethod
    def fold(w: float, h: float) -> float:
        return min(16.0, min(w, h) * 0.3)

    def points(self, x: float, y: float, w: float, h: float) -> list[tuple[float, float]]:
        f = self.fold(w, h)
        return [(x, y), (x + w - f, y), (x + w, y + f), (x + w, y + h), (x, y + h)]

    def outline(self, x: float, y: float, w: float, h: float, radius: float = 0.0) -> Outline:
        f = self.fold(w, h)
        r = x + w
        return Outline(polygon(self.points(x, y, w, h)), [("M", r - f, y), ("L", r - f, y + f), ("L", r, y + f)])


class Subroutine(_Polygon):
    """A box with a line down each side (a predefined process)."""

    name = "subroutine"
    drawio = "shape=process"
    drawio_names = ("process", "process2")
    drawio_stencils = ("predefined_process",)

    @staticmethod
    def inset(w: float) -> float:
        return min(w * 0.1, 12.0)

    def points(self, x: float, y: float, w: float, h: float) -> list[tuple[float, float]]:
        return [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]

    def outline(self, x: float, y: float, w: float, h: float, radius: float = 0.0) -> Outline:
        d = self.inset(w)
        r, b = x + w, y + h
        return Outline(polygon(self.points(x, y, w, h)),
                       [("M", x + d, y), ("L", x + d, b), ("M", r - d, y), ("L", r - d, b)])

    def text_box(self, x: float, y: float, w: float, h: float) -> Box:
        px = self.inset(w) + 6
        return (x + px, y + 4, max(w - 2 * px, 1.0), max(h - 8, 1.0))

    def box_for_text(self, text_w: float, text_h: float, margin: float = 6.0) -> tuple[float, float]:
        return text_w + 2 * margin + 2 * 18, text_h + 2 * margin + 8


class Cross(_Polygon):
    """A plus sign whose arms are a third of the short side thick."""

    name = "cross"
    default_size = (100.0, 100.0)
    drawio = "shape=cross"
    drawio_names = ("cross", "plus")
    drawio_stencils = ("cross",)

    def points(self, x: float, y: float, w: float, h: float) -> list[tuple[float, float]]:
        t = min(w, h) / 3
        cx, cy, r, b = x + w / 2, y + h / 2, x + w, y + h
        return [(cx - t / 2, y), (cx + t / 2, y), (cx + t / 2, cy - t / 2), (r, cy - t / 2), (r, cy + t / 2),
                (cx + t / 2, cy + t / 2), (cx + t / 2, b), (cx - t / 2, b), (cx - t / 2, cy + t / 2),
                (x, cy + t / 2), (x, cy - t / 2), (cx - t / 2, cy - t / 2)]


class Star(_Polygon):
    """Five points, its inner corners at 42 % of the outer radius, nudged down to look centred."""

    name = "star"
    default_size = (120.0, 120.0)
    text_inset = (0.15, 0.15)
    text_inset_relative = True
    drawio = "shape=mxgraph.basic.star"
    drawio_names = ("star",)
    drawio_stencils = ("star",)

    def points(self, x: float, y: float, w: float, h: float) -> list[tuple[float, float]]:
        cx, cy = x + w / 2, y + h / 2 + h * 0.04
        pts = []
        for i in range(10):
            a = -math.pi / 2 + i * math.pi / 5
            r = 1.0 if i % 2 == 0 else 0.42
            pts.append((cx + w / 2 * r * math.cos(a), cy + h / 2 * 1.06 * r * math.sin(a)))
        return pts
