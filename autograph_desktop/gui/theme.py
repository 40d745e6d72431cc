"""The application theme: light or dark (following the OS unless the user chose), QSS, palette and icons.

The QSS files in `ui/` hold the look; this module picks one, sets a matching QPalette on
the Fusion style (so that native parts agree with the stylesheet) and tints monochrome icons to match.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QStyleOption

from autograph_desktop.datafiles import resources_dir, ui_dir

Mode = Literal["light", "dark"]
UI_DIR = ui_dir()
UI_ICONS_DIR = resources_dir() / "icons" / "ui"

#: Colours shared by the QSS, the palette and code that paints (thumbnails, swatches, status dots).
COLORS: dict[str, dict[str, str]] = {
    "light": {
        "window": "#f4f5f8", "panel": "#ffffff", "border": "#e2e4ea", "text": "#1f2329", "muted": "#6b7280",
        "accent": "#4f6bed", "accent_soft": "#e8ecfd", "icon": "#3b3f4a", "danger": "#d9363e",
        "ok": "#2f9e44", "canvas": "#ffffff",
    },
    "dark": {
        "window": "#1a1b21", "panel": "#22232a", "border": "#33353f", "text": "#e6e7eb", "muted": "#9aa0ab",
        "accent": "#7c93ff", "accent_soft": "#2c3350", "icon": "#cfd3dc", "danger": "#ff6b70",
        "ok": "#63d47a", "canvas": "#16161e",
    },
}

_current: Mode = "light"


def system_mode() -> Mode:
    """The OS preference (Qt 6.5+ reports it through QStyleHints); light when unknown."""
    app = QGuiApplication.instance()
    if app is None:
        return "light"
    scheme = QGuiApplication.styleHints().colorScheme()
    return "dark" if scheme == Qt.ColorScheme.Dark else "light"


def current_mode() -> Mode:
    return _current


def color(name: str, mode: Mode | None = None) -> str:
    return COLORS[mode or _current][name]


def stylesheet(mode: Mode) -> str:
    path = UI_DIR / f"{mode}.qss"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return ""
    return text.replace("@ICONS@", UI_ICONS_DIR.as_posix())


def palette(mode: Mode) -> QPalette:
    c = COLORS[mode]
    pal = QPalette()
    role = QPalette.ColorRole
    pal.setColor(role.Window, QColor(c["window"]))
    pal.setColor(role.WindowText, QColor(c["text"]))
    pal.setColor(role.Base, QColor(c["panel"]))
    pal.setColor(role.AlternateBase, QColor(c["window"]))
    pal.setColor(role.Text, QColor(c["text"]))
    pal.setColor(role.Button, QColor(c["panel"]))
    pal.setColor(role.ButtonText, QColor(c["text"]))
    pal.setColor(role.Highlight, QColor(c["accent"]))
    pal.setColor(role.HighlightedText, QColor("#ffffff"))
    pal.setColor(role.ToolTipBase, QColor(c["panel"]))
    pal.setColor(role.ToolTipText, QColor(c["text"]))
    pal.setColor(role.PlaceholderText, QColor(c["muted"]))
    pal.setColor(role.Mid, QColor(c["border"]))
    pal.setColor(role.Link, QColor(c["accent"]))
    for group in (QPalette.ColorGroup.Disabled,):
        pal.setColor(group, role.Text, QColor(c["muted"]))
        pal.setColor(group, role.WindowText, QColor(c["muted"]))
        pal.setColor(group, role.ButtonText, QColor(c["muted"]))
    return pal


def apply_theme(app: QApplication, mode: Mode | Literal["system"] = "system") -> Mode:
    """Apply a theme to the whole application and return the concrete mode used."""
    global _current
    concrete: Mode = system_mode() if mode == "system" else mode
    _current = concrete
    app.setStyle("Fusion")
    app.setPalette(palette(concrete))
    app.setStyleSheet(stylesheet(concrete))
    return concrete


class _GlyphEngine(QIconEngine):
    """Draws a catalogue icon only when a size of it is first shown (most of the window's ~120 command icons
    sit in closed menus: rendering them all up front cost a tenth of the start-up)."""

    def __init__(self, name: str, tint: str) -> None:
        super().__init__()
        self.name = name
        self.tint = tint
        self._pixmaps: dict[tuple[int, int], QPixmap] = {}

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        from autograph_desktop.icons.render import render

        side = max(1, min(size.width(), size.height()))
        key = (side, int(mode.value))
        found = self._pixmaps.get(key)
        if found is None:
            image = render(self.name, side, color=self.tint, device_pixel_ratio=2.0)
            found = QPixmap.fromImage(image) if image is not None else QPixmap()
            if mode == QIcon.Mode.Disabled and not found.isNull():
                option = QStyleOption()
                option.palette = QApplication.palette()
                found = QApplication.style().generatedIconPixmap(mode, found, option)
            self._pixmaps[key] = found
        return found

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        painter.drawPixmap(rect, self.pixmap(rect.size(), mode, state))

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:
        side = min(size.width(), size.height())
        return QSize(side, side)

    def clone(self) -> QIconEngine:
        return _GlyphEngine(self.name, self.tint)


@lru_cache(maxsize=1024)
def _icon(name: str, tint: str) -> QIcon:
    from autograph_desktop.icons.render import known_icon

    if not known_icon(name):
        return QIcon()
    return QIcon(_GlyphEngine(name, tint))


def themed_icon(name: str, tint: str | None = None) -> QIcon:
    """A catalogue icon (e.g. `ph.cursor`) tinted for the current theme, with 2x pixmaps for high DPI."""
    if QGuiApplication.instance() is None:
        return QIcon()
    return _icon(name, tint or color("icon"))


def icon_pixmap(name: str, size: int, tint: str | None = None) -> QPixmap:
    icon = themed_icon(name, tint)
    return icon.pixmap(QSize(size, size)) if not icon.isNull() else QPixmap()
