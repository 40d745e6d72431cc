"""Snapping while moving, resizing and drawing: to other elements' edges and centres (smart guides), else to
the grid. Guides win when both are in reach, because lining up with a neighbour is what the user meant.

The candidate lines are collected once when a gesture starts (from what is on screen), so each mouse move
costs a couple of bisections instead of a scan of the document.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from autograph_desktop.model import Connector, Diagram, Group, Rect

#: Widget pixels within which an edge snaps to a guide.
SNAP_PIXELS = 6.0
GRID_SIZE = 20.0


@dataclass(frozen=True, slots=True)
class Guide:
    """A line to draw while snapped: vertical when `axis` is "x" (at x=pos), spanning start..end."""

    axis: str
    pos: float
    start: float
    end: float


def snap_to_grid(value: float, grid: float = GRID_SIZE) -> float:
    return round(value / grid) * grid


class Snapper:
    """Snap state for one gesture."""

    def __init__(self, doc: Diagram, visible: Rect, exclude: set[str], zoom: float, *,
                 grid: bool, guides: bool = True, grid_size: float = GRID_SIZE) -> None:
        self.zoom = max(zoom, 1e-6)
        self.grid = grid
        self.grid_size = grid_size
        self.threshold = SNAP_PIXELS / self.zoom
        self._xs: list[tuple[float, Rect]] = []
        self._ys: list[tuple[float, Rect]] = []
        if guides:
            count = 0
            for el in doc.elements_in_rect(visible):
                if el.id in exclude or isinstance(el, (Connector, Group)) or (el.parent and el.parent in exclude):
                    continue
                r = el.rect
                cx, cy = r.center
                self._xs.extend(((r.x, r), (cx, r), (r.right, r)))
                self._ys.extend(((r.y, r), (cy, r), (r.bottom, r)))
                count += 1
                if count > 2000:  # enough neighbours to line up with; keep gesture start instant
                    break
            self._xs.sort(key=lambda t: t[0])
            self._ys.sort(key=lambda t: t[0])
        self._xkeys = [t[0] for t in self._xs]
        self._ykeys = [t[0] for t in self._ys]

    def _nearest(self, keys: list[float], value: float) -> float | None:
        i = bisect.bisect_left(keys, value)
        best: float | None = None
        for j in (i - 1, i):
            if 0 <= j < len(keys):
                d = keys[j] - value
                if abs(d) <= self.threshold and (best is None or abs(d) < abs(best)):
                    best = d
        return best

    def _axis(self, values: list[float], keys: list[float], grid: bool) -> tuple[float, float | None]:
        """The correction for one axis and the guide position it snapped to (None for grid or nothing)."""
        best: tuple[float, float] | None = None
        for v in values:
            d = self._nearest(keys, v)
            if d is not None and (best is None or abs(d) < abs(best[0])):
                best = (d, v + d)
        if best is not None:
            return best[0], best[1]
        if grid and self.grid and values:
            return snap_to_grid(values[0], self.grid_size) - values[0], None
        return 0.0, None

    def snap_box(self, box: Rect, *, edges_x: tuple[str, ...] = ("min", "mid", "max"),
                 edges_y: tuple[str, ...] = ("min", "mid", "max")) -> tuple[float, float, list[Guide]]:
        """Corrections (dx, dy) that snap a moving box's chosen edges, and the guides to show."""
        xs = {"min": box.x, "mid": box.x + box.w / 2, "max": box.right}
        ys = {"min": box.y, "mid": box.y + box.h / 2, "max": box.bottom}
        dx, gx = self._axis([xs[e] for e in edges_x], self._xkeys, True)
        dy, gy = self._axis([ys[e] for e in edges_y], self._ykeys, True)
        moved = box.translated(dx, dy)
        guides: list[Guide] = []
        if gx is not None:
            guides.append(self._guide("x", gx, moved))
        if gy is not None:
            guides.append(self._guide("y", gy, moved))
        return dx, dy, guides

    def snap_point(self, x: float, y: float) -> tuple[float, float, list[Guide]]:
        dx, dy, guides = self.snap_box(Rect(x, y, 0, 0), edges_x=("min",), edges_y=("min",))
        return x + dx, y + dy, guides

    def _guide(self, axis: str, pos: float, box: Rect) -> Guide:
        """Span the guide over the moving box and every neighbour aligned with it."""
        items = self._xs if axis == "x" else self._ys
        keys = self._xkeys if axis == "x" else self._ykeys
        lo = bisect.bisect_left(keys, pos - 0.01)
        hi = bisect.bisect_right(keys, pos + 0.01)
        if axis == "x":
            start, end = box.y, box.bottom
            for _, r in items[lo:hi]:
                start, end = min(start, r.y), max(end, r.bottom)
        else:
            start, end = box.x, box.right
            for _, r in items[lo:hi]:
                start, end = min(start, r.x), max(end, r.right)
        return Guide(axis, pos, start, end)
