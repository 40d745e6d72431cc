"""The minimap: a small overview in the canvas's corner; click or drag in it to move the view there.

The overview is rendered once into an image by the same painter (at minimap scale it draws the
level-of-detail boxes) and re-rendered a moment after the document stops changing, so it costs nothing
while the user drags shapes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from autograph_desktop.model import Diagram, Rect

if TYPE_CHECKING:
    from autograph_desktop.gui.canvas.view import CanvasView

WIDTH, HEIGHT, MARGIN = 200, 140, 12


class Minimap(QWidget):
    def __init__(self, view: CanvasView) -> None:
        super().__init__(view)
        self.view = view
        self.setFixedSize(WIDTH, HEIGHT)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAccessibleName("Minimap")
        self._image: QImage | None = None
        self._world: Rect | None = None
        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self._render)

    def set_document(self, doc: Diagram) -> None:
        self.document_changed()

    def document_changed(self) -> None:
        if self.isVisible():
            self._timer.start()
        else:
            self._image = None

    def place(self) -> None:
        parent = self.view
        self.move(parent.width() - WIDTH - MARGIN, parent.height() - HEIGHT - MARGIN)
        self.raise_()
        if self.isVisible() and self._image is None:
            self._render()

    def _scale(self) -> tuple[Rect, float] | None:
        world = self._world
        if world is None or world.w <= 0 or world.h <= 0:
            return None
        return world, min((WIDTH - 8) / world.w, (HEIGHT - 8) / world.h)

    def _render(self) -> None:
        doc = self.view.doc
        # The exact extent walks every connector's route (tens of ms at 10k elements); a big diagram's
        # cell-rounded extent is as good at minimap size.
        box = doc.bbox() if len(doc) < 2000 else doc.rough_extent()
        self._world = box.inflated(max(box.w, box.h) * 0.05 + 20) if box is not None else None
        fit = self._scale()
        image = QImage(WIDTH, HEIGHT, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        if fit is not None:
            world, scale = fit
            qp = QPainter(image)
            qp.translate(4 + ((WIDTH - 8) - world.w * scale) / 2, 4 + ((HEIGHT - 8) - world.h * scale) / 2)
            qp.scale(scale, scale)
            qp.translate(-world.x, -world.y)
            self.view.painter.paint(qp, world, scale)
            qp.end()
        self._image = image
        self.update()

    def _to_mini(self, x: float, y: float) -> QPointF | None:
        fit = self._scale()
        if fit is None:
            return None
        world, scale = fit
        ox = 4 + ((WIDTH - 8) - world.w * scale) / 2
        oy = 4 + ((HEIGHT - 8) - world.h * scale) / 2
        return QPointF(ox + (x - world.x) * scale, oy + (y - world.y) * scale)

    def _to_scene(self, mx: float, my: float) -> tuple[float, float] | None:
        fit = self._scale()
        if fit is None:
            return None
        world, scale = fit
        ox = 4 + ((WIDTH - 8) - world.w * scale) / 2
        oy = 4 + ((HEIGHT - 8) - world.h * scale) / 2
        return (world.x + (mx - ox) / scale, world.y + (my - oy) / scale)

    def paintEvent(self, event: QPaintEvent) -> None:
        qp = QPainter(self)
        qp.setRenderHint(QPainter.RenderHint.Antialiasing)
        dark = self.view.canvas_theme == "dark"
        qp.setPen(QPen(QColor("#3a3a48" if dark else "#d5d9e2"), 1))
        qp.setBrush(QColor("#1c1c26" if dark else "#ffffff"))
        qp.drawRoundedRect(QRectF(0.5, 0.5, WIDTH - 1, HEIGHT - 1), 8, 8)
        if self._image is None:
            self._render()
        if self._image is not None:
            qp.drawImage(0, 0, self._image)
        view = self.view
        visible = view.camera.visible(view.width(), view.height())
        a = self._to_mini(visible.x, visible.y)
        b = self._to_mini(visible.right, visible.bottom)
        if a is not None and b is not None:
            qp.setClipRect(QRectF(1, 1, WIDTH - 2, HEIGHT - 2))
            accent = QColor("#4f7cff")
            fill = QColor(accent)
            fill.setAlpha(30)
            qp.setPen(QPen(accent, 1.5))
            qp.setBrush(fill)
            qp.drawRect(QRectF(a, b))
        qp.end()

    def _navigate(self, event: QMouseEvent) -> None:
        target = self._to_scene(event.position().x(), event.position().y())
        if target is not None:
            self.view.center_on(*target)
            self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._navigate(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._navigate(event)
