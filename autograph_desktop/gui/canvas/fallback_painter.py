"""A small private painter the canvas uses until (or whenever) the shared `render.painter` is unavailable.

Same calls as `DiagramPainter` (`paint`, `invalidate`) so the view never knows which one it holds. It draws
plain outlines, labels and connectors with arrowheads, and switches to a level of detail (flat boxes, no
text) when elements are a few pixels tall, which is what keeps a zoomed-out 10k-element frame fast.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainter, QPainterPath, QPen, QPolygonF

from autograph_desktop.gui.canvas.painting import collapsed_away, fallback_route, frame_title_rect
from autograph_desktop.model import Connector, Diagram, Element, Frame, Group, Icon, Path, Rect, Shape, Text
from autograph_desktop.model.style import resolve_color

_DASHES = {"dashed": Qt.PenStyle.DashLine, "dotted": Qt.PenStyle.DotLine, "dashdot": Qt.PenStyle.DashDotLine}
#: Below this many widget pixels an element is a flat box: its outline and text would not be readable.
LOD_PIXELS = 6.0


class FallbackPainter:
    """Draws a diagram in scene coordinates onto a QPainter whose transform the caller has set."""

    def __init__(self, doc: Diagram, theme: str = "light",
                 icon_provider: Callable[[str], QImage | None] | None = None) -> None:
        self.doc = doc
        self.theme = theme if theme in ("light", "dark") else "light"
        self.icon_provider = icon_provider
        self._colors: dict[tuple[str, str], QColor | None] = {}
        self._fonts: dict[tuple[str, float, int, bool], QFont] = {}

    def invalidate(self, ids: Iterable[str]) -> None:
        """Nothing per element is cached here; the hook exists so the view can treat painters alike."""

    def _color(self, value: str, role: str) -> QColor | None:
        key = (value, role)
        if key not in self._colors:
            try:
                hexv = resolve_color(value, self.theme, role)  # type: ignore[arg-type]
            except Exception:
                hexv = None
            color = QColor(hexv) if hexv else None
            self._colors[key] = color if color is not None and color.isValid() else None
        return self._colors[key]

    def _font(self, el: Element) -> QFont:
        s = el.style
        key = (s.font_family, s.font_size, s.font_weight, s.font_italic)
        font = self._fonts.get(key)
        if font is None:
            font = QFont(s.font_family)
            font.setPixelSize(max(1, round(min(s.font_size, 1000.0))))
            font.setWeight(QFont.Weight(min(max(int(s.font_weight), 100), 900)))
            font.setItalic(s.font_italic)
            self._fonts[key] = font
        return font

    # ----------------------------------------------------------------- entry point
    def paint(self, painter: QPainter, visible: Rect, scale: float, *, skip: frozenset[str] = frozenset(),
              highlight: str | None = None) -> None:
        doc = self.doc
        elements = doc.elements_in_rect(visible)
        lod_boxes: dict[int, list[QRectF]] = {}
        lod_colors: dict[int, QColor] = {}
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, scale > 0.3)
        for el in elements:
            if el.id in skip or isinstance(el, Group):
                continue
            if el.parent is not None and collapsed_away(doc, el):
                continue
            if not isinstance(el, Connector) and max(el.w, el.h) * scale < LOD_PIXELS:
                color = self._color(el.style.stroke, "stroke") or QColor("#888888")
                key = color.rgba()
                lod_colors[key] = color
                lod_boxes.setdefault(key, []).append(QRectF(el.x, el.y, el.w, el.h))
                continue
            if isinstance(el, Connector):
                if scale < 0.08:
                    continue  # at this distance links are noise; the boxes carry the structure
                self._connector(painter, el, scale)
            elif isinstance(el, Frame):
                self._frame(painter, el, scale)
            else:
                self._node(painter, el, scale)
            if el.id == highlight:
                self._highlight(painter, el, scale)
        painter.setPen(Qt.PenStyle.NoPen)
        for key, boxes in lod_boxes.items():
            painter.setBrush(lod_colors[key])
            painter.drawRects(boxes)

    # ----------------------------------------------------------------- per kind
    def _pen(self, el: Element, scale: float) -> QPen:
        color = self._color(el.style.stroke, "stroke")
        if color is None:
            return QPen(Qt.PenStyle.NoPen)
        pen = QPen(color, max(el.style.stroke_width, 0.0))
        pen.setStyle(_DASHES.get(el.style.dash, Qt.PenStyle.SolidLine))
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        return pen

    def _outline(self, el: Element) -> QPainterPath:
        r = QRectF(el.x, el.y, el.w, el.h)
        path = QPainterPath()
        kind = el.shape if isinstance(el, Shape) else "rectangle"
        if kind in ("ellipse", "circle", "double_circle"):
            path.addEllipse(r)
        elif kind == "diamond":
            path.addPolygon(QPolygonF([QPointF(r.center().x(), r.top()), QPointF(r.right(), r.center().y()),
                                       QPointF(r.center().x(), r.bottom()), QPointF(r.left(), r.center().y())]))
            path.closeSubpath()
        elif kind in ("rounded", "stadium") or el.style.corner_radius:
            radius = el.style.corner_radius or min(r.width(), r.height()) * (0.5 if kind == "stadium" else 0.15)
            path.addRoundedRect(r, radius, radius)
        elif kind == "note":
            fold = min(16.0, r.width() / 4, r.height() / 4)
            path.addPolygon(QPolygonF([r.topLeft(), QPointF(r.right() - fold, r.top()),
                                       QPointF(r.right(), r.top() + fold), r.bottomRight(), r.bottomLeft()]))
            path.closeSubpath()
        else:
            path.addRect(r)
        return path

    def _node(self, painter: QPainter, el: Element, scale: float) -> None:
        painter.save()
        if el.rotation:
            c = QPointF(el.x + el.w / 2, el.y + el.h / 2)
            painter.translate(c)
            painter.rotate(el.rotation)
            painter.translate(-c)
        if el.style.opacity < 1:
            painter.setOpacity(max(el.style.opacity, 0.0))
        if isinstance(el, Path):
            self._path(painter, el)
        elif isinstance(el, Text):
            pass
        elif isinstance(el, Icon):
            self._icon(painter, el)
        else:
            fill = self._color(el.style.fill, "fill")
            painter.setBrush(QBrush(fill) if fill is not None else Qt.BrushStyle.NoBrush)
            painter.setPen(self._pen(el, scale))
            painter.drawPath(self._outline(el))
        if el.text and el.style.font_size * scale >= 3 and not isinstance(el, Icon):
            self._text(painter, el, QRectF(el.x + 6, el.y + 4, max(el.w - 12, 1), max(el.h - 8, 1)))
        painter.restore()

    def _icon(self, painter: QPainter, el: Icon) -> None:
        image = None
        if self.icon_provider is not None and el.icon:
            try:
                image = self.icon_provider(el.icon)
            except Exception:
                image = None
        r = QRectF(el.x, el.y, el.w, el.h)
        if image is not None and not image.isNull():
            painter.drawImage(r, image)
        else:
            painter.setPen(QPen(QColor("#9aa0aa"), 1, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(r, 6, 6)
        if el.text:
            self._text(painter, el, QRectF(el.x - 40, el.y + el.h + 2, el.w + 80, 22))

    def _path(self, painter: QPainter, el: Path) -> None:
        if len(el.points) < 2:
            return
        poly = QPolygonF([QPointF(el.x + px, el.y + py) for px, py in el.points])
        painter.setPen(self._pen(el, 1.0))
        if el.closed:
            fill = self._color(el.style.fill, "fill")
            painter.setBrush(QBrush(fill) if fill is not None else Qt.BrushStyle.NoBrush)
            painter.drawPolygon(poly)
        else:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolyline(poly)

    def _text(self, painter: QPainter, el: Element, rect: QRectF) -> None:
        color = self._color(el.style.text_color, "text")
        if color is None:
            return
        painter.setPen(color)
        painter.setFont(self._font(el))
        h = {"left": Qt.AlignmentFlag.AlignLeft, "right": Qt.AlignmentFlag.AlignRight}.get(
            el.style.text_align, Qt.AlignmentFlag.AlignHCenter)
        v = {"top": Qt.AlignmentFlag.AlignTop, "bottom": Qt.AlignmentFlag.AlignBottom}.get(
            el.style.vertical_align, Qt.AlignmentFlag.AlignVCenter)
        painter.drawText(rect, int(h | v | Qt.TextFlag.TextWordWrap), el.text[:10_000])

    def _frame(self, painter: QPainter, el: Frame, scale: float) -> None:
        """Body (just its top edge when collapsed) with the title on a tab above, like the shared painter."""
        stroke = self._color(el.style.stroke, "stroke") or QColor("#888888")
        painter.setPen(QPen(stroke, 1.5, Qt.PenStyle.SolidLine))
        fill = QColor(stroke)
        fill.setAlpha(14)
        painter.setBrush(fill)
        painter.drawRect(QRectF(el.x, el.y, el.w, 0 if el.collapsed else el.h))
        tab = frame_title_rect(el)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(stroke)
        painter.drawRoundedRect(QRectF(tab.x, tab.y, tab.w, tab.h), 5, 5)
        if scale * 13 >= 3:
            painter.setPen(QColor("#ffffff"))
            font = QFont(self._font(el))
            font.setPixelSize(13)
            font.setBold(True)
            painter.setFont(font)
            marker = "▸ " if el.collapsed else ""
            painter.drawText(QRectF(tab.x + 8, tab.y, max(tab.w - 16, 1), tab.h),
                             int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                             marker + (el.text or "Frame")[:500])

    def _connector(self, painter: QPainter, el: Connector, scale: float) -> None:
        pts = fallback_route(self.doc, el)
        if len(pts) < 2:
            return
        pen = self._pen(el, scale)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        path = QPainterPath(QPointF(*pts[0]))
        if el.routing == "curved" and len(pts) >= 2:
            for i in range(1, len(pts)):
                (x0, y0), (x1, y1) = pts[i - 1], pts[i]
                mx = (x1 - x0) / 2
                path.cubicTo(QPointF(x0 + mx, y0), QPointF(x1 - mx, y1), QPointF(x1, y1))
        else:
            for p in pts[1:]:
                path.lineTo(QPointF(*p))
        painter.drawPath(path)
        stroke = pen.color()
        if el.end_arrow != "none":
            self._arrow(painter, pts[-2], pts[-1], stroke, el.end_arrow, el.style.stroke_width)
        if el.start_arrow != "none":
            self._arrow(painter, pts[1], pts[0], stroke, el.start_arrow, el.style.stroke_width)
        for label in el.labels:
            if label.text and el.style.font_size * scale >= 3:
                x, y = point_along(pts, label.position)
                self._label(painter, el, label.text, x, y + label.offset)

    def _arrow(self, painter: QPainter, a: tuple[float, float], b: tuple[float, float], color: QColor,
               kind: str, width: float) -> None:
        angle = math.atan2(b[1] - a[1], b[0] - a[0])
        size = 8 + 2 * min(width, 8)
        left = QPointF(b[0] - size * math.cos(angle - 0.45), b[1] - size * math.sin(angle - 0.45))
        right = QPointF(b[0] - size * math.cos(angle + 0.45), b[1] - size * math.sin(angle + 0.45))
        tip = QPointF(*b)
        if kind.startswith("open") or kind in ("arrow", "half_arrow"):
            painter.drawPolyline(QPolygonF([left, tip, right]))
        else:
            painter.setBrush(color)
            painter.drawPolygon(QPolygonF([left, tip, right]))
            painter.setBrush(Qt.BrushStyle.NoBrush)

    def _label(self, painter: QPainter, el: Element, text: str, x: float, y: float) -> None:
        font = self._font(el)
        painter.setFont(font)
        rect = painter.fontMetrics().boundingRect(QRectF(0, 0, 400, 400).toRect(),
                                                  int(Qt.AlignmentFlag.AlignCenter), text[:1000])
        box = QRectF(x - rect.width() / 2 - 4, y - rect.height() / 2 - 2, rect.width() + 8, rect.height() + 4)
        bg = QColor("#ffffff" if self.theme == "light" else "#16161e")
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(bg)
        painter.drawRoundedRect(box, 4, 4)
        painter.setPen(self._color(el.style.text_color, "text") or QColor("#000000"))
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text[:1000])

    def _highlight(self, painter: QPainter, el: Element, scale: float) -> None:
        painter.save()
        painter.setPen(QPen(QColor(80, 140, 255, 120), 2 / max(scale, 1e-3)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        b = self.doc.bounds(el.id) or Rect(el.x, el.y, el.w, el.h)
        painter.drawRect(QRectF(b.x, b.y, b.w, b.h))
        painter.restore()


def point_along(points: list[tuple[float, float]], t: float) -> tuple[float, float]:
    """The point at fraction `t` of a polyline's length (labels sit there)."""
    t = min(max(t, 0.0), 1.0)
    lengths = [math.dist(points[i], points[i + 1]) for i in range(len(points) - 1)]
    total = sum(lengths)
    if total <= 0:
        return points[0]
    goal = total * t
    for i, seg in enumerate(lengths):
        if goal <= seg and seg > 0:
            f = goal / seg
            (x0, y0), (x1, y1) = points[i], points[i + 1]
            return (x0 + (x1 - x0) * f, y0 + (y1 - y0) * f)
        goal -= seg
    return points[-1]
