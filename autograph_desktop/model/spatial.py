"""A uniform-grid spatial index: viewport and hit-test queries touch only nearby elements.

A grid beats an R-tree in pure Python here: insert/remove are dict operations, and a query walks only
the cells under the rectangle. Elements spanning very many cells (huge frames) live in a short
`_large` list instead, so they cannot make every update slow.
"""

from __future__ import annotations

import math

from autograph_desktop.model.geometry import Rect

_MAX_CELLS = 64


class GridIndex:
    """Maps element ids to bounding rectangles and answers rectangle queries."""

    def __init__(self, cell_size: float = 256.0) -> None:
        self.cell_size = cell_size
        self._cells: dict[tuple[int, int], set[str]] = {}
        self._bounds: dict[str, Rect] = {}
        self._large: set[str] = set()
        #: Cell-aligned bounds of everything indexed; None when cells or large elements came or went since.
        self._extent: Rect | None = None
        self._extent_known = False

    def __len__(self) -> int:
        return len(self._bounds)

    def __contains__(self, element_id: str) -> bool:
        return element_id in self._bounds

    def bounds(self, element_id: str) -> Rect | None:
        return self._bounds.get(element_id)

    def _cell_range(self, rect: Rect) -> tuple[int, int, int, int]:
        size = self.cell_size
        return (math.floor(rect.x / size), math.floor(rect.y / size),
                math.floor(rect.right / size), math.floor(rect.bottom / size))

    def insert(self, element_id: str, rect: Rect) -> None:
        old = self._bounds.get(element_id)
        if old is not None:
            size = self.cell_size
            # `//` floors like math.floor: the same cells exactly when these four agree.
            if (element_id not in self._large
                    and old.x // size == rect.x // size
                    and old.y // size == rect.y // size
                    and (old.x + old.w) // size == (rect.x + rect.w) // size
                    and (old.y + old.h) // size == (rect.y + rect.h) // size):
                self._bounds[element_id] = rect  # a small move within the same cells: nothing else changes
                return
            self.remove(element_id)
        self._bounds[element_id] = rect
        x1, y1, x2, y2 = self._cell_range(rect)
        if (x2 - x1 + 1) * (y2 - y1 + 1) > _MAX_CELLS:
            self._large.add(element_id)
            self._extent_known = False
            return
        cells = self._cells
        for cx in range(x1, x2 + 1):
            for cy in range(y1, y2 + 1):
                bucket = cells.get((cx, cy))
                if bucket is None:
                    cells[(cx, cy)] = {element_id}
                    self._extent_known = False
                else:
                    bucket.add(element_id)

    def insert_many(self, items: list[tuple[str, Rect]]) -> None:
        """Bulk insert for opening a document: the same result as `insert` in a loop, with less overhead."""
        size = self.cell_size
        cells = self._cells
        bounds = self._bounds
        large = self._large
        floor = math.floor
        self._extent_known = False
        for element_id, rect in items:
            if element_id in bounds:
                self.remove(element_id)
            bounds[element_id] = rect
            x1, y1 = floor(rect.x / size), floor(rect.y / size)
            x2, y2 = floor((rect.x + rect.w) / size), floor((rect.y + rect.h) / size)
            if (x2 - x1 + 1) * (y2 - y1 + 1) > _MAX_CELLS:
                large.add(element_id)
                continue
            for cx in range(x1, x2 + 1):
                for cy in range(y1, y2 + 1):
                    bucket = cells.get((cx, cy))
                    if bucket is None:
                        cells[(cx, cy)] = {element_id}
                    else:
                        bucket.add(element_id)

    def remove(self, element_id: str) -> None:
        rect = self._bounds.pop(element_id, None)
        if rect is None:
            return
        if element_id in self._large:
            self._large.discard(element_id)
            self._extent_known = False
            return
        x1, y1, x2, y2 = self._cell_range(rect)
        cells = self._cells
        for cx in range(x1, x2 + 1):
            for cy in range(y1, y2 + 1):
                bucket = cells.get((cx, cy))
                if bucket is not None:
                    bucket.discard(element_id)
                    if not bucket:
                        del cells[(cx, cy)]
                        self._extent_known = False

    def extent(self) -> Rect | None:
        """Bounds of everything indexed, rounded out to whole cells (so at most a cell too large on each
        side). Costs nothing per element: it is recomputed from the occupied cells only after cells were
        emptied or filled, which a drag within the same cells never does."""
        if not self._extent_known:
            boxes = [self._bounds[i] for i in self._large]
            if self._cells:
                size = self.cell_size
                xs = [k[0] for k in self._cells]
                ys = [k[1] for k in self._cells]
                x1, y1 = min(xs) * size, min(ys) * size
                boxes.append(Rect(x1, y1, (max(xs) + 1) * size - x1, (max(ys) + 1) * size - y1))
            self._extent = None
            for box in boxes:
                self._extent = box if self._extent is None else self._extent.union(box)
            self._extent_known = True
        return self._extent

    def query(self, rect: Rect) -> set[str]:
        """Ids whose bounds intersect `rect`."""
        x1, y1, x2, y2 = self._cell_range(rect)
        found: set[str] = set()
        cells = self._cells
        if (x2 - x1 + 1) * (y2 - y1 + 1) > len(cells):
            for bucket in cells.values():
                found |= bucket
        else:
            for cx in range(x1, x2 + 1):
                for cy in range(y1, y2 + 1):
                    cell = cells.get((cx, cy))
                    if cell:
                        found |= cell
        found |= self._large
        bounds = self._bounds
        rx1, ry1, rx2, ry2 = rect.x, rect.y, rect.right, rect.bottom
        result = set()
        for eid in found:
            b = bounds[eid]
            if b.x <= rx2 and rx1 <= b.x + b.w and b.y <= ry2 and ry1 <= b.y + b.h:
                result.add(eid)
        return result

    def query_point(self, x: float, y: float, tolerance: float = 0.0) -> set[str]:
        return self.query(Rect(x - tolerance, y - tolerance, 2 * tolerance, 2 * tolerance))
