"""Presentation mode: the canvas alone, full screen; arrow keys step through frames, Esc leaves.

An application-wide event filter catches the keys so that they work whatever has focus, and the window's
dock layout is saved on entry and restored on exit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from autograph_desktop.gui.main_window import MainWindow

NEXT_KEYS = (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_PageDown, Qt.Key.Key_Space)
PREVIOUS_KEYS = (Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_PageUp)


class Presenter(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.active = False
        self._state = QByteArray()
        self._was_full_screen = False
        self._frame_index = -1

    def toggle(self) -> None:
        self.stop() if self.active else self.start()

    def _canvas_extras(self, on: bool) -> None:
        """Grid, rulers and minimap help editing, not presenting: off while presenting, back after."""
        for tab in self.window.document_tabs():
            view = tab.view
            view.set_grid_visible(on and self.window.grid_visible)
            view.set_rulers_visible(on and self.window.rulers_visible)
            view.set_minimap_visible(on and self.window.minimap_visible)

    def _fit(self) -> None:
        if self.active:
            self.window.on_view(lambda view: view.zoom_to_rect(view.doc.bbox(), max_zoom=4.0))

    def _refit(self) -> None:
        """After a resize: the whole diagram again, or the frame being presented."""
        if self._frame_index < 0:
            self._fit()
        else:
            self.step(0)

    def start(self) -> None:
        w = self.window
        self.active = True
        self._state = w.saveState()
        self._was_full_screen = w.isFullScreen()
        for dock in w.docks.values():
            dock.hide()
        for widget in (w.menuBar(), w.toolbar, w.statusBar(), w.tabs.tabBar()):
            widget.hide()
        w.showFullScreen()
        self._canvas_extras(False)
        self._frame_index = -1
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._fit()
        w.refresh()

    def stop(self) -> None:
        if not self.active:
            return
        w = self.window
        self.active = False
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        for widget in (w.menuBar(), w.toolbar, w.statusBar(), w.tabs.tabBar()):
            widget.show()
        self._canvas_extras(True)
        if not self._was_full_screen:
            w.showNormal()
        if not self._state.isEmpty():
            w.restoreState(self._state)
        w.refresh()

    def step(self, delta: int) -> None:
        """Show the next/previous frame (frames ordered top-to-bottom, left-to-right)."""
        tab = self.window.current_tab()
        if tab is None:
            return
        frames = sorted((e for e in tab.doc if e.kind == "frame" and not e.hidden), key=lambda e: (e.y, e.x))
        if not frames:
            self._fit()
            return
        self._frame_index = max(0, min(len(frames) - 1, self._frame_index + delta))
        view = tab.view
        view.set_selection([frames[self._frame_index].id])
        view.zoom_to_selection()
        view.set_selection([])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.active and event.type() == QEvent.Type.Resize and watched is self.window.canvas():
            QTimer.singleShot(0, self._refit)  # the full-screen window settles after the switch
        if self.active and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in NEXT_KEYS:
                self.step(1)
                return True
            if key in PREVIOUS_KEYS:
                self.step(-1)
                return True
            if key == Qt.Key.Key_Escape:
                self.stop()
                return True
        return super().eventFilter(watched, event)
