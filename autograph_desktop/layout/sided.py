"""Grid placement under side constraints: an edge from A's right side to B's left side puts B right of A.

Made for Mermaid's architecture diagrams, where the author names the side each edge leaves and enters
and expects the picture to follow. Boxes sit on an integer grid, one cluster level at a time (a nested
cluster is laid out first and then placed as one unit), so clusters stay rectangles that never overlap.
A constraint whose cell is taken opens a new row or column there instead of moving the box away, which
keeps every constraint already met intact; only contradictory constraints (a cycle of `right of`) are
reported as unmet.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from .graph import Point, Rect

SIDE_VECTORS: dict[str, tuple[int, int]] = {"left": (-1, 0), "right": (1, 0), "top": (0, -1), "bottom": (0, 1)}


@dataclass(slots=True)
class SidedBox:
    """A box to place. `anchor` is the point rows and columns line up on (default: the centre)."""

    id: str
    width: float
    height: float
    parent: str | None = None
    anchor: Point | None = None


@dataclass(slots=True)
class SidedCluster:
    id: str
    parent: str | None = None
    title_width: float = 0.0
    title_height: float = 0.0
    padding: float = 24.0


@dataclass(frozen=True, slots=True)
class SideConstraint:
    """The edge `source:source_side -- target_side:target`; sides are left/right/top/bottom."""

    source: str
    source_side: str
    target: str
    target_side: str


@dataclass
class SidedResult:
    boxes: dict[str, Rect] = field(default_factory=dict)
    clusters: dict[str, Rect] = field(default_factory=dict)
    unmet: list[int] = field(default_factory=list)


def grid_offset(source_side: str, target_side: str) -> tuple[int, int]:
    """Where the target's cell lies from the source's: opposite sides one step along the source side,
    perpendicular sides diagonally, equal sides side by side (the edge makes a U)."""
    sx, sy = SIDE_VECTORS[source_side]
    tx, ty = SIDE_VECTORS[target_side]
    if sx + tx == 0 and sy + ty == 0:
        return sx, sy
    if (sx, sy) == (tx, ty):
        return abs(sy), abs(sx)
    return sx - tx, sy - ty


def _sign(value: int) -> int:
    return (value > 0) - (value < 0)


class _Grid:
    """Cells of one cluster level; inserting a row or column shifts everything beyond it."""

    def __init__(self) -> None:
        self.cell: dict[str, tuple[int, int]] = {}
        self.taken: set[tuple[int, int]] = set()

    def put(self, unit: str, cell: tuple[int, int]) -> None:
        self.cell[unit] = cell
        self.taken.add(cell)

    def insert(self, axis: int, at: int) -> None:
        for unit, (c, r) in self.cell.items():
            if axis == 0 and c >= at:
                self.cell[unit] = (c + 1, r)
            elif axis == 1 and r >= at:
                self.cell[unit] = (c, r + 1)
        self.taken = set(self.cell.values())

    def place_from(self, anchor: str, unit: str, offset: tuple[int, int]) -> None:
        """Put `unit` at `offset` from `anchor`'s cell, opening a column (or row) when that cell is taken."""
        ac, ar = self.cell[anchor]
        dx, dy = offset
        want = (ac + dx, ar + dy)
        if want in self.taken:
            if dx:
                self.insert(0, ac + 1 if dx > 0 else ac)
            else:
                self.insert(1, ar + 1 if dy > 0 else ar)
            ac, ar = self.cell[anchor]
            want = (ac + dx, ar + dy)
        self.put(unit, want)


