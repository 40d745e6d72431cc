"""Unexpected errors: logged in full, the user's work written to disk, and a dialog that says where the log is.

An exception that escapes a slot or an event handler reaches `sys.excepthook` (PySide6 hands it over and
carries on); one that ends a worker thread reaches `threading.excepthook` and is passed to the GUI thread.
Either way the traceback goes to the log file, every open tab's unsaved work is flushed (the hot-exit
journal for files and new diagrams, the library session for library diagrams), and a dialog names the log
folder. The app keeps running: the error is reported, not fatal. While the dialog is open, further errors
are logged and counted, not stacked into more dialogs.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from autograph_desktop.apppaths import app_paths

if TYPE_CHECKING:
    from autograph_desktop.gui.main_window import MainWindow

log = logging.getLogger(__name__)
ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def save_all_work(window: MainWindow) -> list[str]:
    """Write every tab's unsaved work now; returns what could not be written (a message per failure)."""
    from autograph_desktop.gui.homes import LibraryHome

    problems: list[str] = []
    try:
        window.hot_exit.flush()
    except Exception as exc:  # the handler of one error must not die of the next
        problems.append(f"recovery journal: {exc}")
    for tab in window.document_tabs():
        if isinstance(tab.home, LibraryHome):
            try:
                tab.home.session.save()
            except Exception as exc:
                problems.append(f"{tab.title}: {exc}")
    return problems


class CrashReporter(QObject):
    """Installs the hooks; `report` is the one path every unexpected error takes."""

    _from_thread = Signal(object)
    shown = Signal(QMessageBox)

    def __init__(self, window_of: Callable[[], MainWindow | None], log_dir: Path | None = None) -> None:
        super().__init__()
        self.window_of = window_of
        self.log_dir = log_dir or app_paths().log_dir
        self.dialog: QMessageBox | None = None
        self.errors = 0
        self._previous: tuple[object, object] | None = None
        self._from_thread.connect(self._report_info, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self._excepthook
        threading.excepthook = self._threading_excepthook

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous  # type: ignore[assignment]
            self._previous = None

    def _excepthook(self, kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        self.report((kind, value, tb))

    def _threading_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        thread = args.thread.name if args.thread is not None else "?"
        log.error("unexpected error in thread %s", thread, exc_info=(args.exc_type, args.exc_value, args.exc_traceback))
        self._from_thread.emit((args.exc_type, args.exc_value, args.exc_traceback))  # shown on the GUI thread

    def _report_info(self, info: ExcInfo) -> None:
        self._show(info)

    def report(self, info: ExcInfo) -> None:
        """Log the error, save the work, show the dialog (on the GUI thread)."""
        log.error("unexpected error", exc_info=info)
        self._show(info)

    def _show(self, info: ExcInfo) -> None:
        self.errors += 1
        window = self.window_of()
        problems = save_all_work(window) if window is not None else []
        for problem in problems:
            log.error("could not save after an unexpected error: %s", problem)
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.setInformativeText(self._details(problems) + f"\n\n({self.errors} errors so far.)")
            return
        self.dialog = self._make_dialog(window, info, problems)
        self.dialog.open()  # window-modal, not a nested event loop: the app keeps handling events
        self.shown.emit(self.dialog)

    def _details(self, problems: list[str]) -> str:
        saved = ("Your diagrams were saved: nothing is lost." if not problems else
                 "Some work could not be saved: " + "; ".join(problems))
        return f"{saved}\n\nThe details are in the log file in:\n{self.log_dir}"

    def _make_dialog(self, parent: QWidget | None, info: ExcInfo, problems: list[str]) -> QMessageBox:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("AutoGraph: unexpected error")
        box.setText(f"Something went wrong: {info[0].__name__}: {info[1]}"[:500])
        box.setInformativeText(self._details(problems))
        box.setDetailedText("".join(traceback.format_exception(*info))[-20000:])
        box.setAccessibleName("Unexpected error")
        open_logs = box.addButton("Open Log Folder", QMessageBox.ButtonRole.ActionRole)
        open_logs.clicked.connect(self.open_log_folder)
        box.addButton(QMessageBox.StandardButton.Close)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._closed)
        return box

    def _closed(self, _result: int) -> None:
        self.dialog = None

    def open_log_folder(self) -> None:
        with contextlib.suppress(OSError):
            self.log_dir.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.log_dir)))
