"""Rich text on a QPainter: each piece of a line in its own font and colour, underlines and strike-outs."""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QStaticText

from autograph_desktop.render import qtstyle
from autograph_desktop.render.fonts import make_font
from autograph_desktop.render.textlayout import TextLayout

#: Per piece: static text, where it goes, its font, its pen, and the decoration lines under or through it.
RichItem = tuple[QStaticText, QPointF, QFont, QPen, list[QLineF]]


def rich_items(layout: TextLayout, color: QColor, theme: str, dpi: float) -> list[RichItem]:
    """The drawing calls of a rich layout, made once per device resolution (the painter caches them)."""
    out: list[RichItem] = []
    for line in layout.lines:
        for piece in line.pieces:
            if not piece.text.strip():
                continue
            font = make_font(piece.size, piece.bold, piece.italic, piece.face, dpi)
            asc = qtstyle.ascent_of(piece.size, piece.bold, piece.italic, piece.face, dpi)
            own = qtstyle.color(piece.color, theme, "text") if piece.color else None
            pen = qtstyle.text_pen(own or color)
            x = line.x + piece.dx
            static = QStaticText(piece.text)
            static.setTextFormat(Qt.TextFormat.PlainText)
            decorations: list[QLineF] = []
            if piece.underline:
                y = line.baseline + piece.size * 0.12
                decorations.append(QLineF(x, y, x + piece.width, y))
            if piece.strike:
                y = line.baseline - piece.size * 0.3
                decorations.append(QLineF(x, y, x + piece.width, y))
            out.append((static, QPointF(x, line.baseline - asc), font, pen, decorations))
    return out


def draw_rich(painter: QPainter, items: list[RichItem]) -> None:
    """Draw prepared pieces (the caller forgets its remembered pen and font afterwards)."""
    for static, pos, font, pen, decorations in items:
        painter.setFont(font)
        painter.setPen(pen)
        painter.drawStaticText(pos, static)
        if decorations:
            line_pen = QPen(pen.color(), max(static.size().height() / 16.0, 0.8))
            painter.setPen(line_pen)
            for deco in decorations:
                painter.drawLine(deco)
