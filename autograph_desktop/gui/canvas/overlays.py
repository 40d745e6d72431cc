"""What the view paints above the diagram, in widget pixels so it stays crisp at every zoom: the grid
(below), selection boxes, resize and rotate handles, connector handles, hover connection points and snap
guides. Colours follow the canvas theme, not the app theme.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPolygonF

from autograph_desktop.gui.canvas.hits import (
    connection_points,
    selection_rotation,
    view_handles,
    waypoint_inserts,
)
from autograph_desktop.model import Connector, Rect
from autograph_desktop.model.geometry import rotate_point

if TYPE_CHECKING:
    from autograph_desktop.gui.canvas.view import CanvasView


@dataclass(frozen=True)
class CanvasTheme:
    background: QColor
    grid: QColor
    grid_major: QColor
    accent: QColor
    handle_fill: QColor
    guide: QColor
    ruler: QColor
    ruler_text: QColor


THEMES: dict[str, CanvasTheme] = {
    "light": CanvasTheme(QColor("#fbfbfd"), QColor("#f0f1f5"), QColor("#e3e6ec"), QColor("#4f7cff"),
                         QColor("#ffffff"), QColor("#ff4d8d"), QColor("#f3f4f7"), QColor("#7a8090")),
    "dark": CanvasTheme(QColor("#16161e"), QColor("#1d1d27"), QColor("#262633"), QColor("#6f95ff"),
                        QColor("#1e1e2a"), QColor("#ff6ba0"), QColor("#1c1c26"), QColor("#8a90a0")),
}


def paint_grid(qp: QPainter, view: CanvasView, theme: CanvasTheme, area: QRect | None = None) -> None:
    """Background and hairline grid at the snap step (coarser when lines would crowd), every fifth line a
    little stronger, for `area` of the widget.

    Vertical lines go into one opaque row image that is stretched down the area (a copy per scanline),
    horizontal lines are one-pixel spans: both are the raster engine's cheapest paths, where a column of
    one-pixel spans per line costs several milliseconds a frame.
    """
    widget = QRect(0, 0, view.width(), view.height())
    box = area.intersected(widget) if area is not None else widget
    if box.isEmpty():
        return
    if not view.grid_visible:
        qp.fillRect(box, theme.background)
        return
    cam = view.camera
    step = view.grid_size
    while step * cam.zoom < 12:
        step *= 5
    major = step * 5
    x1, y1 = cam.to_scene(box.x(), box.y())
    x2, y2 = cam.to_scene(box.right() + 1, box.bottom() + 1)
    row = QImage(box.width(), 1, QImage.Format.Format_RGB32)
    row.fill(theme.background)
    minor_rgb, major_rgb = theme.grid.rgb(), theme.grid_major.rgb()
    i = math.floor(x1 / step)
    while i * step <= x2:
        sx = i * step
        vx = math.floor((sx - cam.ox) * cam.zoom) - box.x()
        if 0 <= vx < box.width():
            row.setPixel(vx, 0, major_rgb if abs(sx / major - round(sx / major)) < 1e-6 else minor_rgb)
        i += 1
    qp.drawImage(box, row)
    minor: list[QRect] = []
    strong: list[QRect] = []
    j = math.floor(y1 / step)
    while j * step <= y2:
        sy = j * step
        vy = math.floor((sy - cam.oy) * cam.zoom)
        (strong if abs(sy / major - round(sy / major)) < 1e-6 else minor).append(
            QRect(box.x(), vy, box.width(), 1))
        j += 1
    qp.save()
    qp.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    qp.setPen(Qt.PenStyle.NoPen)
    qp.setBrush(theme.grid)
    qp.drawRects(minor)
    qp.setBrush(theme.grid_major)
    qp.drawRects(strong)
    qp.restore()


def _handle(qp: QPainter, x: float, y: float, theme: CanvasTheme, size: float = 8.0) -> None:
    qp.drawRoundedRect(QRectF(x - size / 2, y - size / 2, size, size), 2, 2)


def _rotated_poly(view: CanvasView, r: Rect, rotation: float) -> QPolygonF:
    cx, cy = r.center
    corners = [(r.x, r.y), (r.right, r.y), (r.right, r.bottom), (r.x, r.bottom)]
    return QPolygonF([QPointF(*view.camera.to_view(*rotate_point(x, y, cx, cy, rotation))) for x, y in corners])


def paint_selection(qp: QPainter, view: CanvasView, theme: CanvasTheme) -> None:
    doc = view.doc
    ids = view.selected_ids()
    if not ids or (view.text_editor.active and ids == [view.text_editor.element_id]):
        return  # the editor's own frame says what is being edited; handles would only peek out around it
    accent = theme.accent
    qp.setBrush(Qt.BrushStyle.NoBrush)
    if len(ids) == 1 and isinstance(conn := doc.get(ids[0]), Connector):
        paint_connector_handles(qp, view, conn, theme)
        return
    thin = QPen(accent, 1)
    glow = QPen(QColor(accent.red(), accent.green(), accent.blue(), 90), 5, Qt.PenStyle.SolidLine,
                Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    qp.setPen(thin)
    if len(ids) <= 500:
        to_view = view.camera.to_view
        for eid in ids:
            el = doc.get(eid)
            if el is None:
                continue
            if isinstance(el, Connector):
                qp.setPen(glow)
                qp.drawPolyline(QPolygonF([QPointF(*to_view(*p)) for p in view.route(el)]))
                qp.setPen(thin)
            elif el.rotation and el.kind != "group":
                qp.drawPolygon(_rotated_poly(view, el.rect, el.rotation))
            else:
                box = view.element_box(eid)
                if box is not None:
                    qp.drawRect(QRectF(*view.camera.rect_to_view(box)))
    box = view.selection_box()
    if box is None:
        return
    vb = Rect(*view.camera.rect_to_view(box))
    locked = view.selection_is_locked()
    if len(ids) > 1:
        qp.setPen(QPen(accent, 1, Qt.PenStyle.DashLine))
        qp.drawRect(QRectF(vb.x, vb.y, vb.w, vb.h))
    if locked:
        qp.setPen(QPen(accent, 1))
        qp.setBrush(accent)
        cx, cy = vb.right, vb.y
        qp.drawEllipse(QPointF(cx, cy), 4, 4)
        return
    if len(ids) == 1 and all(doc.get(i) is not None and doc[i].kind in ("connector",) for i in ids):
        return
    points, knob, foot = view_handles(vb, selection_rotation(doc, ids))
    qp.setPen(QPen(accent, 1))
    qp.drawLine(QPointF(*foot), QPointF(*knob))
    qp.setBrush(theme.handle_fill)
    qp.setPen(QPen(accent, 1.5))
    qp.drawEllipse(QPointF(*knob), 5, 5)
    small = vb.w < 24 or vb.h < 24
    for name, (x, y) in points.items():
        if small and len(name) == 1:
            continue
        _handle(qp, x, y, theme)


def paint_connector_handles(qp: QPainter, view: CanvasView, conn: Connector, theme: CanvasTheme) -> None:
    cam = view.camera
    route = [QPointF(*cam.to_view(*p)) for p in view.route(conn)]
    accent = theme.accent
    qp.setPen(QPen(QColor(accent.red(), accent.green(), accent.blue(), 90), 6,
                   Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
    qp.setBrush(Qt.BrushStyle.NoBrush)
    qp.drawPolyline(QPolygonF(route))
    control = [cam.to_view(*p) for p in view.doc.connector_points(conn)]
    qp.setPen(QPen(accent, 1.5))
    qp.setBrush(QColor(accent.red(), accent.green(), accent.blue(), 70))
    for sx, sy, _ in waypoint_inserts(view.doc, conn, view.route(conn)):
        qp.drawEllipse(QPointF(*cam.to_view(sx, sy)), 3.5, 3.5)
    qp.setBrush(theme.handle_fill)
    for x, y in control[1:-1]:
        _handle(qp, x, y, theme, 7)
    for end, (x, y) in zip((conn.source, conn.target), (control[0], control[-1]), strict=True):
        qp.setBrush(accent if end.element else theme.handle_fill)
        qp.drawEllipse(QPointF(x, y), 5, 5)


def paint_hover(qp: QPainter, view: CanvasView, theme: CanvasTheme) -> None:
    """Outline the hovered element and show its connection points (draw.io's blue crosses, as dots)."""
    el = view.doc.get(view.hover_id) if view.hover_id else None
    if el is None or el.locked:
        return
    accent = theme.accent
    if el.id not in view.selected_ids():
        qp.setPen(QPen(QColor(accent.red(), accent.green(), accent.blue(), 110), 1.5))
        qp.setBrush(Qt.BrushStyle.NoBrush)
        qp.drawPolygon(_rotated_poly(view, el.rect, el.rotation))
    if view.tool_name not in ("select", "connector", "line") or el.kind == "connector":
        return
    qp.setPen(QPen(accent, 1.5))
    qp.setBrush(theme.handle_fill)
    for _, x, y in connection_points(el):
        vx, vy = view.camera.to_view(x, y)
        qp.drawEllipse(QPointF(vx, vy), 4.5, 4.5)


def paint_guides(qp: QPainter, view: CanvasView, theme: CanvasTheme) -> None:
    if not view.guides:
        return
    cam = view.camera
    qp.setPen(QPen(theme.guide, 1))
    for g in view.guides:
        if g.axis == "x":
            x, y1 = cam.to_view(g.pos, g.start)
            _, y2 = cam.to_view(g.pos, g.end)
            qp.drawLine(QPointF(round(x) + 0.5, y1 - 8), QPointF(round(x) + 0.5, y2 + 8))
        else:
            x1, y = cam.to_view(g.start, g.pos)
            x2, _ = cam.to_view(g.end, g.pos)
            qp.drawLine(QPointF(x1 - 8, round(y) + 0.5), QPointF(x2 + 8, round(y) + 0.5))
