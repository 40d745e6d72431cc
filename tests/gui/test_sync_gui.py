"""Sign in from the dialog, edit in one window, watch the edit arrive in a second window (another
AUTOGRAPH_HOME) without a restart; the status-bar indicator follows the server going away and back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog

from autograph_desktop.gui.library_sidebar import ROLE_ID
from autograph_desktop.gui.library_source import StoreLibrarySource
from autograph_desktop.gui.main_window import MainWindow
from autograph_desktop.model import edits
from autograph_desktop.store import Library
from autograph_desktop.sync.account import Account
from autograph_desktop.sync.folders import SyncFolders
from autograph_desktop.sync.tokens import FileTokens
from autograph_desktop.sync.worker import Timing
from tests.support.server_support import FAST_HASHING, ServerProcess
from tests.support.sync_clients import PASSWORD, new_email, sample

QUICK = Timing(interval=0.5, debounce=0.05, backoff_base=0.1, backoff_max=0.5)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    process = ServerProcess(dict(FAST_HASHING), tmp_path, data_dir=tmp_path / "server-data", name="gui-sync")
    process.start()
    yield process
    process.stop()


def open_window(qtbot: Any, home: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[MainWindow, Library]:
    monkeypatch.setenv("AUTOGRAPH_HOME", str(home))
    library = Library.open(home / "data" / "library.sqlite3")
    window = MainWindow(library=StoreLibrarySource(library), sync_timing=QUICK)
    qtbot.addWidget(window)
    window.resize(1100, 720)
    window.show()
    qtbot.waitExposed(window)
    return window, library


def sign_in(qtbot: Any, window: MainWindow, url: str, email: str, create: bool) -> None:
    assert window.sync is not None
    menu = window.account_menu
    [action] = [a for a in menu.actions() if a.text().startswith("Sign In")]
    action.trigger()
    dialog = window.sync.sign_in_dialog
    assert dialog.isVisible() and dialog.password.echoMode() == dialog.password.EchoMode.Password
    dialog.server.clear()
    qtbot.keyClicks(dialog.server, url)
    qtbot.keyClicks(dialog.email, email)
    qtbot.keyClicks(dialog.password, PASSWORD)
    if create:
        box = dialog.create_account
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(10, box.height() // 2))  # on the tick box
        assert dialog.submit.text() == "Create Account"
    qtbot.mouseClick(dialog.submit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)


def sidebar_tooltip(window: MainWindow, diagram_id: str) -> str:
    items = window.library_panel.list
    window.library_panel.reload_list()
    for row in range(items.count()):
        if items.item(row).data(ROLE_ID) == diagram_id:
            return str(items.item(row).toolTip())
    return ""


def indicator(window: MainWindow) -> str:
    assert window.sync is not None
    label = window.sync.indicator
    assert label.isVisible() and label.width() > 20
    return label.text()


def test_sign_in_edit_here_see_it_there_and_the_indicator_follows_the_server(
        qtbot: Any, tmp_path: Path, server: ServerProcess, monkeypatch: pytest.MonkeyPatch) -> None:
    email = new_email()
    window_a, library_a = open_window(qtbot, tmp_path / "home-a", monkeypatch)
    window_b, library_b = open_window(qtbot, tmp_path / "home-b", monkeypatch)
    try:
        assert "Not signed in" in indicator(window_a)
        # A wrong password shows an error in the dialog and keeps it open.
        assert window_a.sync is not None
        window_a.sync.show_sign_in()
        bad = window_a.sync.sign_in_dialog
        bad.server.setText(server.url)
        bad.email.setText(email)
        bad.password.setText("short")
        qtbot.mouseClick(bad.submit, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bad.error.isVisible(), timeout=10_000)
        assert "8 characters" in bad.error.text() and bad.isVisible()
        bad.reject()

        sign_in(qtbot, window_a, server.url, email, create=True)
        qtbot.waitUntil(lambda: "Synced" in indicator(window_a), timeout=20_000)
        sign_in(qtbot, window_b, server.url, email, create=False)
        qtbot.waitUntil(lambda: "Synced" in indicator(window_b), timeout=20_000)

        did = library_a.diagrams.create(sample("Across windows"))
        window_a.open_library_diagram(did)
        qtbot.waitUntil(lambda: library_b.diagrams.exists(did) and len(library_b.diagrams.load(did)) == 3,
                        timeout=20_000)
        window_b.open_library_diagram(did)
        tab_a, tab_b = window_a.current_tab(), window_b.current_tab()
        assert tab_a is not None and tab_b is not None and tab_b.library_id == did
        target = sorted(tab_a.doc, key=lambda e: e.id)[0].id
        tab_a.history.execute(edits.set_fields(tab_a.doc, [target], text="typed in window A"))
        # B's open tab changes live (no reopen, no restart), and B's undo history did not take it.
        qtbot.waitUntil(lambda: tab_b.doc[target].text == "typed in window A", timeout=20_000)
        assert not tab_b.history.can_undo
        # The library sidebar says when each diagram last synced (in its tooltip).
        qtbot.waitUntil(lambda: "Last synced" in sidebar_tooltip(window_b, did), timeout=20_000)

        server.stop()
        tab_a.history.execute(edits.set_fields(tab_a.doc, [target], text="typed in A while offline"))
        tab_b.history.execute(edits.set_fields(tab_b.doc, [target], text="typed in B while offline"))
        qtbot.waitUntil(lambda: "Offline" in indicator(window_a), timeout=20_000)
        assert "could not be reached" in window_a.sync.indicator.toolTip()
        server.start()
        qtbot.waitUntil(lambda: "Synced" in indicator(window_a) and "Synced" in indicator(window_b), timeout=20_000)
        qtbot.waitUntil(lambda: tab_a.doc[target].text == tab_b.doc[target].text, timeout=20_000)
        # Whoever pushed first lost the field to the other: that window says so, with a way to its versions.
        qtbot.waitUntil(lambda: any(w.info_bar.isVisible() for w in (window_a, window_b)), timeout=20_000)
        [loser] = [w for w in (window_a, window_b) if w.info_bar.title.text() == "Changed elsewhere"]
        lost = "typed in A while offline" if loser is window_a else "typed in B while offline"
        assert loser.info_bar.action_button.isVisible()
        qtbot.mouseClick(loser.info_bar.action_button, Qt.MouseButton.LeftButton)
        assert "versions" in loser.docks and loser.docks["versions"].isVisible()
        loser_library = library_a if loser is window_a else library_b
        kept = [loser_library.versions.load(did, v.number)[target].text for v in loser_library.versions.all(did)]
        assert lost in kept

        # Folders to sync: untick "Sync every diagram" and the top level; the choice is kept in the library.
        [folders] = [a for a in window_a.account_menu.actions() if a.text().startswith("Folders")]
        folders.trigger()
        dialog = next(w for w in window_a.findChildren(QDialog) if w.objectName() == "SyncFoldersDialog")
        assert dialog.isVisible() and not dialog.list.isEnabled()
        qtbot.mouseClick(dialog.everything, Qt.MouseButton.LeftButton, pos=QPoint(10, dialog.everything.height() // 2))
        assert dialog.list.isEnabled() and dialog.list.count() == 1  # "Diagrams in no folder" (no folders yet)
        top = dialog.list.item(0)
        rect = dialog.list.visualItemRect(top)
        qtbot.mouseClick(dialog.list.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.left() + 10, rect.center().y()))
        assert top.checkState() == Qt.CheckState.Unchecked
        dialog.accept_button().click()
        assert SyncFolders(library_a).chosen() == set()

        # Signed out everywhere from another computer: B says so, keeps its diagrams, and offers to sign in.
        elsewhere = Account(tmp_path / "elsewhere", FileTokens(tmp_path / "elsewhere" / "token"))
        elsewhere.sign_in(server.url, email, PASSWORD)
        elsewhere.sign_out(everywhere=True)
        elsewhere.close()
        assert window_b.sync is not None
        window_b.sync.worker.sync_now()
        qtbot.waitUntil(lambda: "Sign in again" in indicator(window_b), timeout=20_000)
        assert window_b.info_bar.isVisible() and window_b.info_bar.action_button.text() == "Sign In…"
        assert library_b.diagrams.exists(did)
        qtbot.mouseClick(window_b.info_bar.action_button, Qt.MouseButton.LeftButton)
        again = window_b.sync.sign_in_dialog
        assert again.isVisible() and again.email.text() == email and again.server.text() == server.url
        again.reject()

        # The log view lists what happened; signing out keeps the diagrams.
        window_a.sync.show_log()
        assert window_a.sync.log_dialog.text.toPlainText().count("sync failed") >= 1
        window_a.sync.log_dialog.close()
        [sign_out] = [a for a in window_a.account_menu.actions() if a.text().startswith("Sign Out")]
        assert email in sign_out.text()
        sign_out.trigger()
        assert "Not signed in" in indicator(window_a) and library_a.diagrams.exists(did)
        qtbot.waitUntil(lambda: window_a.sync is not None and window_a.sync.act_sign_in.isEnabled(), timeout=20_000)
        assert not window_a.sync.act_sign_out.isEnabled()
    finally:
        for window in (window_a, window_b):
            window.close()
        library_a.close()
        library_b.close()
