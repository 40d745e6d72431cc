"""Application bootstrap: the QApplication, bundled fonts, the theme, the first window, then the library.

Start-up is ordered so that the window is on screen first: the library (SQLAlchemy and Alembic are the
biggest imports of the app) is loaded on a background thread while the window shows, then opened on the
GUI thread, and only then are the last session's tabs and the files from the command line opened.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFileOpenEvent, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from autograph_desktop.apppaths import app_paths
from autograph_desktop.datafiles import fonts_dir
from autograph_desktop.gui.gcguard import ensure_main_thread_gc
from autograph_desktop.gui.theme import apply_theme, themed_icon

if TYPE_CHECKING:
    from autograph_desktop.gui.main_window import MainWindow

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
    """The user's app theme: the View > Appearance choice, else settings.json's `theme`, else the OS.

    Read without the settings machinery (pydantic): this runs before the first window shows. A bad value
    falls back to following the OS; Preferences reports it in full.
    """
    from autograph_desktop.gui.ui_settings import ui_settings

    chosen = str(ui_settings().value("view/appearance", "") or "")
    if chosen in ("system", "light", "dark"):
        return chosen
    try:
        data = orjson.loads(app_paths().settings_path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return "system"
    theme = data.get("theme") if isinstance(data, dict) else None
    return theme if theme in ("system", "light", "dark") else "system"


def open_library() -> tuple[Any, str | None]:
    """The library source for the sidebar, or None plus a reason (the window then works with files only)."""
    try:
        from autograph_desktop.gui.library_sidebar import StoreLibrarySource
        from autograph_desktop.store import Library

        library = Library.open()
    except Exception as exc:  # the library file is the user's: any failure leaves a working window
        return None, f"The library could not be opened ({exc}). New diagrams are kept safe until you save them."
    note = library.recovered.message if library.recovered is not None else None
    return StoreLibrarySource(library), note


def _import_library_modules() -> None:
    """The imports `open_library` needs, done off the GUI thread (they are most of the start-up cost)."""
    from autograph_desktop.gui import library_sidebar, sync_ui  # noqa: F401  (sync_ui brings keyring: slow)
    from autograph_desktop.store import Library  # noqa: F401
    from autograph_desktop.store.migrate import migrate  # noqa: F401


class LibraryOpener(QObject):
    """Loads the library's modules on a thread, then opens the library on the GUI thread and calls back.

    `finish_now()` completes it synchronously, for a command that needs the library before it is ready.
    """

    _imported = Signal()

    def __init__(self, window: MainWindow, then: Callable[[], None]) -> None:
        super().__init__(window)
        self.window = window
        self.then = then
        self.done = False
        self._imported.connect(self.finish_now, Qt.ConnectionType.QueuedConnection)
        self._thread = threading.Thread(target=self._load, name="library-imports", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _load(self) -> None:
        try:
            _import_library_modules()
        finally:
            self._imported.emit()

    def finish_now(self) -> None:
        if self.done:
            return
        self.done = True
        if self._thread.is_alive():
            self._thread.join()
        library, note = open_library()
        self.window.attach_library(library, note)
        self.then()


class AfterFirstPaint(QObject):
    """Runs a callback once the window has painted for the first time, so that the work it starts (the
    library's imports on a thread, which compete for the interpreter) never delays what the user sees."""

    def __init__(self, window: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(window)
        self.callback = callback
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.callback)
        return False


def follow_system_theme(app: QApplication, windows: list[Any]) -> None:
    """Re-apply the theme when the OS switches between light and dark (only when the user chose 'system')."""

    def changed(_scheme: object) -> None:
        if theme_setting() != "system":
            return
        apply_theme(app, "system")
        for window in windows:
            window.registry.retheme()

    QGuiApplication.styleHints().colorSchemeChanged.connect(changed)


def _open_content(window: MainWindow, paths: list[str]) -> None:
    """After the library: the last session's tabs, the files asked for on the command line, and then the
    idle work (the icon index) that would only have slowed the start down."""
    window.hot_exit.restore()
    if paths:
        window.open_paths(list(paths))
    from autograph_desktop.icons.catalogue import warm_up_in_background

    warm_up_in_background()


def start(paths: list[str], library: Any = "default") -> MainWindow:
    """Create the application (if needed) and the first window; returns the window at once.

    With the default library the window shows before the library is open (see the module docstring);
    passing a library (or None for none) opens everything before returning, as tests expect.
    """
    app = ensure_application()
    ensure_main_thread_gc()  # before any background thread starts (library imports, icon index, builds)
    register_fonts()
    apply_theme(app, theme_setting())  # type: ignore[arg-type]
    app.setWindowIcon(themed_icon("ph.flow-arrow"))
    from autograph_desktop.gui.main_window import MainWindow

    window = MainWindow(library=None)
    follow_system_theme(app, [window])
    window.show()
    AfterFirstPaint(window, lambda: log.info("main window shown"))  # start-up time, read by bench_package
    if library == "default":
        window.library_opener = LibraryOpener(window, lambda: _open_content(window, paths))
        AfterFirstPaint(window, window.library_opener.start)
    else:
        window.attach_library(library)
        _open_content(window, paths)
    return window


def bring_forward(window: MainWindow, paths: list[str]) -> None:
    """What a second launch asked for: its files opened here, and this window in front."""
    if paths:
        window.open_paths(paths)
    if window.isMinimized():
        window.showNormal()
    window.raise_()
    window.activateWindow()


class FileOpenRequests(QObject):
    """macOS hands files opened from Finder (and dropped on the Dock icon) to the app as FileOpen events,
    not as arguments: they go the same way as a second launch's files."""

    def __init__(self, app: QApplication, window: MainWindow) -> None:
        super().__init__(app)
        self.window = window
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent) and event.file():
            bring_forward(self.window, [event.file()])
            return True
        return False


def run(paths: list[str]) -> int:
    """Start the GUI with these files open, or hand them to the app already running; returns the exit code.

    Unexpected errors get the crash dialog (gui/crash.py), and a termination signal closes the window as
    hot exit expects (gui/lifecycle.py).
    """
    from autograph_desktop.gui.crash import CrashReporter
    from autograph_desktop.gui.lifecycle import TerminationWatcher
    from autograph_desktop.gui.single_instance import InstanceServer, hand_over, server_name

    app = ensure_application()
    name = server_name(app_paths().data_dir)
    if hand_over(paths, name):
        log.info("handed %d file(s) to the running app", len(paths))
        return 0
    instance = InstanceServer(name, app)
    instance.listen()
    window = start(paths)
    instance.files_requested.connect(lambda files: bring_forward(window, files))
    FileOpenRequests(app, window)
    crashes = CrashReporter(lambda: window)
    crashes.install()
    watcher = TerminationWatcher(window.close_keeping_work, app)
    try:
        return int(app.exec())
    finally:
        crashes.uninstall()
        watcher.restore()
        instance.close()
