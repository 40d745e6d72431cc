"""The drawing kit of draw.io stencils: figures in the unit square stretched over a box, and the base class.

Each stencil is written from its documented appearance in fractions of its box, as draw.io's own stencils
are, so that it stretches the way draw.io stretches it. `body` is the filled, stroked figure (what clicks
and connectors follow), `detail` its inner lines, `marks` its solid parts drawn in the stroke colour.
"""

from __future__ import annotations

from typing import ClassVar

from autograph_desktop.model.shapes.base import ShapeDef
from autograph_desktop.model.shapes.paths import KAPPA, Commands, Outline, Point, rounded_rect

Parts = tuple[Commands, Commands, Commands]
#: (words any of which may appear in a stencil's name, the kind drawn for it), first match wins.
Keywords = tuple[tuple[tuple[str, ...], str], ...]


def kind_by_words(stencil: str, libraries: tuple[str, ...], keywords: Keywords) -> str | None:
    """The kind for a stencil of one of these libraries, by the words in the last part of its name."""
    if not stencil.startswith(libraries):
        return None
    name = stencil.rsplit(".", 1)[-1].lower()
    for keys, kind in keywords:
        if any(key in name for key in keys):
            return kind
    return None


class Pen:
    """Builds path commands from unit coordinates (u, v in 0..1 across the box)."""

    __slots__ = ("h", "w", "x", "y")

    def __init__(self, x: float, y: float, w: float, h: float) -> None:
        self.x, self.y, self.w, self.h = x, y, w, h

    @property
    def short(self) -> float:
        return min(self.w, self.h)

    def p(self, u: float, v: float) -> Point:
        return (self.x + u * self.w, self.y + v * self.h)

    def poly(self, *points: Point) -> Commands:
        """A closed polygon through unit points."""
        out: Commands = [("M", *self.p(*points[0]))]
        out += [("L", *self.p(*pt)) for pt in points[1:]]
        out.append(("Z",))
        return out

    def line(self, *points: Point) -> Commands:
        """An open polyline through unit points."""
        out: Commands = [("M", *self.p(*points[0]))]
        out += [("L", *self.p(*pt)) for pt in points[1:]]
        return out

    def curve(self, start: Point, *cubics: tuple[Point, Point, Point], close: bool = False) -> Commands:
        """A path of cubic segments in unit points: each (control, control, end)."""
        out: Commands = [("M", *self.p(*start))]
        out += [("C", *self.p(*a), *self.p(*b), *self.p(*c)) for a, b, c in cubics]
        if close:
            out.append(("Z",))
        return out

    def oval(self, cu: float, cv: float, ru: float, rv: float) -> Commands:
        """An ellipse centred at unit (cu, cv) with unit radii."""
        return _ellipse(self.x + cu * self.w, self.y + cv * self.h, ru * self.w, rv * self.h)

    def circle(self, cu: float, cv: float, r: float) -> Commands:
        """A true circle centred at unit (cu, cv), radius a fraction of the box's shorter side."""
        return _ellipse(self.x + cu * self.w, self.y + cv * self.h, r * self.short, r * self.short)

    def rect(self, u: float, v: float, du: float, dv: float, r: float = 0.0) -> Commands:
        """A box in unit coordinates, corners rounded by `r` times the box's shorter side."""
        return rounded_rect(self.x + u * self.w, self.y + v * self.h, du * self.w, dv * self.h, r * self.short)


def _ellipse(cx: float, cy: float, rx: float, ry: float) -> Commands:
    kx, ky = rx * KAPPA, ry * KAPPA
    return [("M", cx + rx, cy), ("C", cx + rx, cy + ky, cx + kx, cy + ry, cx, cy + ry),
            ("C", cx - kx, cy + ry, cx - rx, cy + ky, cx - rx, cy),
            ("C", cx - rx, cy - ky, cx - kx, cy - ry, cx, cy - ry),
            ("C", cx + kx, cy - ry, cx + rx, cy - ky, cx + rx, cy), ("Z",)]


class StencilShape(ShapeDef):
    """A draw.io stencil drawn by `parts`; `stencils` are the draw.io names it draws (the first is written)."""

    stencils: ClassVar[tuple[str, ...]] = ()
    #: Parameters of the draw.io style that select this figure (e.g. a gateway's `gwType`).
    selector: ClassVar[tuple[tuple[str, str], ...]] = ()

    def parts(self, p: Pen) -> Parts:
        return (p.poly((0, 0), (1, 0), (1, 1), (0, 1)), [], [])

    def outline(self, x: float, y: float, w: float, h: float, radius: float = 0.0) -> Outline:
        body, detail, marks = self.parts(Pen(x, y, w, h))
        return Outline(body, detail, marks=marks)


class IconStencil(StencilShape):
    """A device or pictogram: hit and attached by its whole box, its label under it (draw.io's icons)."""

    hit_by_box = True
    label_below = True
    default_size = (60.0, 60.0)


def polygon_stencil(name: str, stencil: str, points: tuple[Point, ...], inset: tuple[float, float] = (0.1, 0.1),
                    detail: tuple[tuple[Point, ...], ...] = (), by_box: bool = False) -> type[StencilShape]:
    """A stencil class whose body is one polygon (and maybe inner lines) in unit points."""

    def parts(self: StencilShape, p: Pen) -> Parts:
        lines: Commands = []
        for run in detail:
            lines += p.line(*run)
        return (p.poly(*points), lines, [])

    return type(name.replace(".", "_").title(), (StencilShape,), {
        "name": name, "stencils": (stencil,), "drawio": f"shape={stencil}", "parts": parts,
        "text_inset": inset, "text_inset_relative": True, "hit_by_box": by_box,
    })
