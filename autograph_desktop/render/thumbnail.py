"""Library thumbnails: the whole diagram fitted into a small square PNG."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage, QPainter

from autograph_desktop.model import Diagram
from autograph_desktop.render.painter import DiagramPainter, Provider
from autograph_desktop.render.raster import background_color, encode_png
from autograph_desktop.render.region import export_region

SIZE = 256


def thumbnail_image(doc: Diagram, size: int = SIZE, theme: str = "light", icon_provider: Provider | None = None,
                    image_provider: Provider | None = None) -> QImage:
    """A `size` x `size` image with the diagram centred and scaled to fit (never enlarged beyond 1x)."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(background_color(doc, "theme", theme))
    if len(doc) == 0:
        return image
    region = export_region(doc, padding=8.0)
    r = region.rect
    scale = min(size / r.w, size / r.h, 1.0)
    dx = (size - r.w * scale) / 2
    dy = (size - r.h * scale) / 2
    dp = DiagramPainter(doc, theme=theme, icon_provider=icon_provider, image_provider=image_provider)
    qp = QPainter(image)
    try:
        qp.translate(dx, dy)
        qp.scale(scale, scale)
        qp.translate(-r.x, -r.y)
        dp.paint(qp, r, scale)
    finally:
        qp.end()
        dp.close()
    return image


def thumbnail_png(doc: Diagram, size: int = SIZE, theme: str = "light", icon_provider: Provider | None = None,
                  image_provider: Provider | None = None) -> bytes:
    """PNG bytes of `thumbnail_image` (opaque: the library shows it on its own tile)."""
    image = thumbnail_image(doc, size, theme, icon_provider, image_provider)
    return encode_png(image, compress_level=6, opaque=QColor(image.pixel(0, 0)).alpha() == 255)
