"""Shape definitions whose outline is a simple figure filling the box: answered by formula, not polygons.

Boxes (with rounded corners), ellipses and rhombi are most of any diagram; the canvas asks where their
connectors end for every attached connector of every moved shape, so these skip the general
polygon search of `base.ShapeDef` and give the same answers exactly.
"""

from __future__ import annotations

import math

from autograph_desktop.model.geometry import Rect
from autograph_desktop.model.shapes.base import ShapeDef, box_side_point
from autograph_desktop.model.shapes.paths import (
    Commands,
    Outline,
    Point,
    ellipse,
    polygon,
    rounded_rect,
)


class BoxShape(ShapeDef):
    """A box with optionally rounded corners (the corner radius comes from `corner`)."""

    uses_radius = True

    def corner(self, w: float, h: float, radius: float) -> float:
        """The radius drawn for the element's corner radius (0 for square corners, and for NaN)."""
        if not radius > 0.01:
            return 0.0
        r = min(radius, w / 2, h / 2)
        return r if r > 0.01 else 0.0

    def outline(self, x: float, y: float, w: float, h: float, radius: float = 0.0) -> Outline:
        r = self.corner(w, h, radius)
        return Outline(rounded_rect(x, y, w, h, r), [], box_radius=r)

    def hit_outline(self, x: float, y: float, w: float, h: float, radius: float = 0.0) -> Commands:
        """The box the formulas below answer for (what a box-shaped kind draws, or a `hit_by_box` one's box)."""
        w, h = max(w, 0.0), max(h, 0.0)
        return rounded_rect(x, y, w, h, self.corner(w, h, radius))

    def contains(self, rect: Rect, radius: float, x: float, y: float, tolerance: float) -> bool:
        hw, hh = rect.w / 2, rect.h / 2
        ax, ay = abs(x - rect.x - hw), abs(y - rect.y - hh)
        if ax > hw + tolerance or ay > hh + tolerance:
            return False
        r = self.corner(rect.w, rect.h, radius) if rect.w > 0 and rect.h > 0 else 0.0
        if r <= 0:
            return True
        qx, qy = ax - (hw - r), ay - (hh - r)
        return qx <= 0 or qy <= 0 or math.hypot(qx, qy) <= r + tolerance

    def perimeter_point(self, rect: Rect, radius: float, toward_x: float, toward_y: float) -> Point:
        hw, hh = rect.w / 2, rect.h / 2
        cx, cy = rect.x + hw, rect.y + hh
        dx, dy = toward_x - cx, toward_y - cy
        if (dx == 0 and dy == 0) or not (rect.w > 0 and rect.h > 0):
            return (cx, cy)
        t = min(hw / abs(dx) if dx else math.inf, hh / abs(dy) if dy else math.inf)
        px, py = dx * t, dy * t
        r = self.corner(rect.w, rect.h, radius)
        if r > 0 and abs(px) > hw - r and abs(py) > hh - r:
            # The ray leaves through a rounded corner: meet the corner's circle instead.
            kx, ky = math.copysign(hw - r, dx), math.copysign(hh - r, dy)
            a = dx * dx + dy * dy
            b = -2 * (dx * kx + dy * ky)
            c = kx * kx + ky * ky - r * r
            t = (-b + math.sqrt(max(b * b - 4 * a * c, 0.0))) / (2 * a)
            px, py = dx * t, dy * t
        return (cx + px, cy + py)

    def side_point(self, rect: Rect, radius: float, side: str, ratio: float) -> Point:
        px, py = box_side_point(rect, side, ratio)
        r = self.corner(rect.w, rect.h, radius) if rect.w > 0 and rect.h > 0 else 0.0
        if r <= 0:
            return (px, py)
        hw, hh = rect.w / 2, rect.h / 2
        cx, cy = rect.x + hw, rect.y + hh
        if side in ("top", "bottom"):
            q = abs(px - cx) - (hw - r)
            if q <= 0:
                return (px, py)
            inset = r - math.sqrt(max(r * r - q * q, 0.0))
            return (px, py + inset if side == "top" else py - inset)
        q = abs(py - cy) - (hh - r)
        if q <= 0:
            return (px, py)
        inset = r - math.sqrt(max(r * r - q * q, 0.0))
        return (px + inset if side == "left" else px - inset, py)


