"""Inside the self-contained bundle there is no Python to relaunch and no pip: what the app does instead."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QPushButton

from autograph_desktop.frozen import declare_bundle, is_bundle, self_command
from autograph_desktop.gui.preferences import BUNDLE_NOTE, IconPacksPage


@pytest.fixture
def as_bundle() -> Iterator[None]:
    declare_bundle()
    yield
    declare_bundle(False)


def test_a_python_install_relaunches_itself_with_dash_m() -> None:
    assert not is_bundle()
    assert self_command("--svg-sandbox", "4", "4") == [sys.executable, "-m", "autograph_desktop",
                                                        "--svg-sandbox", "4", "4"]


def test_the_bundle_relaunches_its_own_binary(as_bundle: None) -> None:
    assert self_command("--svg-sandbox") == [sys.executable, "--svg-sandbox"]


def test_icon_packs_cannot_be_installed_from_the_bundle_and_it_says_why(as_bundle: None, qtbot: Any) -> None:
    page = IconPacksPage()
    qtbot.addWidget(page)
    page.show()
    buttons = [b for b in page.findChildren(QPushButton) if b.accessibleName().startswith("Install icon pack")]
    assert buttons and all(not b.isEnabled() for b in buttons)
    shown = " ".join(label.text() for label in page.findChildren(QLabel) if label.isVisible())
    assert "self-contained install" in shown and "pip install" in shown
    assert "only when you ask" not in shown  # no promise the bundle cannot keep
    page.install("diagrams")  # a caller that ignores the disabled button still starts nothing
    assert page.process is None
    assert "self-contained" in page.log.toPlainText()


def test_icon_packs_install_normally_outside_the_bundle(qtbot: Any) -> None:
    page = IconPacksPage()
    qtbot.addWidget(page)
    buttons = [b for b in page.findChildren(QPushButton) if b.accessibleName().startswith("Install icon pack")]
    assert buttons and all(b.isEnabled() for b in buttons)
    assert not any(BUNDLE_NOTE in label.text() for label in page.findChildren(QLabel))
