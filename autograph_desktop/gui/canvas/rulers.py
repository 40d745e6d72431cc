"""Rulers along the top and left edges, in scene units, with ticks at a step that suits the zoom and the
pointer's position marked, so positions can be read off as in draw.io.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QPainter, QPen

if TYPE_CHECKING:
    from autograph_desktop.gui.canvas.overlays import CanvasTheme
    from autograph_desktop.gui.canvas.view import CanvasView

RULER_SIZE = 20
_STEPS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000)


def tick_step(zoom: float) -> float:
    """The smallest labelled step at least 60 widget pixels apart."""
    for step in _STEPS:
        if step * zoom >= 60:
            return float(step)
    return float(_STEPS[-1])


def paint_rulers(qp: QPainter, view: CanvasView, theme: CanvasTheme) -> None:
    cam = view.camera
    w, h = view.width(), view.height()
    qp.save()
    qp.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    qp.setPen(Qt.PenStyle.NoPen)
    qp.setBrush(theme.ruler)
    qp.drawRect(QRectF(0, 0, w, RULER_SIZE))
    qp.drawRect(QRectF(0, 0, RULER_SIZE, h))
    font = QFont(qp.font())
    font.setPixelSize(9)
    qp.setFont(font)
    qp.setPen(QPen(theme.ruler_text, 1))
    step = tick_step(cam.zoom)
    minor = step / 5
    x0, y0 = cam.to_scene(0, 0)
    x1, y1 = cam.to_scene(w, h)
    i = math.floor(x0 / minor)
    while i * minor <= x1 and i - math.floor(x0 / minor) < 2000:
        sx = i * minor
        vx = round((sx - cam.ox) * cam.zoom) + 0.5
        major = i % 5 == 0
        qp.drawLine(QPointF(vx, RULER_SIZE - (8 if major else 4)), QPointF(vx, RULER_SIZE))
        if major:
            qp.drawText(QPointF(vx + 3, 10), f"{sx:g}")
        i += 1
    j = math.floor(y0 / minor)
    while j * minor <= y1 and j - math.floor(y0 / minor) < 2000:
        sy = j * minor
        vy = round((sy - cam.oy) * cam.zoom) + 0.5
        major = j % 5 == 0
        qp.drawLine(QPointF(RULER_SIZE - (8 if major else 4), vy), QPointF(RULER_SIZE, vy))
        if major:
            qp.save()
            qp.translate(10, vy + 3)
            qp.rotate(-90)
            qp.drawText(QPointF(-30, 0), f"{sy:g}")
            qp.restore()
        j += 1
    if view.last_scene_pos is not None:
        px, py = cam.to_view(*view.last_scene_pos)
        qp.setPen(QPen(theme.accent, 1))
        qp.drawLine(QPointF(px, 0), QPointF(px, RULER_SIZE))
        qp.drawLine(QPointF(0, py), QPointF(RULER_SIZE, py))
    qp.setPen(QPen(theme.grid_major, 1))
    qp.drawLine(QPointF(0, RULER_SIZE - 0.5), QPointF(w, RULER_SIZE - 0.5))
    qp.drawLine(QPointF(RULER_SIZE - 0.5, 0), QPointF(RULER_SIZE - 0.5, h))
    qp.setBrush(theme.ruler)
    qp.setPen(Qt.PenStyle.NoPen)
    qp.drawRect(QRectF(0, 0, RULER_SIZE, RULER_SIZE))
    qp.restore()
