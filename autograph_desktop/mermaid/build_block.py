"""Block diagrams as native elements: the author's grid of shapes, composite blocks as frames, block arrows
as arrow-shaped paths with their label, and edges routed orthogonally between facing sides.

Every grid gives its columns one width (the widest block per column) and its rows one height, so blocks
line up as Mermaid draws them; a block `:N` wide spans N columns and the gaps between them.
"""

from __future__ import annotations

from typing import Any

from autograph_desktop.layout import Rect as LayoutRect
from autograph_desktop.mermaid.block import Block, BlockSpec
from autograph_desktop.mermaid.graph_build import SHAPE_FALLBACKS, DraftNode, node_size
from autograph_desktop.mermaid.native import (
    facing_sides,
    finish,
    orthogonal_route,
    pairs,
    side_point,
    spread_ratios,
    title_text,
)
from autograph_desktop.mermaid.theme import MermaidTheme, cluster_style, edge_style, node_style
from autograph_desktop.model.document import Diagram, DiagramMeta
from autograph_desktop.model.elements import (
    Connector,
    ConnectorLabel,
    Element,
    Endpoint,
    Frame,
    Group,
    Path,
    Shape,
    Text,
    new_id,
)
from autograph_desktop.model.style import Style

GAP = 20.0
PAD = 12.0
ROUND = ("circle", "double_circle")
FLOW_HEADS = {"none": "none", "arrow": "triangle", "circle": "circle", "cross": "cross"}


def arrow_points(w: float, h: float, directions: tuple[str, ...]) -> tuple[tuple[float, float], ...]:
    """A block arrow's outline in a w x h box: heads on the named ends (x: both sides, y: up and down)."""
    heads: set[str] = set()
    for d in directions:
        heads.update({"x": ("left", "right"), "y": ("up", "down")}.get(d, (d,)))
    horizontal = bool(heads & {"left", "right"}) or not heads
    if not horizontal:  # draw it sideways and turn the points
        flipped = arrow_points(h, w, tuple({"up": "left", "down": "right"}[d] for d in heads))
        return tuple((y, x) for x, y in flipped)
    head = min(h * 0.5, w * 0.4)
    left = head if "left" in heads else 0.0
    right = w - head if "right" in heads or not heads else w
    top, bottom = h * 0.25, h * 0.75
    points = [(left, top), (right, top)]
    points += [(right, 0.0), (w, h / 2), (right, h)] if right < w else []
    points += [(right, bottom), (left, bottom)]
    points += [(left, h), (0.0, h / 2), (left, 0.0)] if left > 0 else []
    return tuple(points)


def vertical(block: Block) -> bool:
    """Whether a block arrow points only up and down."""
    return bool(block.directions) and all(d in ("up", "down", "y") for d in block.directions)


