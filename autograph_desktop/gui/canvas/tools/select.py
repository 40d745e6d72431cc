"""The select tool (V): click, shift-click, rubber band, and handing drags to move/resize/rotate/connect.

Clicks select the outermost group; double-click enters a group (then selects its member) or edits text.
A rubber band dragged left-to-right selects what it contains, right-to-left what it touches (as in CAD).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from autograph_desktop.gui.canvas.hits import (
    can_connect,
    connection_points,
    drawn_box,
    near,
    select_target,
    selection_rotation,
    view_handles,
    waypoint_inserts,
)
from autograph_desktop.gui.canvas.painting import collapsed_away
from autograph_desktop.gui.canvas.tools.base import Interaction, Pointer, Tool
from autograph_desktop.gui.canvas.tools.connect import (
    ConnectInteraction,
    EndpointInteraction,
    WaypointInteraction,
)
from autograph_desktop.gui.canvas.tools.transform import MoveInteraction, ResizeInteraction, RotateInteraction
from autograph_desktop.model import Connector, Element, Endpoint, Frame, Group, Rect, edits

if TYPE_CHECKING:
    from autograph_desktop.gui.canvas.view import CanvasView

HANDLE_PIXELS = 7.0
DRAG_THRESHOLD = 3.0


class PendingMove(Interaction):
    """A press on a selected element: a click until the pointer travels a few pixels, then a move."""

    def __init__(self, view: CanvasView, tool: SelectTool, start: Pointer, clicked: str) -> None:
        super().__init__(view)
        self.tool = tool
        self.start = start
        self.clicked = clicked

    def move(self, p: Pointer) -> None:
        if abs(p.vx - self.start.vx) + abs(p.vy - self.start.vy) < DRAG_THRESHOLD:
            return
        move = MoveInteraction(self.view, self.view.selected_ids(), self.start)
        self.tool.interaction = move
        move.move(p)

    def release(self, p: Pointer) -> None:
        if not p.shift and len(self.view.selected_ids()) > 1:
            self.view.set_selection([self.clicked])


class RubberBand(Interaction):
    """Select by area; live, so the user sees what the band will take."""

    def __init__(self, view: CanvasView, start: Pointer, additive: bool) -> None:
        super().__init__(view)
        self.start = start
        self.current = start
        self.base = view.selected_ids() if additive else []

    def rect(self) -> Rect:
        return Rect.normalized(self.start.x, self.start.y, self.current.x, self.current.y)

    @property
    def contained(self) -> bool:
        return self.current.vx >= self.start.vx

    def move(self, p: Pointer) -> None:
        self.current = p
        self.view.set_selection(self.base + [i for i in band_ids(self.view, self.rect(), self.contained)
                                              if i not in self.base])

    def release(self, p: Pointer) -> None:
        self.move(p)

    def cancel(self) -> None:
        self.view.set_selection(self.base)

    def paint(self, qp: QPainter) -> None:
        a = (self.start.vx, self.start.vy)
        b = (self.current.vx, self.current.vy)
        r = QRectF(min(a[0], b[0]), min(a[1], b[1]), abs(a[0] - b[0]), abs(a[1] - b[1]))
        color = QColor("#4f7cff")
        pen = QPen(color, 1, Qt.PenStyle.SolidLine if self.contained else Qt.PenStyle.DashLine)
        fill = QColor(color)
        fill.setAlpha(28)
        qp.setPen(pen)
        qp.setBrush(fill)
        qp.drawRect(r)


def _drawn_inside(view: CanvasView, el: Element, rect: Rect) -> bool:
    """Whether an element lies inside a band: a connector by the route it is drawn along (its index box
    is wider, to be found when its route detours), anything else by its bounds."""
    box = drawn_box(view.doc, el, view.route)
    return box is not None and rect.contains_rect(box)


def band_ids(view: CanvasView, rect: Rect, contained: bool) -> list[str]:
    """What a band selects: select-targets (outermost groups) of the unlocked elements it takes."""
    doc = view.doc
    found = doc.ids_in_rect(rect)
    out: dict[str, None] = {}
    for eid in found:
        el = doc[eid]
        if el.locked or el.hidden or (el.parent is not None and collapsed_away(doc, el)):
            continue
        if contained and not _drawn_inside(view, el, rect):
            continue
        if isinstance(el, Frame) and not contained and (b := doc.bounds(eid)) is not None and b.contains_rect(rect):
            continue  # a band drawn inside a frame selects what is in it, not the frame
        target = select_target(doc, el, view.entered_group)
        if target.id in out:
            continue
        if contained and target.id != eid:
            tb = drawn_box(doc, target, view.route)
            if tb is None or not rect.contains_rect(tb):
                continue
        out[target.id] = None
    return sorted(out, key=lambda i: (doc[i].z, i))


class SelectTool(Tool):
    name = "select"

    def handle_at(self, p: Pointer) -> tuple[str, object] | None:
        """Which selection handle (if any) is under the pointer, in widget pixels."""
        view = self.view
        ids = view.selected_ids()
        if not ids:
            return None
        radius = HANDLE_PIXELS
        here = (p.vx, p.vy)
        if len(ids) == 1 and isinstance(conn := view.doc.get(ids[0]), Connector):
            points = view.doc.connector_points(conn)
            vpts = [view.camera.to_view(*pt) for pt in points]
            if near(here, vpts[0], radius):
                return ("endpoint", "source")
            if near(here, vpts[-1], radius):
                return ("endpoint", "target")
            for i, wp in enumerate(vpts[1:-1]):
                if near(here, wp, radius):
                    return ("waypoint", i)
            for x, y, index in waypoint_inserts(view.doc, conn, view.route(conn)):
                if near(here, view.camera.to_view(x, y), radius):
                    return ("midpoint", index)
            return None
        box = view.selection_box()
        if box is None or view.selection_is_locked():
            return None
        vbox = Rect(*view.camera.rect_to_view(box))
        handles, knob, _ = view_handles(vbox, selection_rotation(view.doc, ids))
        if near(here, knob, radius + 1):
            return ("rotate", None)
        for name, pt in handles.items():
            if near(here, pt, radius):
                return ("resize", name)
        return None

    def connection_point_at(self, p: Pointer) -> Endpoint | None:
        """A hovered shape's side midpoint under the pointer: dragging from it draws a connector."""
        el = self.view.doc.get(self.view.hover_id) if self.view.hover_id else None
        if el is None or not can_connect(el) or el.locked:
            return None
        for side, x, y in connection_points(el):
            if near((p.vx, p.vy), self.view.camera.to_view(x, y), HANDLE_PIXELS):
                return Endpoint(el.id, side, 0.5)
        return None

    def press(self, p: Pointer) -> None:
        view = self.view
        if p.button != Qt.MouseButton.LeftButton:
            return
        handle = self.handle_at(p)
        ids = view.selected_ids()
        if handle is not None:
            kind, arg = handle
            if kind == "rotate":
                self.interaction = RotateInteraction(view, ids, p)
            elif kind == "resize":
                self.interaction = ResizeInteraction(view, ids, str(arg), p)
            else:
                conn = view.doc[ids[0]]
                assert isinstance(conn, Connector)
                if kind == "endpoint":
                    self.interaction = EndpointInteraction(view, conn, str(arg))
                elif kind == "waypoint":
                    self.interaction = WaypointInteraction(view, conn, int(str(arg)), False, p)
                else:
                    self.interaction = WaypointInteraction(view, conn, int(str(arg)), True, p)
            return
        point = self.connection_point_at(p)
        if point is not None:
            self.interaction = ConnectInteraction(view, point, p)
            return
        el = view.pick_at(p.x, p.y)
        if el is None:
            view.entered_group = None
            if not p.shift:
                view.set_selection([])
            self.interaction = RubberBand(view, p, additive=p.shift)
            return
        if view.entered_group is not None and view.entered_group not in {a.id for a in view.doc.ancestors(el.id)}:
            view.entered_group = None
        target = select_target(view.doc, el, view.entered_group)
        if p.shift:
            current = view.selected_ids()
            view.set_selection([i for i in current if i != target.id] if target.id in current
                               else [*current, target.id])
            return
        if target.id not in ids:
            view.set_selection([target.id])
        self.interaction = PendingMove(view, self, p, target.id)

    def hover(self, p: Pointer) -> None:
        view = self.view
        handle = self.handle_at(p)
        cursor = Qt.CursorShape.ArrowCursor
        if handle is not None:
            kind, arg = handle
            cursor = {"nw": Qt.CursorShape.SizeFDiagCursor, "se": Qt.CursorShape.SizeFDiagCursor,
                      "ne": Qt.CursorShape.SizeBDiagCursor, "sw": Qt.CursorShape.SizeBDiagCursor,
                      "n": Qt.CursorShape.SizeVerCursor, "s": Qt.CursorShape.SizeVerCursor,
                      "e": Qt.CursorShape.SizeHorCursor, "w": Qt.CursorShape.SizeHorCursor,
                      }.get(str(arg), Qt.CursorShape.PointingHandCursor) if kind == "resize" else (
                Qt.CursorShape.CrossCursor)
        el = view.pick_at(p.x, p.y, connectable=True)
        hovered = el.id if el is not None and not isinstance(el, Connector) else None
        if el is not None and handle is None:
            cursor = Qt.CursorShape.SizeAllCursor
        if self.connection_point_at(p) is not None:
            cursor = Qt.CursorShape.CrossCursor
        view.setCursor(cursor)
        if hovered != view.hover_id and not (hovered is None and self.connection_point_at(p) is not None):
            view.hover_id = hovered
            view.update()

    def double_click(self, p: Pointer) -> None:
        view = self.view
        handle = self.handle_at(p)
        if handle is not None and handle[0] == "waypoint":
            conn = view.doc[view.selected_ids()[0]]
            assert isinstance(conn, Connector)
            wps = list(conn.waypoints)
            del wps[int(str(handle[1]))]
            view.history.execute(edits.set_fields(view.doc, [conn.id], "Remove waypoint", waypoints=tuple(wps)))
            return
        el = view.pick_at(p.x, p.y)
        if el is None:
            view.create_text_at(p.x, p.y)
            return
        target = select_target(view.doc, el, view.entered_group)
        if isinstance(target, Group) and target.id != el.id:
            view.entered_group = target.id
            member = select_target(view.doc, el, target.id)
            view.set_selection([member.id])
            return
        view.set_selection([el.id])
        view.start_text_edit(el.id)
