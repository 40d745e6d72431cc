"""A visual diff of two versions on the canvas: added green, removed red, changed amber.

Overlay mode draws the newer version with the removed elements ghosted in place; side-by-side mode draws
the older version on the left and the newer on the right with the same camera. Both use the shared
painter, so the diff looks exactly like the diagrams themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QWheelEvent
from PySide6.QtWidgets import QWidget

from autograph_desktop.model import Connector, Diagram, Rect
from autograph_desktop.render.painter import DiagramPainter
from autograph_desktop.render.routes import connector_path
from autograph_desktop.store.diff import VersionDiff, diff_versions

ADDED = "#2f9e44"
REMOVED = "#e03131"
CHANGED = "#f08c00"


@dataclass
class DiffPicture:
    """Everything needed to draw a diff: the older and newer documents and the element marks."""

    older: Diagram
    newer: Diagram
    diff: VersionDiff

    @property
    def added(self) -> set[str]:
        return {e.id for e in self.diff.added}

    @property
    def removed(self) -> set[str]:
        return {e.id for e in self.diff.removed}

    @property
    def changed(self) -> set[str]:
        return {c.id for c in self.diff.changed}

    def marks(self) -> dict[str, str]:
        out = {eid: ADDED for eid in self.added}
        out.update({eid: CHANGED for eid in self.changed})
        out.update({eid: REMOVED for eid in self.removed})
        return out

    def overlay(self) -> Diagram:
        """The newer document plus the removed elements, where they were."""
        return Diagram(self.newer.meta, [*self.newer, *(e for e in self.older if e.id in self.removed)])


def compare(older: Diagram, newer: Diagram) -> DiffPicture:
    return DiffPicture(older, newer, diff_versions(older, newer))


class VisualDiffView(QWidget):
    """Read-only view of a DiffPicture; wheel zooms, drag pans, `mode` is "overlay" or "side_by_side"."""

    modeChanged = Signal(str)

    def __init__(self, picture: DiffPicture, parent: QWidget | None = None, theme: str = "light") -> None:
        super().__init__(parent)
        self.setAccessibleName("Visual diff")
        self.setMinimumSize(320, 240)
        self.picture = picture
        self.theme = theme
        self.mode = "overlay"
        self.zoom = 1.0
        self.origin = QPointF(0, 0)
        self._drag_from: QPointF | None = None
        self._fitted = False
        self._rebuild()

    def _rebuild(self) -> None:
        self._overlay = self.picture.overlay()
        self._painters = {
            "overlay": DiagramPainter(self._overlay, self.theme),
            "older": DiagramPainter(self.picture.older, self.theme),
            "newer": DiagramPainter(self.picture.newer, self.theme),
        }

    def set_mode(self, mode: str) -> None:
        if mode not in ("overlay", "side_by_side"):
            raise ValueError(f"unknown diff mode {mode!r}")
        self.mode = mode
        self._fitted = False
        self.update()
        self.modeChanged.emit(mode)

    def content_bounds(self) -> Rect:
        boxes = [b for d in (self.picture.older, self.picture.newer) if (b := d.bbox()) is not None]
        if not boxes:
            return Rect(0, 0, 100, 100)
        box = boxes[0]
        for other in boxes[1:]:
            box = box.union(other)
        return box.inflated(30)

    def fit(self) -> None:
        box = self.content_bounds()
        width = self.width() / (2 if self.mode == "side_by_side" else 1)
        self.zoom = max(0.02, min(2.0, min(width / max(box.w, 1), self.height() / max(box.h, 1))))
        self.origin = QPointF(box.x - (width / self.zoom - box.w) / 2, box.y - (self.height() / self.zoom - box.h) / 2)
        self._fitted = True

    # ----------------------------------------------------------------- painting
    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._fitted:
            self.fit()
        qp = QPainter(self)
        try:
            qp.fillRect(self.rect(), QColor("#ffffff" if self.theme == "light" else "#16161e"))
            if self.mode == "overlay":
                self._paint_pane(qp, QRectF(self.rect()), "overlay")
            else:
                half = self.width() / 2
                self._paint_pane(qp, QRectF(0, 0, half, self.height()), "older")
                self._paint_pane(qp, QRectF(half, 0, half, self.height()), "newer")
                qp.setPen(QPen(QColor("#adb5bd"), 1))
                qp.drawLine(QPointF(half, 0), QPointF(half, self.height()))
            self._paint_legend(qp)
        finally:
            qp.end()

    def _paint_pane(self, qp: QPainter, pane: QRectF, which: str) -> None:
        qp.save()
        qp.setClipRect(pane)
        qp.translate(pane.x(), pane.y())
        qp.scale(self.zoom, self.zoom)
        qp.translate(-self.origin.x(), -self.origin.y())
        visible = Rect(self.origin.x(), self.origin.y(), pane.width() / self.zoom, pane.height() / self.zoom)
        painter = self._painters[which]
        removed = self.picture.removed
        if which == "overlay":
            painter.paint(qp, visible, self.zoom, skip=removed)
            qp.setOpacity(0.4)
            for eid in removed:
                el = self._overlay.get(eid)
                if el is not None and el.kind != "group":
                    painter.paint_element(qp, el, self.zoom)
            qp.setOpacity(1.0)
            self._halos(qp, self._overlay, self.picture.marks())
        elif which == "older":
            painter.paint(qp, visible, self.zoom)
            self._halos(qp, self.picture.older, {eid: REMOVED for eid in removed} |
                        {eid: CHANGED for eid in self.picture.changed})
        else:
            painter.paint(qp, visible, self.zoom)
            self._halos(qp, self.picture.newer, {eid: ADDED for eid in self.picture.added} |
                        {eid: CHANGED for eid in self.picture.changed})
        qp.restore()

    def _halos(self, qp: QPainter, doc: Diagram, marks: dict[str, str]) -> None:
        for eid, colour in marks.items():
            el = doc.get(eid)
            if isinstance(el, Connector):  # its route, not its index box (which reaches well past it)
                points = connector_path(doc, el)
                box = Rect.from_points(points) if points else None
            else:
                box = doc.bounds(eid)
            if box is None:
                continue
            pad = 3.0 if not isinstance(el, Connector) else 6.0
            rect = QRectF(box.x - pad, box.y - pad, box.w + 2 * pad, box.h + 2 * pad)
            fill = QColor(colour)
            fill.setAlpha(40)
            qp.setBrush(fill)
            qp.setPen(QPen(QColor(colour), 2.5 / self.zoom, Qt.PenStyle.DashLine if colour == REMOVED
                           else Qt.PenStyle.SolidLine))
            qp.drawRoundedRect(rect, 6 / self.zoom, 6 / self.zoom)

    def _paint_legend(self, qp: QPainter) -> None:
        diff = self.picture.diff
        items = [(ADDED, f"{len(diff.added)} added"), (REMOVED, f"{len(diff.removed)} removed"),
                 (CHANGED, f"{len(diff.changed)} changed")]
        x = 12.0
        qp.setPen(QColor("#495057" if self.theme == "light" else "#ced4da"))
        for colour, text in items:
            qp.setBrush(QColor(colour))
            qp.drawRoundedRect(QRectF(x, 12, 12, 12), 3, 3)
            qp.drawText(QPointF(x + 18, 23), text)
            x += 30 + qp.fontMetrics().horizontalAdvance(text)

    # ----------------------------------------------------------------- navigation
    def wheelEvent(self, event: QWheelEvent) -> None:
        factor = 1.15 if event.angleDelta().y() > 0 else 1 / 1.15
        pos = event.position()
        pane_x = pos.x() % (self.width() / 2) if self.mode == "side_by_side" else pos.x()
        before = QPointF(self.origin.x() + pane_x / self.zoom, self.origin.y() + pos.y() / self.zoom)
        self.zoom = max(0.02, min(20.0, self.zoom * factor))
        self.origin = QPointF(before.x() - pane_x / self.zoom, before.y() - pos.y() / self.zoom)
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._drag_from = event.position()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is None:
            return
        delta = event.position() - self._drag_from
        self._drag_from = event.position()
        self.origin = QPointF(self.origin.x() - delta.x() / self.zoom, self.origin.y() - delta.y() / self.zoom)
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag_from = None
