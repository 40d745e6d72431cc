"""An outline as polygons: inside tests, where rays cross it and the nearest point on it.

Built once per kind and size from the outline's path commands (curves cut into chords a fiftieth of a
unit from them), so any shape drawn with commands is hit-tested and anchored at exactly what is drawn.
Coordinates are the element's own, with its box's top-left corner at (0, 0).
"""

from __future__ import annotations

import math

from autograph_desktop.model.shapes.paths import Commands, Point, flatten

#: (x0, y0, x1, y1) of one straight piece of an outline.
Edge = tuple[float, float, float, float]


class Boundary:
    """The closed rings of an outline, ready for hit tests and ray casts."""

    __slots__ = ("edges", "rings")

    def __init__(self, rings: list[list[Point]]) -> None:
        self.rings = rings
        edges: list[Edge] = []
        for ring in rings:
            n = len(ring)
            for i in range(n):
                (x0, y0), (x1, y1) = ring[i], ring[(i + 1) % n]
                if x0 != x1 or y0 != y1:
                    edges.append((x0, y0, x1, y1))
        self.edges = edges

    @staticmethod
    def of(commands: Commands) -> Boundary:
        return Boundary(flatten(commands))

    def inside(self, px: float, py: float) -> bool:
        """Even-odd inside test (a ring inside another is a hole, as the painter fills it)."""
        inside = False
        for x0, y0, x1, y1 in self.edges:
            if (y0 > py) != (y1 > py) and px < x0 + (py - y0) * (x1 - x0) / (y1 - y0):
                inside = not inside
        return inside

    def distance(self, px: float, py: float) -> float:
        """How far a point is from the outline (0 on it)."""
        best = math.inf
        for x0, y0, x1, y1 in self.edges:
            dx, dy = x1 - x0, y1 - y0
            t = ((px - x0) * dx + (py - y0) * dy) / (dx * dx + dy * dy)
            t = 0.0 if t < 0 else 1.0 if t > 1 else t
            d = math.hypot(px - x0 - t * dx, py - y0 - t * dy)
            if d < best:
                best = d
        return best

    def contains(self, px: float, py: float, tolerance: float) -> bool:
        """Inside the outline, or within `tolerance` of it (a click on the stroke counts)."""
        return self.inside(px, py) or (tolerance > 0 and self.distance(px, py) <= tolerance)

    def crossings(self, ox: float, oy: float, dx: float, dy: float) -> list[float]:
        """The ray parameters t >= 0 at which o + t*d crosses the outline, unsorted."""
        out: list[float] = []
        for x0, y0, x1, y1 in self.edges:
            ex, ey = x1 - x0, y1 - y0
            denom = dx * ey - dy * ex
            if denom == 0:
                continue
            wx, wy = x0 - ox, y0 - oy
            t = (wx * ey - wy * ex) / denom
            s = (wx * dy - wy * dx) / denom
            if t >= -1e-9 and -1e-9 <= s <= 1 + 1e-9:
                out.append(max(t, 0.0))
        return out

    def nearest(self, px: float, py: float) -> Point:
        """The point of the outline closest to (px, py) (the point itself when there is no outline)."""
        best, found = math.inf, (px, py)
        for x0, y0, x1, y1 in self.edges:
            dx, dy = x1 - x0, y1 - y0
            t = ((px - x0) * dx + (py - y0) * dy) / (dx * dx + dy * dy)
            t = 0.0 if t < 0 else 1.0 if t > 1 else t
            qx, qy = x0 + t * dx, y0 + t * dy
            d = math.hypot(px - qx, py - qy)
            if d < best:
                best, found = d, (qx, qy)
        return found


class BoundaryCache:
    """Boundaries by (kind, size, radius): a diagram repeats a few sizes many times. Bounded, so that
    thousands of distinct sizes (a drag-resize, a hostile file) cannot grow it without limit."""

    def __init__(self, limit: int = 4096) -> None:
        self.limit = limit
        self.items: dict[tuple[str, float, float, float], Boundary] = {}

    def get(self, key: tuple[str, float, float, float]) -> Boundary | None:
        return self.items.get(key)

    def put(self, key: tuple[str, float, float, float], boundary: Boundary) -> Boundary:
        if len(self.items) >= self.limit:
            self.items.clear()
        self.items[key] = boundary
        return boundary
