"""Shared Qt drawing objects (colours, pens, brushes, static text lines), created once and reused.

Creating a QPen or QColor per element per frame is a measurable share of a frame's time in Python, so
every distinct one is made once here and handed out again.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QImage, QPainter, QPen, QPixmap, QStaticText

from autograph_desktop.model.style import resolve_color
from autograph_desktop.render.fonts import make_font
from autograph_desktop.render.qtfree import DASHES
from autograph_desktop.render.textlayout import TextLayout

NO_BRUSH = QBrush(Qt.BrushStyle.NoBrush)


@lru_cache(maxsize=4096)
def _parse(value: str) -> QColor | None:
    c = QColor(value)
    if not c.isValid():
        return None
    if len(value) == 9 and value.startswith("#"):  # our #rrggbbaa; Qt reads #aarrggbb
        c = QColor(int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16), int(value[7:9], 16))
    return c


def color(value: str, theme: str = "light", role: str = "stroke") -> QColor | None:
    """A palette name or hex colour as a QColor for a theme and role; None for "none" or nonsense."""
    resolved = resolve_color(value, "dark" if theme == "dark" else "light", role)  # type: ignore[arg-type]
    if resolved is None:
        return None
    return _parse(resolved)


_pens: dict[tuple[int, float, str, str], QPen] = {}


def pen(c: QColor | None, width: float, dash: str = "solid", role: str = "shape") -> QPen | Qt.PenStyle:
    """A pen for shapes (mitred corners) or lines (round joins and caps); NoPen for no colour or width."""
    if c is None or width <= 0:
        return Qt.PenStyle.NoPen
    key = (c.rgba(), width, dash, role)
    found = _pens.get(key)
    if found is not None:
        return found
    p = QPen(c, width)
    if role == "line":
        p.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        p.setCapStyle(Qt.PenCapStyle.RoundCap)
    else:
        p.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        p.setMiterLimit(4.0)
    if dash in DASHES:
        p.setCapStyle(Qt.PenCapStyle.FlatCap)
        p.setDashPattern(DASHES[dash])
    if len(_pens) > 10_000:
        _pens.clear()
    _pens[key] = p
    return p


@lru_cache(maxsize=1024)
def _cosmetic(rgba: int, width: float) -> QPen:
    p = QPen(QColor.fromRgba(rgba), width)
    p.setCosmetic(True)
    return p


def cosmetic(c: QColor, width: float) -> QPen:
    """A hairline pen `width` device pixels wide, whatever the painter's scale."""
    return _cosmetic(c.rgba(), round(width, 1))


_text_pens: dict[int, QPen] = {}


def text_pen(c: QColor) -> QPen:
    """A shared pen for drawing text in a colour (setPen(QColor) would build a new QPen each time)."""
    key = c.rgba()
    found = _text_pens.get(key)
    if found is None:
        if len(_text_pens) > 10_000:
            _text_pens.clear()
        found = _text_pens[key] = QPen(c)
    return found


_brushes: dict[int, QBrush] = {}


def brush(c: QColor | None) -> QBrush:
    """A shared solid brush (shared, so runs of equal brushes can be recognised by identity)."""
    if c is None:
        return NO_BRUSH
    key = c.rgba()
    found = _brushes.get(key)
    if found is None:
        if len(_brushes) > 10_000:
            _brushes.clear()
        found = _brushes[key] = QBrush(c)
    return found


@lru_cache(maxsize=256)
def _ascent(size: float, bold: bool, italic: bool, mono: bool, dpi: float) -> float:
    return QFontMetricsF(make_font(size, bold, italic, mono, dpi)).ascent()


def static_lines(layout: TextLayout, dpi: float) -> list[tuple[QStaticText, QPointF]]:
    """One QStaticText per laid-out line, positioned so its baseline is where textmetrics put it."""
    asc = _ascent(layout.font_size, layout.bold, layout.italic, layout.mono, dpi)
    out = []
    for line in layout.lines:
        if not line.text.strip():
            continue
        st = QStaticText(line.text)
        st.setTextFormat(Qt.TextFormat.PlainText)
        st.setPerformanceHint(QStaticText.PerformanceHint.AggressiveCaching)
        out.append((st, QPointF(line.x, line.baseline - asc)))
    return out


def draw_placeholder(painter: QPainter, rect: QRectF, kind: str, theme: str) -> None:
    """A neutral box for an icon or image we cannot show (missing, still loading, or refused)."""
    grey = QColor("#5c6370" if theme == "light" else "#a8afbd")
    fill = QColor("#eef0f3" if theme == "light" else "#2f333b")
    painter.setBrush(fill)
    p = QPen(grey, 1.5)
    p.setDashPattern([3.0, 2.0])
    painter.setPen(p)
    painter.drawRoundedRect(rect, 4, 4)
    painter.setPen(QPen(grey, 1.2))
    painter.setBrush(NO_BRUSH)
    m = min(rect.width(), rect.height())
    if kind == "image":
        inner = rect.adjusted(m * 0.2, m * 0.2, -m * 0.2, -m * 0.2)
        painter.drawLine(inner.bottomLeft(), QPointF(inner.center().x() - m * 0.05, inner.center().y()))
        painter.drawLine(QPointF(inner.center().x() - m * 0.05, inner.center().y()), inner.bottomRight())
        painter.drawEllipse(QPointF(inner.right() - m * 0.12, inner.top() + m * 0.12), m * 0.06, m * 0.06)
    else:
        painter.drawEllipse(rect.center(), m * 0.22, m * 0.22)


def tinted(picture: QImage | QPixmap, hex_color: str) -> QImage:
    """The picture's shape (its alpha) filled with one colour: how monochrome icons follow style and theme."""
    image = picture.toImage() if isinstance(picture, QPixmap) else picture
    out = image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(out)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
    painter.fillRect(out.rect(), QColor(hex_color))
    painter.end()
    return out
