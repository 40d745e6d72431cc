"""PNG export: the painter draws onto a QImage at any scale; `pngwrite` encodes it (faster than Qt or Pillow).

Exactly the canvas code path: the same `DiagramPainter.paint` call with a scale-and-translate transform,
so a PNG looks like the canvas at that zoom.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter

from autograph_desktop.model import Diagram, InvalidInput, Problem
from autograph_desktop.model.style import BACKGROUNDS
from autograph_desktop.render import pngwrite
from autograph_desktop.render.painter import DiagramPainter, Provider
from autograph_desktop.render.qtfree import is_hex
from autograph_desktop.render.region import Region, export_region

#: Refuse images above this many pixels (4 bytes each while drawing): 120 MP is about 480 MB.
MAX_PIXELS = 120_000_000
MAX_SIDE = 32_000


def background_color(doc: Diagram, background: str | None, theme: str) -> QColor:
    """"theme" (the diagram's canvas colour), "transparent"/None, "white", or #RRGGBB[AA]."""
    if background in (None, "", "transparent"):
        return QColor(0, 0, 0, 0)
    if background == "theme":
        value = doc.meta.background if is_hex(doc.meta.background) else BACKGROUNDS["dark" if theme == "dark" else "light"]
        return QColor(value)
    if background == "white":
        return QColor("#ffffff")
    if is_hex(background):
        if len(background) == 9:
            h = background[1:]
            return QColor(int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16), int(h[6:8], 16))
        return QColor(background)
    raise InvalidInput([Problem(f"background must be transparent, white, theme or #RRGGBB, not {background!r}")])


def image_size(region: Region, scale: float | None, width: int | None) -> tuple[int, int, float]:
    """Pixel size and scene-to-pixel scale for an export of `region` at a scale or a target width."""
    r = region.rect
    if width is not None:
        if width < 1:
            raise InvalidInput([Problem(f"width must be at least 1 pixel, not {width}")])
        scale = width / r.w
    scale = 1.0 if scale is None else scale
    if not 0 < scale <= 64:
        raise InvalidInput([Problem(f"scale must be above 0 and at most 64, not {scale}")])
    w, h = max(round(r.w * scale), 1), max(round(r.h * scale), 1)
    if w > MAX_SIDE or h > MAX_SIDE or w * h > MAX_PIXELS:
        raise InvalidInput([Problem(f"a {w}x{h} pixel image is too large (limit {MAX_PIXELS // 1_000_000} "
                                    f"megapixels, {MAX_SIDE} per side); use a smaller --scale or --width")])
    return w, h, scale


def render_image(doc: Diagram, *, scale: float | None = 1.0, width: int | None = None, theme: str = "light",
                 background: str | None = "theme", padding: float = 20.0, ids: list[str] | set[str] | None = None,
                 frame: str | None = None, icon_provider: Provider | None = None,
                 image_provider: Provider | None = None, painter: DiagramPainter | None = None) -> QImage:
    """The diagram (or a selection or frame) drawn into a new ARGB32 premultiplied QImage."""
    region = export_region(doc, ids=ids, frame=frame, padding=padding)
    w, h, s = image_size(region, scale, width)
    bg = background_color(doc, background, theme)
    image = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(bg if bg.alpha() else QColor(Qt.GlobalColor.transparent))
    dp = painter or DiagramPainter(doc, theme=theme, icon_provider=icon_provider, image_provider=image_provider)
    skip = frozenset() if ids is None and frame is None else frozenset(doc.ids()) - region.ids
    qp = QPainter(image)
    try:
        qp.scale(s, s)
        qp.translate(-region.rect.x, -region.rect.y)
        dp.paint(qp, region.rect, s, skip=skip)
    finally:
        qp.end()
    if painter is None:
        dp.close()
    # Record the scale as resolution (96 dpi at 1x) so a 2x PNG shows at its intended size in documents.
    dots_per_metre = round(96 * s / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    return image


def encode_png(image: QImage, compress_level: int = 1, text_chunks: dict[str, str] | None = None,
               dpi: float | None = None, opaque: bool = False) -> bytes:
    """PNG bytes; `opaque` images are written as RGB (a quarter smaller than RGBA)."""
    fmt = QImage.Format.Format_RGB888 if opaque else QImage.Format.Format_RGBA8888
    converted = image.convertToFormat(fmt)
    bits = converted.constBits()
    return pngwrite.encode(bits, converted.width(), converted.height(), converted.bytesPerLine(),  # type: ignore[arg-type]
                           3 if opaque else 4, compress_level, text_chunks, dpi)


def to_png(doc: Diagram, *, scale: float | None = 1.0, width: int | None = None, theme: str = "light",
           background: str | None = "theme", padding: float = 20.0, ids: list[str] | set[str] | None = None,
           frame: str | None = None, text_chunks: dict[str, str] | None = None,
           icon_provider: Provider | None = None, image_provider: Provider | None = None,
           compress_level: int = 1) -> bytes:
    """PNG bytes of the diagram; `text_chunks` are written as compressed iTXt chunks (the format registry
    puts the embedded diagram there, see `formats.embedded.png_text`)."""
    image = render_image(doc, scale=scale, width=width, theme=theme, background=background, padding=padding,
                         ids=ids, frame=frame, icon_provider=icon_provider, image_provider=image_provider)
    opaque = background_color(doc, background, theme).alpha() == 255
    return encode_png(image, compress_level, text_chunks, dpi=image.dotsPerMeterX() * 0.0254, opaque=opaque)
