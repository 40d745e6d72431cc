"""Vector PDF export through QPdfWriter: the painter's own drawing calls, with fonts embedded by Qt.

One page fitted to the diagram (scene pixels become points, so a 800 px wide diagram is an 800 pt page),
or the diagram tiled over standard pages for printing large diagrams.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

from autograph_desktop.model import Diagram, InvalidInput, Problem, Rect
from autograph_desktop.render.painter import DiagramPainter, Provider
from autograph_desktop.render.raster import background_color
from autograph_desktop.render.region import export_region

#: The largest page PDF viewers accept (Acrobat: 200 inches); bigger diagrams are scaled down to fit.
MAX_PAGE_POINTS = 14_400.0
PAGE_SIZES = {"a4": QPageSize.PageSizeId.A4, "a3": QPageSize.PageSizeId.A3, "letter": QPageSize.PageSizeId.Letter,
              "legal": QPageSize.PageSizeId.Legal, "tabloid": QPageSize.PageSizeId.Tabloid}
MAX_PAGES = 500


def to_pdf(doc: Diagram, *, theme: str = "light", background: str | None = "theme", padding: float = 20.0,
           ids: list[str] | set[str] | None = None, frame: str | None = None, tile: str | None = None,
           landscape: bool = True, icon_provider: Provider | None = None,
           image_provider: Provider | None = None) -> bytes:
    """PDF bytes: one fitted page, or with `tile` ("a4", "letter", ...) the diagram at 1 px = 1 pt over pages."""
    region = export_region(doc, ids=ids, frame=frame, padding=padding)
    rect = region.rect
    bg = background_color(doc, background, theme)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(72)
    writer.setCreator("AutoGraph Desktop")
    writer.setTitle(doc.meta.title)
    if tile is not None:
        page_id = PAGE_SIZES.get(tile.lower())
        if page_id is None:
            raise InvalidInput([Problem(f"unknown page size {tile!r} (known: {', '.join(PAGE_SIZES)})")])
        orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
        layout = QPageLayout(QPageSize(page_id), orientation, QMarginsF(0, 0, 0, 0))
        page = layout.fullRectPoints()
        page_w, page_h, scale = float(page.width()), float(page.height()), 1.0
        cols, rows = math.ceil(rect.w / page_w), math.ceil(rect.h / page_h)
        if cols * rows > MAX_PAGES:
            raise InvalidInput([Problem(f"the diagram needs {cols * rows} {tile} pages; the limit is {MAX_PAGES}")])
    else:
        scale = min(1.0, MAX_PAGE_POINTS / max(rect.w, rect.h))
        page_w, page_h = rect.w * scale, rect.h * scale
        layout = QPageLayout(QPageSize(QSizeF(page_w, page_h), QPageSize.Unit.Point, "diagram",
                                       QPageSize.SizeMatchPolicy.ExactMatch),
                             QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
        cols = rows = 1
    writer.setPageLayout(layout)
    dp = DiagramPainter(doc, theme=theme, icon_provider=icon_provider, image_provider=image_provider)
    skip = frozenset() if ids is None and frame is None else frozenset(doc.ids()) - region.ids
    qp = QPainter(writer)
    try:
        for row in range(rows):
            for col in range(cols):
                if row or col:
                    writer.newPage()
                tile_rect = Rect(rect.x + col * page_w / scale, rect.y + row * page_h / scale,
                                 page_w / scale, page_h / scale)
                qp.resetTransform()
                if bg.alpha():
                    qp.fillRect(0, 0, math.ceil(page_w), math.ceil(page_h), bg)
                qp.scale(scale, scale)
                qp.translate(-tile_rect.x, -tile_rect.y)
                qp.setClipRect(QRectF(tile_rect.x, tile_rect.y, tile_rect.w, tile_rect.h))
                dp.paint(qp, tile_rect, scale, skip=skip)
    finally:
        qp.end()
        dp.close()
    buffer.close()
    return bytes(data.data())
