"""The bundled fonts for Qt: registered once, and QFonts that draw exactly what textmetrics measures."""

from __future__ import annotations

import os
from functools import lru_cache

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

from autograph_desktop import textmetrics as tm
from autograph_desktop.model import Style

SANS = "DejaVu Sans"
MONO = "DejaVu Sans Mono"
_registered = False


def register_fonts() -> bool:
    """Add the bundled fonts to Qt's database (needs a QGuiApplication; safe to call often)."""
    global _registered
    if _registered:
        return True
    if QGuiApplication.instance() is None:
        return False
    for name in tm.FONT_FILES.values():
        QFontDatabase.addApplicationFont(os.path.join(tm.FONT_DIR, name))
    _registered = True
    return True


@lru_cache(maxsize=512)
def make_font(size: float, bold: bool, italic: bool, mono: str | bool, dpi: float = 72.0) -> QFont:
    """A QFont of `size` pixels on a device of `dpi` logical dots per inch, in a textmetrics face (`mono`:
    a face name, or the booleans older callers pass for the code face and the default sans).

    Hinting and kerning are off because textmetrics measures plain advances: with them off, Qt's glyph
    positions match our line widths, so centred text is centred the same in every renderer.
    """
    register_fonts()
    face = tm.face_of(mono)
    font = QFont(tm.FACE_FAMILIES[face])
    font.setPointSizeF(max(size * 72.0 / (dpi or 72.0), 0.01))
    font.setBold(bold)
    font.setItalic(italic)
    font.setKerning(False)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    font.setStyleHint(QFont.StyleHint.Monospace if face == tm.MONO else QFont.StyleHint.SansSerif)
    return font


def font_for_style(style: Style, dpi: float = 72.0, size: float | None = None) -> QFont:
    bold, italic, mono = tm.face_for(style.font_family, style.font_weight, style.font_italic)
    return make_font(style.font_size if size is None else size, bold, italic, mono, dpi)
