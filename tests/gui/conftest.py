"""Shared Qt test setup: offscreen platform, Qt test paths, a private AUTOGRAPH_HOME per test, and Qt
warnings treated as failures (apart from a few the offscreen platform prints for every window)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QStandardPaths, QtMsgType  # noqa: E402

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
