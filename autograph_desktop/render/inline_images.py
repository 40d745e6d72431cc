"""Pictures carried inside an Image element's own data (`image.base64`, as draw.io files embed them).

An image read from a file keeps its bytes with it when they are small (formats.drawio_labels); the
painter draws those even where no image store is wired in (a headless export, a thumbnail), so an
imported diagram never shows placeholders for pictures it carries. SVG pictures are drawn with QtSvg.
"""

from __future__ import annotations

import base64
import binascii
from functools import lru_cache

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from autograph_desktop.model import Element

#: The longest side an SVG picture is drawn at (sharp enough for a canvas zoomed in, bounded in memory).
SVG_PIXELS = 512


def inline_image(el: Element) -> QImage | None:
    """The picture an Image element carries in its data, or None (no data, or data that does not decode)."""
    data = el.get("image.base64")
    if not data:
        return None
    return _decode(data, getattr(el, "mime", ""))


@lru_cache(maxsize=256)
def _decode(data: str, mime: str) -> QImage | None:
    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        return None
    if "svg" in mime or raw.lstrip()[:5] in (b"<svg ", b"<?xml"):
        return _svg(raw)
    image = QImage()
    if not image.loadFromData(raw) or image.isNull():
        return None
    return image


def _svg(raw: bytes) -> QImage | None:
    renderer = QSvgRenderer(QByteArray(raw))
    if not renderer.isValid():
        return None
    size = renderer.defaultSize()
    w, h = max(size.width(), 1), max(size.height(), 1)
    k = SVG_PIXELS / max(w, h)
    image = QImage(max(1, round(w * k)), max(1, round(h * k)), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, image.width(), image.height()))
    painter.end()
    return image