class _Builder:
    def __init__(self, spec: BlockSpec, theme: MermaidTheme) -> None:
        self.spec, self.theme = spec, theme
        self.natural: dict[str, tuple[float, float]] = {}
        self.rects: dict[str, LayoutRect] = {}
        self.cells: dict[str, tuple[int, int]] = {}
        self.grids: dict[str | None, tuple[int, list[tuple[str, int, int]]]] = {}

    def style(self, block: Block) -> Style:
        decls = [self.spec.class_defs.get("default", {})] + [self.spec.class_defs.get(c, {}) for c in block.classes]
        return node_style(self.theme, *decls, block.style)

    # ------------------------------------------------------------------ sizes
    def grid(self, container: str | None) -> tuple[int, list[tuple[str, int, int]]]:
        """(columns, [(block, row, column)]) of a container: blocks flow left to right and wrap."""
        if container in self.grids:
            return self.grids[container]
        children = self.spec.blocks[container].children if container else self.spec.children
        columns = self.spec.blocks[container].columns if container else self.spec.columns
        if columns is None:
            columns = max(1, sum(self.spec.blocks[c].width for c in children))
        placed: list[tuple[str, int, int]] = []
        row = col = 0
        for child in children:
            width = min(self.spec.blocks[child].width, columns)
            if col + width > columns:
                row, col = row + 1, 0
            placed.append((child, row, col))
            self.cells[child] = (row, col)
            col += width
        self.grids[container] = (columns, placed)
        return columns, placed

    def size(self, block_id: str) -> tuple[float, float]:
        if block_id in self.natural:
            return self.natural[block_id]
        block = self.spec.blocks[block_id]
        if block.kind == "space":
            size = (0.0, 40.0)  # an empty cell is as tall as a one-line block
        elif block.kind == "composite":
            w, h, _, _ = self.measure(block_id)
            size = (w + 2 * PAD, h + 2 * PAD)
        elif block.kind == "arrow":
            w, h = node_size(DraftNode(block_id, block.label, "rectangle", self.style(block)))
            size = (max(w, 60.0), h + 50.0) if vertical(block) else (w + 40.0, max(h, 50.0))
        else:
            size = node_size(DraftNode(block_id, block.label, block.shape, self.style(block)))
            if block.shape in ROUND:
                size = (max(size), max(size))
        self.natural[block_id] = size
        return size

    def measure(self, container: str | None, min_width: float = 0.0
                ) -> tuple[float, float, float, list[float]]:
        """Content width and height, column width and row heights of a container's grid."""
        columns, placed = self.grid(container)
        col_w = 0.0
        rows: dict[int, float] = {}
        for child, row, _ in placed:
            w, h = self.size(child)
            span = min(self.spec.blocks[child].width, columns)
            col_w = max(col_w, (w - (span - 1) * GAP) / span)
            rows[row] = max(rows.get(row, 0.0), h)
        col_w = max(col_w, (min_width - (columns - 1) * GAP) / columns, 10.0)
        heights = [rows.get(r, 0.0) for r in range(max(rows, default=-1) + 1)]
        width = columns * col_w + (columns - 1) * GAP
        height = sum(heights) + GAP * max(len(heights) - 1, 0)
        return width, height, col_w, heights

    def place(self, container: str | None, x: float, y: float, width: float) -> None:
        columns, placed = self.grid(container)
        _, _, col_w, heights = self.measure(container, width)
        tops = [y]
        for h in heights[:-1]:
            tops.append(tops[-1] + h + GAP)
        for child, row, col in placed:
            block = self.spec.blocks[child]
            span = min(block.width, columns)
            cell = LayoutRect(x + col * (col_w + GAP), tops[row], span * col_w + (span - 1) * GAP, heights[row])
            if block.kind == "composite":
                self.rects[child] = cell
                self.place(child, cell.x + PAD, cell.y + PAD, cell.w - 2 * PAD)
            elif block.kind != "space":
                w, h = self.size(child)
                if block.shape in ROUND:
                    side = min(cell.w, cell.h)
                    cell = LayoutRect(cell.x + (cell.w - side) / 2, cell.y + (cell.h - side) / 2, side, side)
                elif block.kind == "arrow" and vertical(block):
                    cell = LayoutRect(cell.x + (cell.w - w) / 2, cell.y, w, cell.h)
                elif block.kind == "arrow":
                    cell = LayoutRect(cell.x, cell.y + (cell.h - h) / 2, cell.w, h)
                self.rects[child] = cell

    # ------------------------------------------------------------------ elements
    def build(self) -> Diagram:
        width, _, _, _ = self.measure(None)
        self.place(None, 0.0, 0.0, width)
        ids = {b: new_id() for b in self.spec.blocks}
        frames: list[Element] = []
        nodes: list[Element] = []
        for block_id in self.outer_first():
            block = self.spec.blocks[block_id]
            if block.kind == "space":
                continue
            rect = self.rects[block_id]
            parent = ids[block.parent] if block.parent else None
            row, col = self.cells[block_id]
            data = {"mermaid_id": block_id, "block_kind": block.kind, "block_row": str(row), "block_col": str(col),
                    "block_span": str(block.width), "block_classes": " ".join(block.classes)}
            if parent is None:
                data["block_root_columns"] = str(self.spec.columns or "auto")
            if block.kind == "composite":
                data["block_columns"] = str(block.columns or "auto")
                style = cluster_style(self.theme, *[self.spec.class_defs.get(c, {}) for c in block.classes],
                                      block.style)
                frames.append(Frame(id=ids[block_id], x=rect.x, y=rect.y, w=rect.w, h=rect.h, text=block.label,
                                    style=style, parent=parent, data=pairs(data)))
            elif block.kind == "arrow":
                nodes.extend(self.arrow(block, rect, ids[block_id], parent, data))
            else:
                shape = SHAPE_FALLBACKS.get(block.shape, block.shape)
                nodes.append(Shape(id=ids[block_id], x=rect.x, y=rect.y, w=rect.w, h=rect.h, shape=shape,
                                   text=block.label, style=self.style(block), parent=parent,
                                   data=pairs({**data, "mermaid_shape": block.shape})))
        connectors = self.connectors(ids)
        elements = [*frames, *nodes, *connectors]  # routes avoid the blocks; labels stay readable on top
        title, _ = title_text(self.spec.title, self.theme, 0.0, 0.0)
        if title:
            elements.append(title)
        meta = DiagramMeta(title=self.spec.title or "Block diagram", kind="block", theme=self.theme.canvas)
        return finish(elements, meta)

    def outer_first(self) -> list[str]:
        order: list[str] = []
        queue = list(self.spec.children)
        while queue:
            block_id = queue.pop(0)
            order.append(block_id)
            queue.extend(self.spec.blocks[block_id].children)
        return order

    def arrow(self, block: Block, rect: LayoutRect, element_id: str, parent: str | None,
              data: dict[str, str]) -> list[Element]:
        """A grouped arrow outline and its label; connectors attach to the label's box."""
        group = new_id()
        style = self.style(block)
        data = {**data, "block_directions": ",".join(block.directions)}
        return [Group(id=group, parent=parent),
                Path(x=rect.x, y=rect.y, w=rect.w, h=rect.h, points=arrow_points(rect.w, rect.h, block.directions),
                     closed=True, style=style, parent=group, data=(("role", "block_arrow"),)),
                Text(id=element_id, x=rect.x, y=rect.y, w=rect.w, h=rect.h, text=block.label, auto_size=False,
                     style=style.with_(fill="none", stroke="none"), parent=group, data=pairs(data))]

    def connectors(self, ids: dict[str, str]) -> list[Element]:
        edges = [e for e in self.spec.edges if e.source in self.rects and e.target in self.rects]
        sides = [facing_sides(self.rects[e.source], self.rects[e.target]) if e.source != e.target
                 else ("right", "top") for e in edges]
        ratios = spread_ratios([(e.source, s[0], n, self.rects[e.target].center) for n, (e, s) in
                                enumerate(zip(edges, sides, strict=True))]
                               + [(e.target, s[1], n, self.rects[e.source].center) for n, (e, s) in
                                  enumerate(zip(edges, sides, strict=True))])
        leaves = {b: r for b, r in self.rects.items() if self.spec.blocks[b].kind != "composite"}
        out: list[Element] = []
        for n, (edge, (s_side, t_side)) in enumerate(zip(edges, sides, strict=True)):
            s_ratio, t_ratio = ratios[(edge.source, s_side, n)], ratios[(edge.target, t_side, n)]
            start = side_point(self.rects[edge.source], s_side, s_ratio)
            end = side_point(self.rects[edge.target], t_side, t_ratio)
            obstacles = [r for b, r in leaves.items() if b not in (edge.source, edge.target)
                         and not self.inside(b, edge.source) and not self.inside(b, edge.target)]
            obstacles += [leaves[b] for b in (edge.source, edge.target) if b in leaves]
            out.append(Connector(
                source=Endpoint(ids[edge.source], s_side, s_ratio), target=Endpoint(ids[edge.target], t_side, t_ratio),
                routing="orthogonal",
                waypoints=orthogonal_route(start, s_side, end, t_side, obstacles, margin=GAP / 2 - 1),
                start_arrow=FLOW_HEADS.get(edge.start_arrow, "none"), end_arrow=FLOW_HEADS.get(edge.end_arrow, "none"),
                labels=(ConnectorLabel(edge.label),) if edge.label else (), style=edge_style(self.theme, edge.stroke),
                data=pairs({"mermaid_id": f"e{n}", "stroke": edge.stroke if edge.stroke != "normal" else ""})))
        return out

    def inside(self, block_id: str, container: str) -> bool:
        parent = self.spec.blocks[block_id].parent
        while parent is not None:
            if parent == container:
                return True
            parent = self.spec.blocks[parent].parent
        return False


def build(spec: Any, theme: MermaidTheme, hints: dict[str, tuple[float, float]] | None = None) -> Diagram:
    """A new Diagram for a BlockSpec (`hints` are not used: the author's grid decides the places)."""
    return _Builder(spec, theme).build()
