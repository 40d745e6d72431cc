"""What a shape definition is: one object per kind that answers every per-kind question.

Its outline (path commands) is the one truth; hit tests, connector anchors and side points follow that
outline through `Boundary`, so what is clicked and where connectors end is what the painter draws.
Kinds whose outline is a simple figure (a box, an ellipse, a rhombus) answer the same questions with
a formula instead (`box.py`), which the canvas needs at 10,000 elements.
"""

from __future__ import annotations

import math
from typing import ClassVar

from autograph_desktop.model.geometry import Rect
from autograph_desktop.model.shapes.boundary import Boundary, BoundaryCache
from autograph_desktop.model.shapes.paths import Commands, Outline, Point, polygon
from autograph_desktop.model.style import DEFAULT_STYLE, Style

Box = tuple[float, float, float, float]

_BOUNDARIES = BoundaryCache()


class ShapeDef:
    """One kind of shape. Subclasses set the class attributes and override `outline`, and more only
    where the kind differs from the general rule (see `box.py` for the formula-based ones).

    Geometry methods work in the element's unrotated frame: the caller turns points into it and the
    results back out, as it does for every kind alike.
    """

    #: The kind's name, as stored in `Shape.shape` (or an element kind for the non-shape elements).
    name: ClassVar[str] = ""
    #: The size a click with a drawing tool (or an insert) gives a new element of this kind, and its style.
    default_size: ClassVar[tuple[float, float]] = (160.0, 80.0)
    default_style: ClassVar[Style] = DEFAULT_STYLE
    #: The kind is meant round or square: sized for a label, it grows to a square (a circle).
    square: ClassVar[bool] = False
    #: The label sits centred under the box, not inside it (a stick figure has no room for text).
    label_below: ClassVar[bool] = False
    #: A connector end dropped near the outline floats (aims at the other end) instead of pinning to a
    #: side at a ratio: round figures have no sides to pin to.
    float_anchors: ClassVar[bool] = False
    #: Clicks and connector ends use the whole box rather than the drawn figure (a stick figure is
    #: mostly air); every other kind is hit and attached exactly where it is drawn.
    hit_by_box: ClassVar[bool] = False
    #: Whether the element's corner radius changes the outline (so it is part of the cache key).
    uses_radius: ClassVar[bool] = False
    #: Label padding per axis: pixels, or fractions of the size when `text_inset_relative`.
    text_inset: ClassVar[tuple[float, float]] = (8.0, 4.0)
    text_inset_relative: ClassVar[bool] = False
    #: The draw.io style that draws this kind, and the draw.io names read back as it: shape names (the
    #: style's first token or `shape=`) and the last part of `mxgraph.*` stencil names.
    drawio: ClassVar[str] = "rounded=0"
    drawio_names: ClassVar[tuple[str, ...]] = ()
    drawio_stencils: ClassVar[tuple[str, ...]] = ()
    #: The Excalidraw element type that draws this kind (only rectangle, ellipse and diamond exist).
    excalidraw: ClassVar[str] = "rectangle"

    # ----------------------------------------------------------------- drawing
    def outline(self, x: float, y: float, w: float, h: float, radius: float = 0.0) -> Outline:
        """The outline inside the box (x, y, w, h); `radius` is the element's corner radius, which only
        kinds with `uses_radius` follow. A kind that draws nothing else is its box."""
        return Outline(polygon([(x, y), (x + w, y), (x + w, y + h), (x, y + h)]), [])

    def outline_of(self, x: float, y: float, w: float, h: float, radius: float = 0.0) -> Outline:
        """`outline` with negative sizes drawn as empty (a hostile file or a resize through zero)."""
        if w < 0 or h < 0:
            w, h = max(w, 0.0), max(h, 0.0)
        return self.outline(x, y, w, h, radius)

    def hit_outline(self, x: float, y: float, w: float, h: float, radius: float = 0.0) -> Commands:
        """What clicks and connector ends follow: the drawn body (or the box, for `hit_by_box` kinds)."""
        if self.hit_by_box:
            w, h = max(w, 0.0), max(h, 0.0)
            return polygon([(x, y), (x + w, y), (x + w, y + h), (x, y + h)])
        return self.outline_of(x, y, w, h, radius).body

    # ----------------------------------------------------------------- geometry
    def boundary(self, w: float, h: float, radius: float) -> Boundary:
        """`hit_outline` at the origin as polygons, built once per size."""
        key = (self.name, w, h, radius if self.uses_radius else 0.0)
        found = _BOUNDARIES.get(key)
        if found is None:
            found = _BOUNDARIES.put(key, Boundary.of(self.hit_outline(0.0, 0.0, w, h, radius)))
        return found

    def contains(self, rect: Rect, radius: float, x: float, y: float, tolerance: float) -> bool:
        """Whether (x, y) is inside the drawn outline or within `tolerance` of it."""
        if not (rect.x - tolerance <= x <= rect.x + rect.w + tolerance
                and rect.y - tolerance <= y <= rect.y + rect.h + tolerance):
            return False
        if not (rect.w > 0 and rect.h > 0):
            return True
        return self.boundary(rect.w, rect.h, radius).contains(x - rect.x, y - rect.y, tolerance)

    def perimeter_point(self, rect: Rect, radius: float, toward_x: float, toward_y: float) -> Point:
        """Where the ray from the box's centre toward (toward_x, toward_y) leaves the drawn outline
        (its last crossing, so a line drawn on from there never passes through the shape)."""
        cx, cy = rect.x + rect.w / 2, rect.y + rect.h / 2
        dx, dy = toward_x - cx, toward_y - cy
        if (dx == 0 and dy == 0) or not (rect.w > 0 and rect.h > 0):
            return (cx, cy)
        crossings = self.boundary(rect.w, rect.h, radius).crossings(rect.w / 2, rect.h / 2, dx, dy)
        if not crossings:
            return _box_perimeter(rect, dx, dy)
        t = max(crossings)
        return (cx + dx * t, cy + dy * t)

    def side_point(self, rect: Rect, radius: float, side: str, ratio: float) -> Point:
        """Where an end bound to `side` at `ratio` (0..1 along it) sits: the point on the box's side,
        moved straight inwards onto the outline (so a diamond's left anchor at 0.5 is its left vertex,
        and orthogonal routes keep their first leg square to the side)."""
        sx, sy = box_side_point(rect, side, ratio)
        if not (rect.w > 0 and rect.h > 0):
            return (sx, sy)
        boundary = self.boundary(rect.w, rect.h, radius)
        lx, ly = sx - rect.x, sy - rect.y
        dx, dy = _INWARDS.get(side, (-1.0, 0.0))
        crossings = boundary.crossings(lx, ly, dx, dy)
        if crossings:
            t = min(crossings)
            return (sx + dx * t, sy + dy * t)
        nx, ny = boundary.nearest(lx, ly)
        return (rect.x + nx, rect.y + ny)

    # ----------------------------------------------------------------- text
    def text_box(self, x: float, y: float, w: float, h: float) -> Box:
        """Where the label goes: the box less a padding that keeps text inside the outline."""
        px, py = self.text_inset
        if self.text_inset_relative:
            px, py = w * px, h * py
        return (x + px, y + py, max(w - 2 * px, 1.0), max(h - 2 * py, 1.0))

    def box_for_text(self, text_w: float, text_h: float, margin: float = 6.0) -> tuple[float, float]:
        """The smallest (w, h) whose `text_box` holds a text block of text_w x text_h plus a margin:
        automatic layout sizes generated nodes with it, so a label always fits its shape."""
        tw, th = text_w + 2 * margin, text_h + 2 * margin
        px, py = self.text_inset
        if self.text_inset_relative:
            return tw / (1 - 2 * px), th / (1 - 2 * py)
        return tw + 2 * px, th + 2 * py


_INWARDS: dict[str, Point] = {"top": (0.0, 1.0), "bottom": (0.0, -1.0), "left": (1.0, 0.0), "right": (-1.0, 0.0)}


def box_side_point(rect: Rect, side: str, ratio: float) -> Point:
    """The point at `ratio` along one side of the box (an unknown side counts as the right one)."""
    r = min(max(ratio, 0.0), 1.0)
    if side == "top":
        return (rect.x + rect.w * r, rect.y)
    if side == "bottom":
        return (rect.x + rect.w * r, rect.y + rect.h)
    if side == "left":
        return (rect.x, rect.y + rect.h * r)
    return (rect.x + rect.w, rect.y + rect.h * r)


def _box_perimeter(rect: Rect, dx: float, dy: float) -> Point:
    """Where a ray from the centre leaves the box itself: the fallback when an outline gives no exit."""
    hw, hh = rect.w / 2, rect.h / 2
    t = min(hw / abs(dx) if dx else math.inf, hh / abs(dy) if dy else math.inf)
    return (rect.x + hw + dx * t, rect.y + hh + dy * t)
