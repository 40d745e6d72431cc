"""A termination signal (logout, `kill`) closes the app without questions, keeping unsaved work for next time."""

from __future__ import annotations

import os
import signal
import sys
from typing import Any

import pytest

from autograph_desktop.apppaths import app_paths
from autograph_desktop.gui.lifecycle import TerminationWatcher
from autograph_desktop.gui.main_window import MainWindow
from autograph_desktop.journal import read_session, recover, recovery_dir
from autograph_desktop.model import Shape, edits

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def test_sigterm_reaches_the_gui_thread(qtbot: Any) -> None:
    calls: list[int] = []
    watcher = TerminationWatcher(lambda: calls.append(1))
    try:
        os.kill(os.getpid(), signal.SIGTERM)
        qtbot.waitUntil(lambda: calls == [1], timeout=5000)
        os.kill(os.getpid(), signal.SIGHUP)
        qtbot.waitUntil(lambda: calls == [1, 1], timeout=5000)
    finally:
        watcher.restore()
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL


def test_closing_for_the_system_asks_nothing_and_keeps_unsaved_work(
        main_window: MainWindow, dialogs: Any, qtbot: Any) -> None:
    tab = main_window.new_document()
    tab.history.execute(edits.add_elements(tab.doc, [Shape(id="s", x=0, y=0, w=80, h=40, text="Not saved yet")]))
    main_window.close_keeping_work()
    assert not main_window.isVisible()
    assert dialogs.calls == []  # no "save changes?" question
    root = recovery_dir(app_paths().data_dir)
    session = read_session(root)
    assert session is not None and session.clean
    found = [recover(root, t.journal) for t in session.tabs if t.journal]
    assert any(r is not None and r.document is not None and [e.text for e in r.document] == ["Not saved yet"]
               for r in found)
