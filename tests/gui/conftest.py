"""Shared Qt test setup: offscreen platform, Qt test paths, a private AUTOGRAPH_HOME per test, and Qt
warnings treated as failures (apart from a few the offscreen platform prints for every window)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QStandardPaths, QtMsgType

QStandardPaths.setTestModeEnabled(True)

#: Messages that say nothing about our code: the offscreen platform's limits and font-cache chatter.
BENIGN_QT_MESSAGES = (
    re.compile(r"This plugin does not support"),
    re.compile(r"propagateSizeHints"),
    re.compile(r"QFont::setPointSize: Point size <= 0"),
    re.compile(r"Populating font family aliases"),
    re.compile(r"OpenType support missing"),
)


@pytest.fixture(autouse=True)
def autograph_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own AutoGraph data/config folder: no test sees another's files or the user's."""
    home = tmp_path / "autograph-home"
    home.mkdir()
    monkeypatch.setenv("AUTOGRAPH_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def fail_on_qt_warnings(request: pytest.FixtureRequest, qtlog: object) -> Iterator[None]:
    """Qt warnings and criticals fail the test unless benign or ignored with `@pytest.mark.qt_log_ignore`."""
    yield
    ignore = list(BENIGN_QT_MESSAGES)
    for marker in request.node.iter_markers("qt_log_ignore"):
        ignore.extend(re.compile(str(pattern)) for pattern in marker.args)
    bad = []
    for record in getattr(qtlog, "records", []):
        if record.type not in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            continue
        if any(p.search(record.message) for p in ignore):
            continue
        bad.append(record.message)
    if bad:
        pytest.fail("Qt warnings during the test:\n" + "\n".join(bad[:20]), pytrace=False)


class DialogRecorder:
    """Stands in for QMessageBox's static functions: records each call and answers as told."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, str]] = []
        self.answer: object = None
        #: What `dialogs.ask_choice` answers (an index into its choices, or None for Cancel).
        self.choice: int | None = 0

    def make(self, kind: str, default: object) -> object:
        def fake(_parent: object, title: str, text: str, *args: object, **kwargs: object) -> object:
            self.calls.append((kind, title, text))
            return self.answer if (kind == "question" and self.answer is not None) else default

        return fake


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> DialogRecorder:
    """No modal message box can block a test: questions answer Discard unless `dialogs.answer` says else."""
    from PySide6.QtWidgets import QMessageBox

    recorder = DialogRecorder()
    buttons = QMessageBox.StandardButton
    monkeypatch.setattr(QMessageBox, "question", staticmethod(recorder.make("question", buttons.Discard)))
    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(recorder.make(kind, buttons.Ok)))
    monkeypatch.setattr(QMessageBox, "about", staticmethod(recorder.make("about", None)))

    def choose(_parent: object, title: str, text: str, _detail: str, _choices: list[str]) -> int | None:
        recorder.calls.append(("choice", title, text))
        return recorder.choice

    monkeypatch.setattr("autograph_desktop.gui.dialogs.ask_choice", choose)
    return recorder


@pytest.fixture
def main_window(qtbot: object, dialogs: DialogRecorder) -> Iterator[object]:
    """A shown MainWindow (no library) whose unsaved-changes prompts answer Discard at teardown."""
    from autograph_desktop.gui.main_window import MainWindow

    window = MainWindow(library=None)
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)  # type: ignore[attr-defined]
    yield window
    dialogs.answer = None
    window.close()


@pytest.fixture(scope="session", autouse=True)
def clean_qt_exit(qapp: object) -> Iterator[None]:
    """Empty the clipboard before the interpreter exits: with the offscreen platform, clipboard data that
    outlives the test session crashes Python's final clean-up (exit code 139 after every test passed)."""
    yield
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().clear()
    QGuiApplication.processEvents()
