"""Draws catalogue icons into QImages (QtGui only, so the canvas, exports and widgets share it).

Font sets are drawn from qtawesome's bundled font files directly with QPainter rather than through
qtawesome's API, because that imports QtWidgets and needs a QApplication; a QGuiApplication is enough here.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from autograph_desktop.icons.catalogue import diagrams_resources_dir, font_set_files, icon_fonts_dir
from autograph_desktop.icons.drawio_stencils import drawio_icon

#: Which face of a multi-style family each set uses (Font Awesome ships Solid and Regular as one family).
_STYLE_NAMES = {"fa6s": "Solid", "fa6": "Regular"}
DEFAULT_COLOR = "#3b3f4a"


class _FontSet:
    def __init__(self, key: str, charmap: dict[str, str], ttf: Path) -> None:
        self.key = key
        self.charmap = charmap
        self.ttf = ttf
        self._font: QFont | None = None
        self._failed = False

    def font(self) -> QFont | None:
        if self._font is None and not self._failed:
            font_id = QFontDatabase.addApplicationFont(str(self.ttf))
            families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            if not families:
                self._failed = True
                return None
            font = QFont(families[0])
            style = _STYLE_NAMES.get(self.key)
            if style:
                font.setStyleName(style)
            font.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)
            self._font = font
        return self._font


@lru_cache(maxsize=1)
def _font_sets() -> dict[str, _FontSet]:
    fonts = icon_fonts_dir()
    out: dict[str, _FontSet] = {}
    if fonts is None:
        return out
    for key, (charmap, ttf) in font_set_files(fonts).items():
        with open(charmap, encoding="utf-8") as handle:
            out[key] = _FontSet(key, json.load(handle), ttf)
    return out


def _blank(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    return image


def _render_glyph(key: str, name: str, size: int, color: str) -> QImage | None:
    font_set = _font_sets().get(key)
    if font_set is None or name not in font_set.charmap:
        return None
    font = font_set.font()
    if font is None:
        return None
    font = QFont(font)
    font.setPixelSize(max(1, int(size * 0.9)))
    image = _blank(size)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.setFont(font)
    painter.setPen(QColor(color))
    painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, chr(int(font_set.charmap[name], 16)))
    painter.end()
    return image


def _render_simple_icon(slug: str, size: int, color: str | None) -> QImage | None:
    try:
        import simple_icons_pack
    except ImportError:
        return None
    icon = simple_icons_pack.get_icon(slug)
    if icon is None:
        return None
    fill = color or f"#{icon.hex}"
    svg = icon.svg.replace("<svg ", f'<svg fill="{fill}" ', 1)
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    if not renderer.isValid():
        return None
    image = _blank(size)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
    inset = size * 0.06
    renderer.render(painter, QRectF(inset, inset, size - 2 * inset, size - 2 * inset))
    painter.end()
    return image


def _render_png(rel: str, size: int) -> QImage | None:
    resources = diagrams_resources_dir()
    if resources is None or ".." in rel.split("/"):
        return None
    path = resources / f"{rel}.png"
    source = QImage(str(path))
    if source.isNull():
        return None
    scaled = source.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
    image = _blank(size)
    painter = QPainter(image)
    painter.drawImage((size - scaled.width()) // 2, (size - scaled.height()) // 2, scaled)
    painter.end()
    return image


@lru_cache(maxsize=2048)
def _render_cached(icon_id: str, size: int, color: str | None) -> QImage | None:
    if icon_id.startswith("drawio:"):  # a draw.io cloud stencil read before the cloud pack was installed
        found = drawio_icon(icon_id[len("drawio:"):])
        return _render_cached(found, size, color) if found else None
    key, _, name = icon_id.partition(".")
    if not name:
        return None
    if key == "si":
        return _render_simple_icon(name, size, color)
    if key == "diagrams":
        return _render_png(name, size)
    return _render_glyph(key, name, size, color or DEFAULT_COLOR)


@lru_cache(maxsize=4096)
def known_icon(icon_id: str) -> bool:
    """Whether `render` can draw this id (cheap: no drawing; an icon font's charmap is read once)."""
    if icon_id.startswith("drawio:"):
        return _render_cached(icon_id, 16, None) is not None
    key, _, name = icon_id.partition(".")
    if not name:
        return False
    if key == "si" or key == "diagrams":
        return _render_cached(icon_id, 16, None) is not None  # brand and pack icons are files: try one
    font_set = _font_sets().get(key)
    return font_set is not None and name in font_set.charmap


def render(icon_id: str, size: int = 64, color: str | None = None, device_pixel_ratio: float = 1.0) -> QImage | None:
    """The icon as a square image `size` logical pixels wide (None for an unknown id).

    `color` tints monochrome sets; brand icons keep their brand colour unless one is given. The image has
    `size * device_pixel_ratio` real pixels so that icons stay crisp on high-DPI screens.
    """
    if QGuiApplication.instance() is None:
        raise RuntimeError("icons.render needs a QGuiApplication")
    size = max(1, min(int(size), 1024))
    pixels = max(1, round(size * max(device_pixel_ratio, 1.0)))
    image = _render_cached(icon_id, pixels, color)
    if image is None:
        return None
    copy = QImage(image)
    copy.setDevicePixelRatio(pixels / size)
    return copy
