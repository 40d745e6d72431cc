"""Application bootstrap: the QApplication, bundled fonts, the theme, the library, and the first window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from autograph_desktop.datafiles import fonts_dir
from autograph_desktop.gui.gcguard import ensure_main_thread_gc
from autograph_desktop.gui.theme import apply_theme, themed_icon

log = logging.getLogger(__name__)
FONTS_DIR = fonts_dir()


def register_fonts(folder: Path = FONTS_DIR) -> list[str]:
    """Add the bundled fonts so that text measures the same on every machine; returns the families."""
    families: list[str] = []
    for path in sorted(folder.glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("could not load bundled font %s", path.name)
            continue
        families.extend(f for f in QFontDatabase.applicationFontFamilies(font_id) if f not in families)
    return families


def ensure_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("AutoGraph")
    app.setOrganizationName("AutoGraph")
    app.setApplicationDisplayName("AutoGraph")
    return app


def theme_setting() -> str:
    """The user's app theme: the View > Appearance choice, else settings.json's `theme`, else the OS."""
    from autograph_desktop.gui.preferences import ui_settings

    chosen = str(ui_settings().value("view/appearance", "") or "")
    if chosen in ("system", "light", "dark"):
        return chosen
    try:
        from autograph_desktop.config import load_settings

        return str(load_settings().settings.theme)
    except Exception:  # unreadable settings: the config module reports; the app still starts
        return "system"


def open_library() -> tuple[Any, str | None]:
    """The library source for the sidebar, or None plus a reason (the window then works with files only)."""
    try:
        from autograph_desktop.gui.library_sidebar import StoreLibrarySource
        from autograph_desktop.store import Library

        library = Library.open()
    except Exception as exc:
        return None, str(exc)
    note = None
    if getattr(library, "recovered", None) is not None:
        note = f"The library file was damaged and has been set aside: {library.recovered}"
    return StoreLibrarySource(library), note


def follow_system_theme(app: QApplication, windows: list[Any]) -> None:
    """Re-apply the theme when the OS switches between light and dark (only when the user chose 'system')."""

    def changed(_scheme: object) -> None:
        if theme_setting() != "system":
            return
        apply_theme(app, "system")
        for window in windows:
            window.registry.retheme()

    QGuiApplication.styleHints().colorSchemeChanged.connect(changed)


def start(paths: list[str], library: Any = "default") -> Any:
    """Create the application (if needed) and the first window with these files open; returns the window.

    `run` calls this and then enters the event loop; tests call it directly.
    """
    app = ensure_application()
    ensure_main_thread_gc()  # before any background thread starts (icon index, Mermaid builds)
    register_fonts()
    apply_theme(app, theme_setting())  # type: ignore[arg-type]
    app.setWindowIcon(themed_icon("ph.flow-arrow"))
    from autograph_desktop.gui.main_window import MainWindow
    from autograph_desktop.icons.catalogue import warm_up_in_background

    warm_up_in_background()
    note = None
    if library == "default":
        library, note = open_library()
    window = MainWindow(library=library)
    follow_system_theme(app, [window])
    window.show()
    if note:
        QMessageBox.information(window, "Library", note)
    if paths:
        window.open_paths(list(paths))
    if not window.document_tabs():
        window.new_document()
    return window


def run(paths: list[str]) -> int:
    """Start the GUI with these files open; returns the exit code."""
    window = start(paths)
    app = QApplication.instance()
    assert app is not None and window is not None
    return int(app.exec())
