"""An unexpected error in a slot or a thread: logged in full, the work on disk at once, a dialog with the log
folder, and the app still running."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from autograph_desktop import logs
from autograph_desktop.apppaths import app_paths
from autograph_desktop.gui.crash import CrashReporter
from autograph_desktop.gui.main_window import MainWindow
from autograph_desktop.journal import read_session, recover, recovery_dir
from autograph_desktop.model import Shape, edits

pytestmark = pytest.mark.qt_no_exception_capture  # the app's own hook must see the errors, not pytest-qt's


@pytest.fixture
def reporter(main_window: MainWindow) -> Iterator[CrashReporter]:
    logs.setup_logging(app_paths().log_dir)
    crashes = CrashReporter(lambda: main_window)
    crashes.install()
    yield crashes
    crashes.uninstall()
    if crashes.dialog is not None:
        crashes.dialog.close()


def _log_entries() -> list[dict[str, Any]]:
    text = (app_paths().log_dir / logs.LOG_FILE).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _failing_button(main_window: MainWindow, message: str) -> QPushButton:
    button = QPushButton("Break", main_window)

    def broken() -> None:
        raise ValueError(message)

    button.clicked.connect(broken)
    button.show()
    return button


def test_an_error_in_a_slot_shows_the_dialog_logs_it_and_saves_the_work(
        main_window: MainWindow, reporter: CrashReporter, qtbot: Any) -> None:
    tab = main_window.new_document()
    tab.history.execute(edits.add_elements(tab.doc, [Shape(id="keep", x=0, y=0, w=80, h=40, text="Unsaved work")]))
    button = _failing_button(main_window, "the canvas fell over")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # no wait: the journal timer has not fired yet
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible(), timeout=5000)
    dialog = reporter.dialog
    assert dialog is not None
    assert "ValueError: the canvas fell over" in dialog.text()
    assert str(app_paths().log_dir) in dialog.informativeText()
    assert "nothing is lost" in dialog.informativeText()
    assert "Open Log Folder" in [b.text() for b in dialog.buttons()]
    assert "raise ValueError(message)" in dialog.detailedText()
    errors = [e for e in _log_entries() if e["level"] == "ERROR"]
    assert errors and "the canvas fell over" in errors[-1]["exception"] and "Traceback" in errors[-1]["exception"]
    session = read_session(recovery_dir(app_paths().data_dir))
    assert session is not None
    journals = [t.journal for t in session.tabs if t.journal]
    recovered = [recover(recovery_dir(app_paths().data_dir), j) for j in journals]
    texts = [e.text for r in recovered if r is not None and r.document is not None for e in r.document]
    assert "Unsaved work" in texts
    assert main_window.isVisible()  # the app carries on


def test_further_errors_while_the_dialog_is_open_are_counted_not_stacked(
        main_window: MainWindow, reporter: CrashReporter, qtbot: Any) -> None:
    button = _failing_button(main_window, "again")
    for _ in range(3):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: reporter.errors == 3, timeout=5000)
    boxes = [w for w in main_window.findChildren(QMessageBox) if w.isVisible()]
    assert len(boxes) == 1 and "3 errors so far" in boxes[0].informativeText()
    assert sum(1 for e in _log_entries() if e["level"] == "ERROR") == 3


def test_an_error_in_a_worker_thread_reaches_the_dialog_on_the_gui_thread(
        main_window: MainWindow, reporter: CrashReporter, qtbot: Any) -> None:
    def work() -> None:
        raise RuntimeError("the export thread died")

    worker = threading.Thread(target=work, name="export-worker")
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible(), timeout=5000)
    assert reporter.dialog is not None and "the export thread died" in reporter.dialog.text()
    entries = [e for e in _log_entries() if e["level"] == "ERROR"]
    assert any("export-worker" in e["message"] for e in entries)


def test_closing_the_dialog_lets_the_next_error_show_a_new_one(
        main_window: MainWindow, reporter: CrashReporter, qtbot: Any) -> None:
    button = _failing_button(main_window, "first")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: reporter.dialog is not None, timeout=5000)
    assert reporter.dialog is not None
    reporter.dialog.button(QMessageBox.StandardButton.Close).click()
    qtbot.waitUntil(lambda: reporter.dialog is None, timeout=5000)
    button.clicked.disconnect()
    button.clicked.connect(lambda: (_ for _ in ()).throw(KeyError("second")))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible(), timeout=5000)
    assert "KeyError" in reporter.dialog.text()


def test_uninstall_puts_the_previous_hooks_back(main_window: MainWindow) -> None:
    import sys

    before = (sys.excepthook, threading.excepthook)
    crashes = CrashReporter(lambda: main_window, Path("/nonexistent"))
    crashes.install()
    assert sys.excepthook != before[0]
    crashes.uninstall()
    assert (sys.excepthook, threading.excepthook) == before
