"""SVG, PNG and PDF writers: `render` draws, `formats.embedded` supplies the diagram to carry inside.

Qt is started only for PNG and PDF (and for SVG icons), on the offscreen platform when there is no display,
so headless exports run on servers and in CI; inside the GUI the running application is used.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from autograph_desktop.io.options import ExportOptions
from autograph_desktop.model.document import Diagram

if TYPE_CHECKING:
    from PySide6.QtGui import QGuiApplication, QImage

#: Icons are drawn from the catalogue at this size for every export (CLI and GUI alike).
ICON_PIXELS = 256


def ensure_gui_app() -> QGuiApplication:
    """The running Qt application, or a new QGuiApplication (offscreen when there is no display)."""
    if "QT_QPA_PLATFORM" not in os.environ and sys.platform.startswith("linux") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        app = QGuiApplication(["autograph"])
    assert isinstance(app, QGuiApplication)
    return app


def icon_provider(diagram: Diagram) -> Callable[[str], QImage | None] | None:
    """Icons from the bundled catalogue for the painter (None when the diagram has no icon)."""
    if not any(e.kind == "icon" for e in diagram):
        return None
    from autograph_desktop.icons.render import render as render_icon

    def provide(icon_id: str) -> QImage | None:
        return render_icon(icon_id, ICON_PIXELS)

    return provide


def svg_images(diagram: Diagram) -> Callable[[str, str, str | None], tuple[str, bytes] | None] | None:
    """Icons as embedded PNG data for SVG output; starts Qt only when the diagram has icons."""
    provider = icon_provider(diagram)
    if provider is None:
        return None
    ensure_gui_app()
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    from autograph_desktop.render.qtstyle import tinted

    def images(kind: str, ref: str, tint: str | None) -> tuple[str, bytes] | None:
        image = provider(ref) if kind == "icon" else None
        if image is None or image.isNull():
            return None
        if tint is not None:
            image = tinted(image, tint)
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs want bytes; PySide6 takes str
        buffer.close()
        return ("image/png", bytes(data.data()))

    return images


def write_svg(diagrams: Sequence[Diagram], options: ExportOptions) -> bytes:
    """SVG with the diagram embedded unless `embed_diagram` is False."""
    from autograph_desktop.render.svg import to_svg

    diagram = diagrams[0]
    metadata = None
    if options.embed_diagram is not False:
        from autograph_desktop.formats.embedded import svg_metadata

        metadata = svg_metadata(diagram)
    return to_svg(diagram, theme=options.theme_for(diagram), background=options.background,
                  padding=options.padding, frame=options.frame, images=svg_images(diagram),
                  metadata=metadata).encode("utf-8")


def write_png(diagrams: Sequence[Diagram], options: ExportOptions) -> bytes:
    """PNG at `scale` (1 by default) or `width`; the diagram is embedded only when `embed_diagram` is True."""
    ensure_gui_app()
    from autograph_desktop.render.raster import to_png

    diagram = diagrams[0]
    chunks = None
    if options.embed_diagram:
        from autograph_desktop.formats.embedded import png_text

        chunks = png_text(diagram)
    scale = options.scale if options.scale is not None else (None if options.width else 1.0)
    return to_png(diagram, scale=scale, width=options.width, theme=options.theme_for(diagram),
                  background=options.background, padding=options.padding, frame=options.frame,
                  text_chunks=chunks, icon_provider=icon_provider(diagram))


def write_pdf(diagrams: Sequence[Diagram], options: ExportOptions) -> bytes:
    ensure_gui_app()
    from autograph_desktop.render.pdf import to_pdf

    diagram = diagrams[0]
    return to_pdf(diagram, theme=options.theme_for(diagram), background=options.background,
                  padding=options.padding, frame=options.frame, tile=options.pdf_tile,
                  icon_provider=icon_provider(diagram))


__all__ = ["ICON_PIXELS", "ensure_gui_app", "icon_provider", "svg_images", "write_pdf", "write_png", "write_svg"]
