"""Drawing tools: shapes (rectangle, ellipse, diamond), sticky note, frame, text and icon, plus the pen.

Drag to draw, or click for a default size. Afterwards the view returns to the select tool unless the
tool is locked (Q), as in Excalidraw. A new element dropped inside a frame becomes its member, and a new
frame adopts the elements it encloses, all in the one "Add" step.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF

from autograph_desktop.gui.canvas.tools.base import Interaction, Pointer, Tool
from autograph_desktop.gui.canvas.tools.transform import frame_at
from autograph_desktop.model import Element, Frame, Icon, Path, Rect, Shape, Transaction, edits, update
from autograph_desktop.model.shapes import definition
from autograph_desktop.model.style import DEFAULT_STYLE
from autograph_desktop.render.shapes import commands_to_path

if TYPE_CHECKING:
    from autograph_desktop.gui.canvas.view import CanvasView

ACCENT = QColor("#4f7cff")


def make_element(kind: str, rect: Rect, parent: str | None, icon: str = "") -> Element:
    """A new element of a tool's kind (a shape kind, "frame" or "icon") in its definition's style."""
    style = definition(kind).default_style
    if kind == "frame":
        return Frame(x=rect.x, y=rect.y, w=rect.w, h=rect.h, text="Frame", parent=parent, style=style)
    if kind == "icon":
        return Icon(x=rect.x, y=rect.y, w=rect.w, h=rect.h, icon=icon, parent=parent, style=style)
    return Shape(x=rect.x, y=rect.y, w=rect.w, h=rect.h, shape=kind, parent=parent, style=style)


def add_with_membership(view: CanvasView, el: Element, label: str) -> None:
    """Add `el` (one undo step); a new frame adopts the top-level elements it fully encloses.

    A new frame drawn round the frame its centre lies in goes beside that frame and adopts it, rather
    than into it (which would make each frame the other's member).
    """
    doc = view.doc
    if isinstance(el, Frame):
        while el.parent is not None and (outer := doc.get(el.parent)) is not None and el.rect.contains_rect(outer.rect):
            el = el.evolve(parent=outer.parent)
    ops: list[Any] = list(edits.add(doc, el, label).operations)
    if isinstance(el, Frame):
        parent = el.parent
        ancestors = {parent, *(a.id for a in doc.ancestors(parent))} if parent is not None and parent in doc else set()
        for eid in doc.ids_in_rect(el.rect, contained=True):
            other = doc[eid]
            if other.kind == "connector" or other.locked or eid in ancestors:
                continue
            loose = other.parent is None or (isinstance(doc.get(other.parent), Frame)
                                             and not el.rect.contains_rect(doc[other.parent].rect))
            if loose and (op := update(other, parent=el.id)) is not None:
                ops.append(op)
    view.history.execute(Transaction(tuple(ops), label))


class DrawBox(Interaction):
    """Drag out a box for a new element; snaps its corners."""

    def __init__(self, view: CanvasView, tool: ShapeTool, start: Pointer) -> None:
        super().__init__(view)
        self.tool = tool
        self.snapper = view.make_snapper(set())
        x, y = (start.x, start.y) if start.alt or not view.snap_enabled else self.snapper.snap_point(
            start.x, start.y)[:2]
        self.start = start
        self.anchor = (x, y)
        self.current = (x, y)

    def move(self, p: Pointer) -> None:
        x, y = p.x, p.y
        if not p.alt:
            x, y, guides = self.snapper.snap_point(x, y)
            self.view.guides = guides
        if p.shift:
            side = max(abs(x - self.anchor[0]), abs(y - self.anchor[1]))
            x = self.anchor[0] + math.copysign(side, x - self.anchor[0])
            y = self.anchor[1] + math.copysign(side, y - self.anchor[1])
        self.current = (x, y)
        self.view.update()

    def release(self, p: Pointer) -> None:
        view = self.view
        view.guides = []
        dragged = abs(p.vx - self.start.vx) + abs(p.vy - self.start.vy) > 6
        if dragged:
            rect = Rect.normalized(*self.anchor, *self.current)
        else:
            w, h = definition(self.tool.kind).default_size
            rect = Rect(self.anchor[0] - w / 2, self.anchor[1] - h / 2, w, h)
        self.tool.create(rect)

    def cancel(self) -> None:
        self.view.guides = []

    def paint(self, qp: QPainter) -> None:
        view = self.view
        a = view.camera.to_view(*self.anchor)
        b = view.camera.to_view(*self.current)
        r = QRectF(QPointF(*a), QPointF(*b)).normalized()
        qp.setPen(QPen(ACCENT, 1.5, Qt.PenStyle.DashLine))
        qp.setBrush(QColor(79, 124, 255, 24))
        outline = definition(self.tool.kind).outline_of(r.x(), r.y(), r.width(), r.height())
        qp.drawPath(commands_to_path(outline.body))


class ShapeTool(Tool):
    """R, O, D, N, F, I: draw an element of one kind."""

    cursor = Qt.CursorShape.CrossCursor

    def __init__(self, view: CanvasView, name: str, kind: str) -> None:
        super().__init__(view)
        self.name = name
        self.kind = kind

    def press(self, p: Pointer) -> None:
        if p.button != Qt.MouseButton.LeftButton:
            return
        if self.kind == "icon" and not self.view.pending_icon:
            self.view.insertRequested.emit()
            return
        self.interaction = DrawBox(self.view, self, p)

    def create(self, rect: Rect) -> None:
        view = self.view
        cx, cy = rect.center
        frame = frame_at(view.doc, cx, cy, set())
        el = make_element(self.kind, rect, frame.id if frame is not None else None, view.pending_icon or "")
        add_with_membership(view, el, f"Add {self.name}")
        view.set_selection([el.id])
        if self.kind == "icon":
            view.pending_icon = None
        view.tool_done()
        if self.kind == "note":
            view.start_text_edit(el.id)


class TextTool(Tool):
    """T: click to place a text element and type into it."""

    name = "text"
    cursor = Qt.CursorShape.IBeamCursor

    def press(self, p: Pointer) -> None:
        if p.button == Qt.MouseButton.LeftButton:
            el = self.view.pick_at(p.x, p.y)
            if el is not None and el.kind in ("shape", "text", "connector"):
                self.view.set_selection([el.id])
                self.view.tool_done()
                self.view.start_text_edit(el.id)
                return
            self.view.tool_done()
            self.view.create_text_at(p.x, p.y)


class PenStroke(Interaction):
    """Collect a freehand stroke, then add it as a Path (points relative to its box)."""

    def __init__(self, view: CanvasView, start: Pointer) -> None:
        super().__init__(view)
        self.points: list[tuple[float, float]] = [(start.x, start.y)]

    def move(self, p: Pointer) -> None:
        last = self.points[-1]
        if math.hypot(p.x - last[0], p.y - last[1]) * self.view.zoom >= 2 and len(self.points) < 20_000:
            self.points.append((p.x, p.y))
            self.view.update()

    def release(self, p: Pointer) -> None:
        self.move(p)
        if len(self.points) < 2:
            return
        box = Rect.from_points(self.points)
        rel = tuple((x - box.x, y - box.y) for x, y in simplify(self.points, 0.7 / self.view.zoom))
        frame = frame_at(self.view.doc, *box.center, set())
        path = Path(x=box.x, y=box.y, w=max(box.w, 1.0), h=max(box.h, 1.0), points=rel,
                    parent=frame.id if frame is not None else None, style=DEFAULT_STYLE.with_(fill="none"))
        self.view.history.execute(edits.add(self.view.doc, path, "Draw"))
        self.view.set_selection([path.id])
        self.view.tool_done()

    def paint(self, qp: QPainter) -> None:
        cam = self.view.camera
        qp.setPen(QPen(QColor("#1e1e2e"), max(2 * self.view.zoom, 1), Qt.PenStyle.SolidLine,
                       Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
        qp.drawPolyline(QPolygonF([QPointF(*cam.to_view(x, y)) for x, y in self.points]))


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Ramer-Douglas-Peucker, iterative (a long stroke must not hit the recursion limit)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = points[a], points[b]
        length = math.hypot(x2 - x1, y2 - y1) or 1e-9
        best, index = 0.0, -1
        for i in range(a + 1, b):
            x0, y0 = points[i]
            d = abs((x2 - x1) * (y1 - y0) - (x1 - x0) * (y2 - y1)) / length
            if d > best:
                best, index = d, i
        if best > tolerance and index > 0:
            keep[index] = True
            stack.append((a, index))
            stack.append((index, b))
    return [p for p, k in zip(points, keep, strict=True) if k]


class PenTool(Tool):
    name = "pen"
    cursor = Qt.CursorShape.CrossCursor

    def press(self, p: Pointer) -> None:
        if p.button == Qt.MouseButton.LeftButton:
            self.interaction = PenStroke(self.view, p)


class HandTool(Tool):
    """H: drag to pan (the view also pans with Space+drag and the middle button in any tool)."""

    name = "hand"
    cursor = Qt.CursorShape.OpenHandCursor

    def press(self, p: Pointer) -> None:
        self.view.begin_pan(p)
