"""Draw the app icon for the installers: PNGs in the hicolor sizes, a Windows .ico and a macOS .icns.

The icon is the app's own window icon glyph (Phosphor `flow-arrow`, from the bundled icon fonts) in white
on a rounded square of the app's accent colour, drawn by the same icon renderer the app uses, so the
installers need no artwork files of their own. Run with the development environment:

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icons.py OUT_DIR
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath

from autograph_desktop.icons.render import render

#: The sizes desktop environments look for in the hicolor theme (and Windows/macOS take from).
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ACCENT = "#2563eb"
GLYPH = "ph.flow-arrow"


def draw_icon(size: int) -> QImage:
    """The app icon, `size` pixels square."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    inset = size * 0.04
    body = QRectF(inset, inset, size - 2 * inset, size - 2 * inset)
    path = QPainterPath()
    path.addRoundedRect(body, size * 0.2, size * 0.2)
    painter.fillPath(path, QColor(ACCENT))
    glyph_size = max(1, round(size * 0.66))
    glyph = render(GLYPH, glyph_size, "#ffffff")
    if glyph is None:
        raise SystemExit(f"the icon glyph {GLYPH} is missing: are the icon fonts installed?")
    offset = (size - glyph_size) / 2
    painter.drawImage(QRectF(offset, offset, glyph_size, glyph_size), glyph)
    painter.end()
    return image


def _pil(image: QImage) -> Image.Image:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(buffer.data().data()))).convert("RGBA")


def make_icons(out: Path) -> list[Path]:
    """Write `autograph-<size>.png` for every size, `autograph.ico` and `autograph.icns`; returns the files."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    largest: Image.Image | None = None
    for size in SIZES:
        image = _pil(draw_icon(size))
        path = out / f"autograph-{size}.png"
        image.save(path)
        written.append(path)
        largest = image
    assert largest is not None
    largest.save(out / "autograph.ico", sizes=[(s, s) for s in SIZES if s <= 256])
    largest.save(out / "autograph.icns")
    written += [out / "autograph.ico", out / "autograph.icns"]
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    for path in make_icons(args.out):
        print(path)
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