class _Layout:
    def __init__(self, boxes: list[SidedBox], clusters: list[SidedCluster], constraints: list[SideConstraint],
                 spacing: float) -> None:
        self.spacing = spacing
        self.boxes = {b.id: b for b in boxes}
        self.clusters = {c.id: c for c in clusters}
        self.constraints = constraints
        self.parent: dict[str, str | None] = {}
        for b in boxes:
            self.parent["b:" + b.id] = "c:" + b.parent if b.parent in self.clusters else None
        for c in clusters:
            self.parent["c:" + c.id] = "c:" + c.parent if c.parent in self.clusters and c.parent != c.id else None
        for c in clusters:  # a cycle of parents would nest forever: cut it where it closes
            seen: set[str] = set()
            current: str | None = "c:" + c.id
            while current is not None and current not in seen:
                seen.add(current)
                parent = self.parent[current]
                if parent in seen:
                    self.parent[current] = None
                current = parent
        self.units: dict[str | None, list[str]] = {}
        for key in ["b:" + b.id for b in boxes] + ["c:" + c.id for c in clusters]:
            self._register(key)
        self.relative: dict[str | None, tuple[float, float, dict[str, Rect]]] = {}
        self.first_lines: dict[str | None, Point] = {}
        self.unmet: set[int] = set()

    def _register(self, key: str) -> None:
        seen = {key}
        while True:
            parent = self.parent[key]
            members = self.units.setdefault(parent, [])
            if key not in members:
                members.append(key)
            if parent is None or parent in seen:
                return
            seen.add(parent)
            key = parent

    def unit_of(self, key: str, container: str | None) -> str | None:
        """The unit directly inside `container` that holds `key` (None if `key` is not under it)."""
        current: str | None = key
        while current is not None and current in self.parent:
            parent = self.parent[current]
            if parent == container:
                return current
            current = parent
        return None

    def size(self, unit: str) -> tuple[float, float, Point]:
        if unit.startswith("b:"):
            box = self.boxes[unit[2:]]
            anchor = box.anchor or (box.width / 2, box.height / 2)
            return box.width, box.height, anchor
        cluster = self.clusters[unit[2:]]
        w, h, _ = self.place(unit)
        width = max(w, cluster.title_width) + 2 * cluster.padding
        height = h + 2 * cluster.padding + cluster.title_height
        # Line the cluster up on its first row and column, so an edge into them can run straight.
        first_x, first_y = self.first_lines.get(unit, (w / 2, h / 2))
        return width, height, ((width - w) / 2 + first_x, cluster.padding + cluster.title_height + first_y)

    def place(self, container: str | None) -> tuple[float, float, dict[str, Rect]]:
        """Lay out one level: its units' boxes relative to the level's top-left corner."""
        if container in self.relative:
            return self.relative[container]
        units = self.units.get(container, [])
        sizes = {u: self.size(u) for u in units}
        links: dict[str, list[tuple[str, tuple[int, int]]]] = {u: [] for u in units}
        level: list[tuple[str, str, tuple[int, int], int]] = []
        for index, con in enumerate(self.constraints):
            a = self.unit_of("b:" + con.source, container)
            b = self.unit_of("b:" + con.target, container)
            if a is None or b is None or a == b:
                continue
            dx, dy = grid_offset(con.source_side, con.target_side)
            links[a].append((b, (dx, dy)))
            links[b].append((a, (-dx, -dy)))
            level.append((a, b, (dx, dy), index))
        grid = self._grid(units, links)
        for a, b, (dx, dy), index in level:
            (ac, ar), (bc, br) = grid.cell[a], grid.cell[b]
            if (dx and _sign(bc - ac) != _sign(dx)) or (dy and _sign(br - ar) != _sign(dy)):
                self.unmet.add(index)
        result, self.first_lines[container] = self._geometry(grid, sizes)
        self.relative[container] = result
        return result

    def _grid(self, units: list[str], links: dict[str, list[tuple[str, tuple[int, int]]]]) -> _Grid:
        grid = _Grid()
        loners: list[str] = []
        next_col = 0
        for start in units:
            if start in grid.cell or start in loners:
                continue
            if not links[start]:
                loners.append(start)
                continue
            part = _Grid()
            part.put(start, (0, 0))
            queue = deque([start])
            while queue:
                unit = queue.popleft()
                for other, offset in links[unit]:
                    if other not in part.cell:
                        part.place_from(unit, other, offset)
                        queue.append(other)
            c0 = min(c for c, _ in part.cell.values())
            r0 = min(r for _, r in part.cell.values())
            width = 0
            for unit, (c, r) in part.cell.items():
                grid.put(unit, (next_col + c - c0, r - r0))
                width = max(width, c - c0 + 1)
            next_col += width
        if loners:
            row = max((r for _, r in grid.cell.values()), default=-1) + 1
            per_row = max(next_col, round(len(loners) ** 0.5 + 0.49), 1)
            for n, unit in enumerate(loners):
                grid.put(unit, (n % per_row, row + n // per_row))
        return grid

    def _geometry(self, grid: _Grid, sizes: dict[str, tuple[float, float, Point]]
                  ) -> tuple[tuple[float, float, dict[str, Rect]], Point]:
        if not grid.cell:
            return (120.0, 40.0, {}), (60.0, 20.0)
        cols = sorted({c for c, _ in grid.cell.values()})
        rows = sorted({r for _, r in grid.cell.values()})
        col_index = {c: i for i, c in enumerate(cols)}
        row_index = {r: i for i, r in enumerate(rows)}
        before_x = [0.0] * len(cols)
        after_x = [0.0] * len(cols)
        before_y = [0.0] * len(rows)
        after_y = [0.0] * len(rows)
        for unit, (c, r) in grid.cell.items():
            w, h, (ax, ay) = sizes[unit]
            ci, ri = col_index[c], row_index[r]
            before_x[ci], after_x[ci] = max(before_x[ci], ax), max(after_x[ci], w - ax)
            before_y[ri], after_y[ri] = max(before_y[ri], ay), max(after_y[ri], h - ay)
        line_x = [before_x[0]]
        for i in range(1, len(cols)):
            line_x.append(line_x[-1] + after_x[i - 1] + self.spacing + before_x[i])
        line_y = [before_y[0]]
        for i in range(1, len(rows)):
            line_y.append(line_y[-1] + after_y[i - 1] + self.spacing + before_y[i])
        rects: dict[str, Rect] = {}
        for unit, (c, r) in grid.cell.items():
            w, h, (ax, ay) = sizes[unit]
            rects[unit] = Rect(line_x[col_index[c]] - ax, line_y[row_index[r]] - ay, w, h)
        return (line_x[-1] + after_x[-1], line_y[-1] + after_y[-1], rects), (line_x[0], line_y[0])

    def absolute(self, container: str | None, ox: float, oy: float, result: SidedResult) -> None:
        _, _, rects = self.place(container)
        for unit, rect in rects.items():
            placed = rect.translated(ox, oy)
            if unit.startswith("b:"):
                result.boxes[unit[2:]] = placed
                continue
            cluster = self.clusters[unit[2:]]
            content_w, _, _ = self.place(unit)
            inner = placed.w - 2 * cluster.padding
            result.clusters[unit[2:]] = placed
            self.absolute(unit, placed.x + cluster.padding + (inner - content_w) / 2,
                          placed.y + cluster.padding + cluster.title_height, result)


def sided_layout(boxes: list[SidedBox], clusters: list[SidedCluster], constraints: list[SideConstraint],
                 spacing: float = 60.0) -> SidedResult:
    """Place boxes (and the clusters around them) so that constraints' sides face each other."""
    layout = _Layout(boxes, clusters, constraints, spacing)
    result = SidedResult()
    layout.absolute(None, 0.0, 0.0, result)
    result.unmet = sorted(layout.unmet)
    return result
