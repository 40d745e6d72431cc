"""The painter's part of the looks other tools draw: per-part opacity, exact dash patterns, drop shadows,
glass highlights, and label backgrounds and turned labels (Style fields read from draw.io styles).

Kept apart from the painter's hot path: elements without these looks never reach this module.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QLinearGradient, QPainter, QPainterPath, QPen

from autograph_desktop.model import Element, Style
from autograph_desktop.render import qtstyle
from autograph_desktop.render.labels import SHADOW_OFFSET, label_box, pivot, turned
from autograph_desktop.render.textlayout import TextLayout

#: How dark a drop shadow is (draw.io's default).
SHADOW_COLOR = QColor(0, 0, 0, 64)


def faded(color: QColor | None, opacity: float) -> QColor | None:
    """A copy of `color` with its alpha scaled (the shared colours of qtstyle are never changed)."""
    if color is None or opacity >= 1.0:
        return color
    out = QColor(color)
    out.setAlphaF(max(0.0, min(1.0, color.alphaF() * opacity)))
    return out


def dashed_pen(pen: Any, style: Style) -> Any:
    """`pen` with the style's exact dash pattern (lengths in stroke widths), or `pen` as it is."""
    if not style.dash_pattern or not isinstance(pen, QPen):
        return pen
    try:
        lengths = [max(float(v), 0.01) for v in style.dash_pattern.split()][:8]
    except ValueError:
        return pen
    if len(lengths) < 2:
        return pen
    out = QPen(pen)
    out.setCapStyle(Qt.PenCapStyle.FlatCap)
    out.setDashPattern(lengths[: len(lengths) // 2 * 2])
    return out


def has_label_box(style: Style) -> bool:
    return style.label_background != "none" or style.label_border != "none"


def draw_shadow(painter: QPainter, prim: tuple[Callable[..., None], tuple[Any, ...]]) -> None:
    """The element's outline again, offset and translucent black, under where the element is drawn."""
    painter.save()
    painter.translate(SHADOW_OFFSET, SHADOW_OFFSET)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(SHADOW_COLOR)
    prim[0](painter, *prim[1])
    painter.restore()


def draw_glass(painter: QPainter, el: Element, body: QPainterPath) -> None:
    """A white sheen over the top of the body, fading downwards (draw.io's `glass=1`)."""
    top = QRectF(el.x, el.y, el.w, el.h * 0.45)
    clip = QPainterPath()
    clip.addRect(top)
    gradient = QLinearGradient(QPointF(el.x, el.y), QPointF(el.x, el.y + el.h * 0.45))
    gradient.setColorAt(0.0, QColor(255, 255, 255, 150))
    gradient.setColorAt(1.0, QColor(255, 255, 255, 20))
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(gradient)
    painter.drawPath(body.intersected(clip))
    painter.restore()


def draw_label(painter: QPainter, el: Element, layout: TextLayout, theme: str, draw_text: Callable[[], None]) -> None:
    """A placed label: its background box, then its text (turned upright for `text_vertical`)."""
    style = el.style
    painter.save()
    if turned(el):
        cx, cy = pivot(el)
        painter.translate(cx, cy)
        painter.rotate(-90)
        painter.translate(-cx, -cy)
    if has_label_box(style):
        fill = qtstyle.color(style.label_background, theme, "fill")
        border = qtstyle.color(style.label_border, theme, "stroke")
        painter.setBrush(fill if fill is not None else qtstyle.NO_BRUSH)
        painter.setPen(qtstyle.pen(border, 1.0) if border is not None else Qt.PenStyle.NoPen)
        painter.drawRect(QRectF(*label_box(layout)))
    draw_text()
    painter.restore()


def needs_label_drawing(el: Element) -> bool:
    """Whether a label is drawn through `draw_label` rather than straight by the painter."""
    return has_label_box(el.style) or turned(el)
