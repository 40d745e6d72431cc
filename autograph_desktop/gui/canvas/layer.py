"""The diagram layer cache: background, grid and painter output for the current camera, kept as an image.

Overlays change far more often than the diagram (hover, handles, bands), and a pan only moves pixels, so
the view keeps what the painter drew and repaints only what is new: on a pan the old image is shifted and
just the exposed strips are drawn; on a document change only the changed elements' region is. While a
wheel or pinch zoom is in progress the cached image is shown scaled, and the crisp frame is drawn once the
gesture pauses (`settle`), the way map viewers keep zooming smooth.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QPainter, QPixmap, QRegion

from autograph_desktop.gui.canvas.overlays import THEMES, paint_grid
from autograph_desktop.model import Rect

if TYPE_CHECKING:
    from autograph_desktop.gui.canvas.view import CanvasView


def rects(region: QRegion) -> list[QRect]:
    """The rectangles a region is made of (QRegion iterates at runtime; the stubs do not say so)."""
    found: list[QRect] = list(region)  # type: ignore[call-overload]
    return found


class DiagramLayer:
    def __init__(self) -> None:
        self.image: QPixmap | None = None
        self._key: tuple[object, ...] | None = None
        self._origin = (0.0, 0.0)
        self._zoom = 1.0
        self._dirty = QRegion()
        self.zooming = False

    def invalidate(self) -> None:
        """Forget all of the cached picture."""
        self._key = None

    def invalidate_scene(self, box: Rect, margin: float = 4.0) -> None:
        """Forget the part of the cached picture that shows `box` (scene units, plus `margin` pixels).

        Dirty areas are kept in the picture's own pixels, placed with the camera the picture was drawn
        with: the camera may have moved since (a pan not yet painted shifts the picture and its dirty
        areas together; a zoom redraws it all), and a rectangle placed with the current camera would then
        mark the wrong pixels and leave the old drawing standing.
        """
        image = self.image
        if image is None or self._key is None:
            return  # the next frame draws everything anyway
        ratio = image.devicePixelRatio()
        w, h = image.width() / ratio, image.height() / ratio
        z, (ox, oy) = self._zoom, self._origin
        # Clamp in floating point first: far-away elements make coordinates no QRect can hold.
        x1, y1 = max((box.x - ox) * z - margin, -1.0), max((box.y - oy) * z - margin, -1.0)
        x2, y2 = min((box.right - ox) * z + margin, w + 1.0), min((box.bottom - oy) * z + margin, h + 1.0)
        if x2 <= x1 or y2 <= y1:
            return
        dirty = QRect(int(x1), int(y1), int(x2 - x1) + 1, int(y2 - y1) + 1)
        self._dirty = self._dirty.united(dirty.intersected(QRect(0, 0, int(w), int(h))))

    def _static_key(self, view: CanvasView) -> tuple[object, ...]:
        return (view.width(), view.height(), view.devicePixelRatioF(), view.canvas_theme, view.grid_visible,
                view.grid_size, id(view.painter), view.text_editor.skip_ids(), id(view.drag_preview))

    def draw(self, view: CanvasView, qp: QPainter, area: QRect) -> None:
        """Paint the diagram layer for `area` of the widget onto `qp` (widget coordinates)."""
        cam = view.camera
        key = self._static_key(view)
        image = self.image
        if image is not None and self._key == key and self.zooming and self._zoom != cam.zoom:
            self._draw_scaled(view, qp, area)
            return
        if image is None or self._key != key or self._zoom != cam.zoom:
            self._full(view, key)
        else:
            self._scroll(view)
        if not self._dirty.isEmpty():
            self._render(view, self._dirty)
            self._dirty = QRegion()
        assert self.image is not None
        ratio = self.image.devicePixelRatio()
        source = QRectF(area.x() * ratio, area.y() * ratio, area.width() * ratio, area.height() * ratio)
        qp.drawPixmap(QRectF(area), self.image, source)

    def _full(self, view: CanvasView, key: tuple[object, ...]) -> None:
        ratio = view.devicePixelRatioF()
        w, h = max(view.width(), 1), max(view.height(), 1)
        if self.image is None or self.image.width() != int(w * ratio) or self.image.height() != int(h * ratio):
            self.image = QPixmap(int(w * ratio), int(h * ratio))
            self.image.setDevicePixelRatio(ratio)
        self._key = key
        self._origin = (view.camera.ox, view.camera.oy)
        self._zoom = view.camera.zoom
        self._dirty = QRegion(0, 0, w, h)

    def _scroll(self, view: CanvasView) -> None:
        """Shift the cached pixels by a pan; anything but a whole-pixel pan redraws everything."""
        cam = view.camera
        dx = (self._origin[0] - cam.ox) * cam.zoom
        dy = (self._origin[1] - cam.oy) * cam.zoom
        if dx == 0 and dy == 0:
            return
        w, h = view.width(), view.height()
        ratio = view.devicePixelRatioF()
        rx, ry = round(dx), round(dy)
        key = self._key
        assert key is not None
        if (abs(dx - rx) > 1e-3 or abs(dy - ry) > 1e-3 or abs(rx) >= w or abs(ry) >= h
                or abs(rx * ratio - round(rx * ratio)) > 1e-6):
            self._full(view, key)
            return
        image = self.image
        assert image is not None
        image.scroll(round(rx * ratio), round(ry * ratio), image.rect())  # in place: a memmove, no new image
        # Keep the origin consistent with the whole-pixel shift actually applied.
        self._origin = (cam.ox, cam.oy)
        exposed = QRegion(0, 0, w, h).subtracted(QRegion(rx, ry, w, h))
        self._dirty = self._dirty.translated(rx, ry).united(exposed)

    def _render(self, view: CanvasView, region: QRegion) -> None:
        image = self.image
        assert image is not None
        theme = THEMES[view.canvas_theme]
        cam = view.camera
        qp = QPainter(image)
        qp.setClipRegion(region)
        for r in rects(region):
            paint_grid(qp, view, theme, r)
        qp.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        qp.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        qp.scale(cam.zoom, cam.zoom)
        qp.translate(-cam.ox, -cam.oy)
        skip = view.layer_skip_ids()
        whole = cam.visible(view.width(), view.height())
        for r in rects(region):
            x1, y1 = cam.to_scene(r.x(), r.y())
            visible = Rect(x1, y1, r.width() / cam.zoom, r.height() / cam.zoom)
            if region.rectCount() > 1:
                qp.save()
                qp.setClipRect(QRectF(x1, y1, visible.w, visible.h), Qt.ClipOperation.IntersectClip)
            view.painter.paint(qp, visible, cam.zoom * image.devicePixelRatio(), skip=skip, frame=whole)
            if region.rectCount() > 1:
                qp.restore()
        qp.end()

    def _draw_scaled(self, view: CanvasView, qp: QPainter, area: QRect) -> None:
        """Mid-gesture zoom: the last crisp picture, scaled and moved to where it belongs now."""
        cam = view.camera
        image = self.image
        assert image is not None
        s = cam.zoom / self._zoom
        ox = (self._origin[0] - cam.ox) * cam.zoom
        oy = (self._origin[1] - cam.oy) * cam.zoom
        theme = THEMES[view.canvas_theme]
        qp.fillRect(area, theme.background)
        qp.save()
        qp.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, s < 1)
        qp.translate(ox, oy)
        qp.scale(s, s)
        qp.drawPixmap(QRectF(0, 0, view.width(), view.height()), image, QRectF(image.rect()))
        qp.restore()
