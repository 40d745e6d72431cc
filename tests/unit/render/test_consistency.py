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


@pytest.mark.parametrize(("theme", "expected"), [("light", (0x1e, 0x1e, 0x2e)), ("dark", (0xe6, 0xe6, 0xef))])
def test_svg_tints_monochrome_icons_like_the_painter(theme: str, expected: tuple[int, int, int]) -> None:
    from autograph_desktop.model import Diagram, Icon

    doc = Diagram(elements=(Icon(id="1-glyph", x=0, y=0, w=40, h=40, z="a", icon="mdi6.database"),
                            Icon(id="brand", x=60, y=0, w=40, h=40, z="b", icon="si.python")))
    def images(kind: str, ref: str, tint: str | None) -> tuple[str, bytes]:
        picture = PILImage.new("RGBA", (8, 8), (255, 0, 0, 255) if tint is None else tint)
        picture.save(out := io.BytesIO(), "PNG")
        return ("image/png", out.getvalue())

    svg = to_svg(doc, theme=theme, padding=0, images=images)
    picture = PILImage.open(io.BytesIO(cairosvg.svg2png(bytestring=svg.encode()))).convert("RGB")
    glyph, brand = picture.getpixel((20, 20)), picture.getpixel((80, 20))
    assert all(abs(a - b) <= 2 for a, b in zip(glyph, expected, strict=True)), glyph
    assert brand == (255, 0, 0)
