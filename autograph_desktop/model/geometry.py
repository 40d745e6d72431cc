"""Plain geometry for the model: rectangles, points, rotation and distances (outlines are in `shapes`)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, init=False)
class Rect:
    """An axis-aligned rectangle; width and height are never negative."""

    x: float
    y: float
    w: float
    h: float

    def __init__(self, x: float, y: float, w: float, h: float) -> None:
        # Fills the slots directly: the frozen dataclass constructor goes through `object.__setattr__`
        # per field, and indexing makes a Rect per element on every move of a drag.
        _set_x(self, x)
        _set_y(self, y)
        _set_w(self, w)
        _set_h(self, h)

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def center(self) -> tuple[float, float]:
        return (self.x + self.w / 2, self.y + self.h / 2)

    @staticmethod
    def from_points(points: list[tuple[float, float]] | tuple[tuple[float, float], ...]) -> Rect:
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        return Rect(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))

    @staticmethod
    def normalized(x1: float, y1: float, x2: float, y2: float) -> Rect:
        return Rect(min(x1, x2), min(y1, y2), abs(x2 - x1), abs(y2 - y1))

    def intersects(self, other: Rect) -> bool:
        return (self.x <= other.right and other.x <= self.right
                and self.y <= other.bottom and other.y <= self.bottom)

    def contains_rect(self, other: Rect) -> bool:
        return (self.x <= other.x and self.y <= other.y
                and other.right <= self.right and other.bottom <= self.bottom)

    def contains(self, x: float, y: float) -> bool:
        return self.x <= x <= self.right and self.y <= y <= self.bottom

    def union(self, other: Rect) -> Rect:
        x = min(self.x, other.x)
        y = min(self.y, other.y)
        return Rect(x, y, max(self.right, other.right) - x, max(self.bottom, other.bottom) - y)

    def intersection(self, other: Rect) -> Rect | None:
        """The overlap of two rectangles, or None when they do not meet."""
        x1, y1 = max(self.x, other.x), max(self.y, other.y)
        x2, y2 = min(self.right, other.right), min(self.bottom, other.bottom)
        if x2 < x1 or y2 < y1:
            return None
        return Rect(x1, y1, x2 - x1, y2 - y1)

    def inflated(self, dx: float, dy: float | None = None) -> Rect:
        dy = dx if dy is None else dy
        return Rect(self.x - dx, self.y - dy, self.w + 2 * dx, self.h + 2 * dy)

    def translated(self, dx: float, dy: float) -> Rect:
        return Rect(self.x + dx, self.y + dy, self.w, self.h)


def _slot_setter(name: str) -> Callable[[Rect, float], None]:
    setter: Callable[[Rect, float], None] = getattr(Rect, name).__set__
    return setter


_set_x, _set_y, _set_w, _set_h = (_slot_setter(name) for name in "xywh")


def union_all(rects: list[Rect]) -> Rect | None:
    if not rects:
        return None
    x1 = min(r.x for r in rects)
    y1 = min(r.y for r in rects)
    x2 = max(r.right for r in rects)
    y2 = max(r.bottom for r in rects)
    return Rect(x1, y1, x2 - x1, y2 - y1)


def rotate_point(px: float, py: float, cx: float, cy: float, degrees: float) -> tuple[float, float]:
    """Rotate (px, py) about (cx, cy) clockwise on screen (y grows downwards) by `degrees`."""
    if not degrees:
        return (px, py)
    a = math.radians(degrees)
    ca, sa = math.cos(a), math.sin(a)
    dx, dy = px - cx, py - cy
    return (cx + dx * ca - dy * sa, cy + dx * sa + dy * ca)


def rotated_bounds(rect: Rect, degrees: float) -> Rect:
    """The axis-aligned bounds of `rect` rotated about its centre."""
    if not degrees % 360:
        return rect
    cx, cy = rect.center
    corners = [rotate_point(x, y, cx, cy, degrees)
               for x, y in ((rect.x, rect.y), (rect.right, rect.y), (rect.right, rect.bottom), (rect.x, rect.bottom))]
    return Rect.from_points(corners)


def distance_to_segment(px: float, py: float, ax: float, ay: float, bx: float, by: float) -> float:
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    if length2 == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def distance_to_polyline(px: float, py: float, points: list[tuple[float, float]]) -> float:
    if len(points) == 1:
        return math.hypot(px - points[0][0], py - points[0][1])
    return min(distance_to_segment(px, py, *points[i], *points[i + 1]) for i in range(len(points) - 1))
