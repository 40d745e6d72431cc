"""Connector gestures: draw a new connector, reconnect an end, add/move/remove waypoints.

A connector end dropped on a shape attaches to it (side midpoint, side+ratio on the outline, or floating
inside it), and on empty canvas stays a free point; the model resolves attached ends whenever the shapes
move, so nothing here needs to follow shapes later.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from autograph_desktop.gui.canvas.hits import attach_endpoint, can_connect
from autograph_desktop.gui.canvas.tools.base import Interaction, Pointer, Tool
from autograph_desktop.model import Connector, Endpoint, edits
from autograph_desktop.model.operations import update

if TYPE_CHECKING:
    from autograph_desktop.gui.canvas.view import CanvasView

ACCENT = QColor("#4f7cff")
SNAP_PIXELS = 12.0


def endpoint_at(view: CanvasView, p: Pointer, exclude: str | None = None) -> Endpoint:
    """The end a drop at `p` makes: attached to the connectable element under it, else free."""
    el = view.pick_at(p.x, p.y, connectable=True)
    if el is not None and el.id != exclude and can_connect(el):
        return attach_endpoint(el, p.x, p.y, SNAP_PIXELS / view.zoom)
    x, y = p.x, p.y
    if view.snap_enabled and not p.alt:
        x, y, _ = view.make_snapper(set(), guides=False).snap_point(x, y)
    return Endpoint(x=x, y=y)


class ConnectInteraction(Interaction):
    """Drag out a new connector from `source`; one undo step on release."""

    def __init__(self, view: CanvasView, source: Endpoint, start: Pointer, *, end_arrow: str = "arrow",
                 routing: str | None = None) -> None:
        super().__init__(view)
        self.source = source
        self.start = start
        self.current = start
        self.end_arrow = end_arrow
        self.routing = routing or view.default_routing

    def move(self, p: Pointer) -> None:
        self.current = p
        el = self.view.pick_at(p.x, p.y, connectable=True)
        self.view.hover_id = el.id if el is not None and can_connect(el) else None
        self.view.update()

    def release(self, p: Pointer) -> None:
        view = self.view
        view.hover_id = None
        far = abs(p.vx - self.start.vx) + abs(p.vy - self.start.vy) > 6
        if not far:
            view.update()
            return
        target = endpoint_at(view, p, exclude=self.source.element)
        conn = Connector(source=self.source, target=target, end_arrow=self.end_arrow, routing=self.routing)
        view.history.execute(edits.add(view.doc, conn, "Connect"))
        view.set_selection([conn.id])
        view.tool_done()

    def paint(self, qp: QPainter) -> None:
        view = self.view
        a = view.doc.endpoint_point(self.source, (self.current.x, self.current.y))
        ax, ay = view.camera.to_view(*a)
        qp.setPen(QPen(ACCENT, 2, Qt.PenStyle.DashLine))
        qp.drawLine(QPointF(ax, ay), QPointF(self.current.vx, self.current.vy))
        qp.setBrush(ACCENT)
        qp.drawEllipse(QPointF(self.current.vx, self.current.vy), 4, 4)


class EndpointInteraction(Interaction):
    """Drag one end of a connector onto another shape (or empty canvas) to reconnect it."""

    def __init__(self, view: CanvasView, conn: Connector, which: str) -> None:
        super().__init__(view)
        self.conn_id = conn.id
        self.which = which
        other = conn.target if which == "source" else conn.source
        self.other_element = other.element
        view.history.begin("Reconnect")

    def move(self, p: Pointer) -> None:
        view = self.view
        conn = view.doc.get(self.conn_id)
        if not isinstance(conn, Connector):
            return
        end = endpoint_at(view, p)
        el = view.doc.get(end.element) if end.element else None
        view.hover_id = el.id if el is not None else None
        op = update(conn, **{self.which: end})
        if op:
            view.history.execute(edits.Transaction((op,), "Reconnect"))

    def release(self, p: Pointer) -> None:
        self.view.hover_id = None
        self.view.history.commit()

    def cancel(self) -> None:
        self.view.hover_id = None
        self.view.history.cancel()


class WaypointInteraction(Interaction):
    """Move a waypoint, or (with `insert`) create one by dragging a segment's midpoint."""

    def __init__(self, view: CanvasView, conn: Connector, index: int, insert: bool, start: Pointer) -> None:
        super().__init__(view)
        self.conn_id = conn.id
        self.index = index
        view.history.begin("Add waypoint" if insert else "Move waypoint")
        if insert:
            wps = list(conn.waypoints)
            wps.insert(index, (start.x, start.y))
            view.history.execute(edits.set_fields(view.doc, [conn.id], "Add waypoint", waypoints=tuple(wps)))

    def move(self, p: Pointer) -> None:
        view = self.view
        conn = view.doc.get(self.conn_id)
        if not isinstance(conn, Connector) or not 0 <= self.index < len(conn.waypoints):
            return
        x, y = p.x, p.y
        if view.snap_enabled and not p.alt:
            x, y, guides = view.make_snapper({conn.id}).snap_point(x, y)
            view.guides = guides
        wps = list(conn.waypoints)
        wps[self.index] = (x, y)
        view.history.execute(edits.set_fields(view.doc, [conn.id], "Move waypoint", waypoints=tuple(wps)))

    def release(self, p: Pointer) -> None:
        self.view.guides = []
        self.view.history.commit()

    def cancel(self) -> None:
        self.view.guides = []
        self.view.history.cancel()


class ConnectorTool(Tool):
    """A (arrow) and L (line): drag from a shape or from anywhere to draw a connector."""

    cursor = Qt.CursorShape.CrossCursor

    def __init__(self, view: CanvasView, name: str = "connector", end_arrow: str = "arrow") -> None:
        super().__init__(view)
        self.name = name
        self.end_arrow = end_arrow

    def press(self, p: Pointer) -> None:
        if p.button != Qt.MouseButton.LeftButton:
            return
        source = endpoint_at(self.view, p)
        routing = "straight" if self.end_arrow == "none" else None
        self.interaction = ConnectInteraction(self.view, source, p, end_arrow=self.end_arrow, routing=routing)

    def hover(self, p: Pointer) -> None:
        el = self.view.pick_at(p.x, p.y, connectable=True)
        new = el.id if el is not None and can_connect(el) else None
        if new != self.view.hover_id:
            self.view.hover_id = new
            self.view.update()
