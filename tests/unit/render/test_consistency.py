"""The canvas, the PNG export and the SVG export of one diagram must look the same.

Thresholds: painter-vs-PNG runs identical code on identical transforms, so the images must match to
within rounding of the background fill (< 0.1% mean difference). SVG-vs-PNG goes through a different
rasteriser (cairo vs Qt) with different antialiasing and glyph rendering, so we only ask for a small mean
difference (< 2%) plus the same shapes in the same places (a coarse 8x8-block comparison).
"""

from __future__ import annotations

import io

import cairosvg
import pytest
from PIL import Image as PILImage
from PIL import ImageChops, ImageStat
from PySide6.QtGui import QColor, QImage, QPainter

from autograph_desktop.render import raster
from autograph_desktop.render.painter import DiagramPainter
from autograph_desktop.render.region import export_region
from autograph_desktop.render.svg import to_svg

from .samples import showcase

pytestmark = pytest.mark.usefixtures("qapp")


def _pil(image: QImage) -> PILImage.Image:
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    return PILImage.frombuffer("RGB", (rgb.width(), rgb.height()), bytes(rgb.constBits()),  # type: ignore[call-overload]
                               "raw", "RGB", rgb.bytesPerLine(), 1)


def _mean_difference(a: PILImage.Image, b: PILImage.Image) -> float:
    diff = ImageChops.difference(a.convert("RGB"), b.convert("RGB"))
    return sum(ImageStat.Stat(diff).mean) / 3 / 255


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_canvas_drawing_and_png_export_match(theme: str, scale: float) -> None:
    doc = showcase(theme)
    region = export_region(doc, padding=20)
    r = region.rect
    canvas = QImage(round(r.w * scale), round(r.h * scale), QImage.Format.Format_ARGB32_Premultiplied)
    canvas.fill(DiagramPainter(doc, theme).background)
    qp = QPainter(canvas)
    qp.scale(scale, scale)
    qp.translate(-r.x, -r.y)
    DiagramPainter(doc, theme).paint(qp, r, scale)
    qp.end()
    png = PILImage.open(io.BytesIO(raster.to_png(doc, scale=scale, theme=theme)))
    assert png.size == (canvas.width(), canvas.height())
    assert _mean_difference(_pil(canvas), png) < 0.001


def test_svg_export_renders_like_the_png_export() -> None:
    doc = showcase()
    png = PILImage.open(io.BytesIO(raster.to_png(doc))).convert("RGB")
    svg_png = PILImage.open(io.BytesIO(cairosvg.svg2png(bytestring=to_svg(doc).encode()))).convert("RGB")
    assert svg_png.size == png.size
    assert _mean_difference(png, svg_png) < 0.02
    # Same shapes in the same places: compare 8x8-pixel block averages of "ink" (non-background).
    small = (png.size[0] // 8, png.size[1] // 8)
    a = png.convert("L").resize(small, PILImage.Resampling.BOX)
    b = svg_png.convert("L").resize(small, PILImage.Resampling.BOX)
    inked = [(pa < 250, pb < 250) for pa, pb in zip(a.tobytes(), b.tobytes(), strict=True)]
    agree = sum(1 for x, y in inked if x == y) / len(inked)
    assert agree > 0.95


def test_canvas_background_colour_is_the_theme_colour() -> None:
    assert DiagramPainter(showcase("dark"), "dark").background == QColor("#16161e")