class EllipseShape(ShapeDef):
    """An ellipse filling the box."""

    float_anchors = True
    text_inset = (0.15, 0.15)
    text_inset_relative = True
    drawio = "ellipse"
    excalidraw = "ellipse"

    def outline(self, x: float, y: float, w: float, h: float, radius: float = 0.0) -> Outline:
        return Outline(ellipse(x + w / 2, y + h / 2, w / 2, h / 2), [], is_ellipse=True)

    def contains(self, rect: Rect, radius: float, x: float, y: float, tolerance: float) -> bool:
        rx, ry = rect.w / 2 + tolerance, rect.h / 2 + tolerance
        dx, dy = x - rect.x - rect.w / 2, y - rect.y - rect.h / 2
        if abs(dx) > rx or abs(dy) > ry:
            return False
        if not (rect.w > 0 and rect.h > 0):
            return True
        return math.hypot(dx / rx, dy / ry) <= 1.0

    def perimeter_point(self, rect: Rect, radius: float, toward_x: float, toward_y: float) -> Point:
        hw, hh = rect.w / 2, rect.h / 2
        cx, cy = rect.x + hw, rect.y + hh
        dx, dy = toward_x - cx, toward_y - cy
        if (dx == 0 and dy == 0) or not (rect.w > 0 and rect.h > 0):
            return (cx, cy)
        t = 1.0 / math.hypot(dx / hw, dy / hh)
        return (cx + dx * t, cy + dy * t)

    def side_point(self, rect: Rect, radius: float, side: str, ratio: float) -> Point:
        px, py = box_side_point(rect, side, ratio)
        if not (rect.w > 0 and rect.h > 0):
            return (px, py)
        r = min(max(ratio, 0.0), 1.0)
        inset = 0.5 - math.sqrt(max(0.0, 0.25 - (r - 0.5) ** 2))
        return _inset(rect, side, px, py, inset)


class DiamondShape(ShapeDef):
    """A rhombus touching the middle of each side of the box."""

    float_anchors = True
    text_inset = (0.2, 0.15)
    text_inset_relative = True
    default_size = (160.0, 100.0)
    drawio = "rhombus"
    drawio_names = ("rhombus",)
    drawio_stencils = ("decision", "diamond")
    excalidraw = "diamond"

    def outline(self, x: float, y: float, w: float, h: float, radius: float = 0.0) -> Outline:
        return Outline(polygon([(x + w / 2, y), (x + w, y + h / 2), (x + w / 2, y + h), (x, y + h / 2)]), [])

    def contains(self, rect: Rect, radius: float, x: float, y: float, tolerance: float) -> bool:
        hw, hh = rect.w / 2, rect.h / 2
        dx, dy = abs(x - rect.x - hw), abs(y - rect.y - hh)
        if dx > hw + tolerance or dy > hh + tolerance:
            return False
        if not (rect.w > 0 and rect.h > 0) or dx / hw + dy / hh <= 1.0:
            return True
        # Outside: near enough to the edge from (hw, 0) to (0, hh), the one facing this quadrant?
        length = hw * hw + hh * hh
        t = min(max((hw * (hw - dx) + hh * dy) / length, 0.0), 1.0)
        return math.hypot(dx - hw * (1 - t), dy - hh * t) <= tolerance

    def perimeter_point(self, rect: Rect, radius: float, toward_x: float, toward_y: float) -> Point:
        hw, hh = rect.w / 2, rect.h / 2
        cx, cy = rect.x + hw, rect.y + hh
        dx, dy = toward_x - cx, toward_y - cy
        if (dx == 0 and dy == 0) or not (rect.w > 0 and rect.h > 0):
            return (cx, cy)
        t = 1.0 / (abs(dx) / hw + abs(dy) / hh)
        return (cx + dx * t, cy + dy * t)

    def side_point(self, rect: Rect, radius: float, side: str, ratio: float) -> Point:
        px, py = box_side_point(rect, side, ratio)
        if not (rect.w > 0 and rect.h > 0):
            return (px, py)
        return _inset(rect, side, px, py, abs(min(max(ratio, 0.0), 1.0) - 0.5))


def _inset(rect: Rect, side: str, px: float, py: float, inset: float) -> Point:
    """A side point moved inwards by `inset` (a fraction of the box across that side)."""
    if side == "left":
        return (px + rect.w * inset, py)
    if side == "top":
        return (px, py + rect.h * inset)
    if side == "bottom":
        return (px, py - rect.h * inset)
    return (px - rect.w * inset, py)
