"""The AI panel driven as a user would: open it, generate, cancel mid-stream, insert, refine twice, undo;
and Preferences' AI pages. Everything talks to a real scripted chat-completions server on loopback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends.fail import Keyring as FailKeyring
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QWidget

from autograph_desktop.gui.ai_panel import AiPanel
from autograph_desktop.gui.main_window import MainWindow
from autograph_desktop.model import Shape
from tests.support.scripted_openai import Reply, ScriptedOpenAI

V1 = """flowchart LR
  user(["Customer"]) --> web["Web app"]
  web --> api["Orders API"]
  api --> db[("Orders DB (PostgreSQL)")]
"""


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.passwords.pop((service, username), None)


@pytest.fixture(scope="module")
def server() -> Iterator[ScriptedOpenAI]:
    with ScriptedOpenAI() as s:
        yield s


@pytest.fixture
def providers(autograph_home: Path, server: ScriptedOpenAI) -> Path:
    """One local provider (no key) pointing at the scripted server, as Preferences would save it."""
    server.reset()
    keyring.set_keyring(FailKeyring())
    config = autograph_home / "config"
    config.mkdir(parents=True, exist_ok=True)
    path = config / "ai_providers.json"
    path.write_text(json.dumps({"providers": [{"name": "Local", "kind": "local", "base_url": server.url,
                                               "model": "llama3.1"}]}))
    return path


def open_panel(window: MainWindow, qtbot: Any) -> AiPanel:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    qtbot.keyClick(window, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    dock = window.docks["ai"]
    qtbot.waitUntil(lambda: dock.isVisible() and dock.widget().width() > 200, timeout=3000)
    panel = dock.widget()
    assert isinstance(panel, AiPanel)
    return panel


def ask(panel: AiPanel, qtbot: Any, text: str, button: QAbstractButton) -> None:
    panel.prompt.clear()
    qtbot.keyClicks(panel.prompt, text)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def wait_for_preview(panel: AiPanel, qtbot: Any) -> None:
    qtbot.waitUntil(lambda: panel.insert_button.isVisible(), timeout=15_000)
    assert panel.preview.pixmap() is not None and not panel.preview.pixmap().isNull()


def shapes(window: MainWindow) -> dict[str, Shape]:
    tab = window.current_tab()
    assert tab is not None
    return {e.get("mermaid_id"): e for e in tab.doc if isinstance(e, Shape)}


def test_generate_cancel_insert_refine_twice_and_undo(main_window: MainWindow, qtbot: Any, server: ScriptedOpenAI,
                                                      providers: Path, tmp_path: Path) -> None:
    panel = open_panel(main_window, qtbot)
    assert panel.prompt.isVisible() and panel.generate_button.isEnabled() and not panel.cancel_button.isEnabled()
    for widget in panel.findChildren(QWidget):  # every control can be found by a screen reader
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisible():
            continue
        if type(widget).__name__ in ("QTabBar", "QScrollBar") or (widget.parentWidget() is not None and (
                widget.parentWidget().objectName() == "qt_scrollarea_viewport"
                or isinstance(widget.parentWidget(), QComboBox))):
            continue
        assert widget.accessibleName() or (isinstance(widget, QAbstractButton) and widget.text()), widget

    # 1. a slow answer, cancelled while it streams: the connection is closed and nothing changes
    server.queue(Reply(V1 * 40, chunk_delay=0.05))
    ask(panel, qtbot, "A web shop with a database", panel.generate_button)
    qtbot.waitUntil(lambda: len(panel.stream.toPlainText()) > 80, timeout=10_000)
    assert panel.cancel_button.isEnabled() and "Receiving" in panel.status.text()
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Cancelled" in panel.status.text(), timeout=5_000)
    assert server.chat_requests()[0].client_closed.wait(5), "Cancel did not close the connection"
    assert main_window.current_tab() is None and not panel.insert_button.isVisible()
    assert panel.generate_button.isEnabled()

    # 2. generate: preview first, then Insert puts it on a new canvas as one undo step
    server.queue(Reply(f"Here is your diagram:\n```mermaid\n{V1}```"))
    qtbot.mouseClick(panel.generate_button, Qt.MouseButton.LeftButton)
    wait_for_preview(panel, qtbot)
    assert "4 nodes, 3 links" in panel.summary.text() and "quality" in panel.summary.text()
    assert main_window.current_tab() is None  # nothing on a canvas before Insert
    panel.grab().save(str(tmp_path / "ai-panel-preview.png"))
    qtbot.mouseClick(panel.insert_button, Qt.MouseButton.LeftButton)
    tab = main_window.current_tab()
    assert tab is not None and tab.history.steps == ["AI: generate"]
    first = shapes(main_window)
    assert set(first) == {"user", "web", "api", "db"}

    # 3. refine twice; unchanged nodes stay where they were
    refined = V1 + '  api --> cache[("Cache (Redis)")]\n'
    server.queue(Reply(f"```mermaid\n{refined}```"))
    ask(panel, qtbot, "add a caching layer", panel.refine_button)
    wait_for_preview(panel, qtbot)
    assert "1 added" in panel.summary.text() and panel.insert_button.text() == "Apply changes"
    sent = server.chat_requests()[-1].messages[1]["content"]
    assert "add a caching layer" in sent and 'api["Orders API"]' in sent
    qtbot.mouseClick(panel.insert_button, Qt.MouseButton.LeftButton)
    after_first = tab.doc.snapshot()
    second = refined.replace("Orders DB (PostgreSQL)", "Orders DB cluster (PostgreSQL)")
    server.queue(Reply(f"```mermaid\n{second}```"))
    ask(panel, qtbot, "make the database a cluster", panel.refine_button)
    wait_for_preview(panel, qtbot)
    qtbot.mouseClick(panel.insert_button, Qt.MouseButton.LeftButton)
    now = shapes(main_window)
    assert now["db"].text == "Orders DB cluster (PostgreSQL)" and "cache" in now
    assert all((now[k].x, now[k].y) == (first[k].x, first[k].y) for k in ("user", "web", "api"))
    assert tab.history.steps == ["AI: generate", "AI: refine", "AI: refine"]
    main_window.grab().save(str(tmp_path / "ai-window.png"))

    # 4. Ctrl+Z on the canvas takes back exactly the last refinement
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert tab.doc.snapshot() == after_first
    assert shapes(main_window)["db"].text == "Orders DB (PostgreSQL)"

    # the prompts are remembered for this diagram
    qtbot.mouseClick(panel.tabs.tabBar(), Qt.MouseButton.LeftButton,
                     pos=panel.tabs.tabBar().tabRect(2).center())
    items = [panel.history.item(i).text() for i in range(panel.history.count())]
    assert items[:2] == ["make the database a cluster", "add a caching layer"]


def test_explain_errors_and_the_usage_log_in_the_library(qtbot: Any, server: ScriptedOpenAI, providers: Path,
                                                         tmp_path: Path, dialogs: object) -> None:
    from autograph_desktop.gui.ai_settings import AiUsagePage
    from autograph_desktop.gui.library_sidebar import StoreLibrarySource
    from autograph_desktop.store import Library

    library = Library.open(tmp_path / "library.sqlite3")
    main_window = MainWindow(library=StoreLibrarySource(library))
    qtbot.addWidget(main_window)
    main_window.show()
    qtbot.waitExposed(main_window)
    panel = open_panel(main_window, qtbot)
    server.queue(Reply(status=401, body={"error": {"message": "bad key"}}))
    ask(panel, qtbot, "anything", panel.generate_button)
    qtbot.waitUntil(lambda: "Failed" in panel.status.text(), timeout=10_000)
    assert "refused the credentials" in panel.status.text()
    server.queue(Reply(f"```mermaid\n{V1}```"), Reply("A customer uses the web app, which calls the orders API."))
    qtbot.mouseClick(panel.generate_button, Qt.MouseButton.LeftButton)
    wait_for_preview(panel, qtbot)
    qtbot.mouseClick(panel.insert_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.explain_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.status.text() == "Explained.", timeout=10_000)
    assert panel.stream.toPlainText().startswith("A customer uses the web app")
    rows = library.ai_usage.entries()
    assert [(r.provider, r.model, r.outcome) for r in rows] == [("Local", "llama3.1", "auth"), ("Local", "llama3.1", "ok"),
                                                                ("Local", "llama3.1", "ok")]
    assert all(r.cost == 0 for r in rows)  # a local server costs nothing
    page = AiUsagePage(library)
    qtbot.addWidget(page)
    item = page.tree.topLevelItem(0)
    assert page.tree.topLevelItemCount() == 1 and item is not None
    assert [item.text(i) for i in range(4)] == ["Local", "llama3.1", "3", "1"]
    assert page.total.text().startswith("3 call(s)")
    main_window.close()
    library.close()


def test_without_providers_the_panel_says_how_to_set_one_up(main_window: MainWindow, qtbot: Any,
                                                           autograph_home: Path) -> None:
    panel = open_panel(main_window, qtbot)
    ask(panel, qtbot, "a diagram", panel.generate_button)
    assert "No AI provider is set up" in panel.status.text() and panel.job is None


def test_preferences_saves_providers_keeps_keys_in_the_keyring_and_tests_connections(
        main_window: MainWindow, qtbot: Any, server: ScriptedOpenAI, autograph_home: Path) -> None:
    from autograph_desktop.gui import ai_jobs
    from autograph_desktop.gui.ai_settings import AiProvidersPage, AiUsagePage
    from autograph_desktop.gui.preferences import PreferencesDialog

    server.reset()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    ai_jobs._keys = None  # a fresh session key store
    dialog = PreferencesDialog(main_window.registry, main_window.settings, main_window)
    qtbot.addWidget(dialog)
    dialog.show()
    page = dialog.findChild(AiProvidersPage)
    assert page is not None
    dialog.pages.setCurrentWidget(page)
    page.add("custom")
    page.base_url.setText(server.url)
    page.model.setText("gpt-4o-mini")
    qtbot.keyClicks(page.key, "sk-prefs-SECRET")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    saved = (autograph_home / "config" / "ai_providers.json").read_text()
    assert server.url in saved and "sk-prefs" not in saved
    assert ring.passwords == {("AutoGraph AI", "OpenAI-compatible gateway"): "sk-prefs-SECRET"}
    assert "system keyring" in page.message.text()
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.message.text().startswith("Connected"), timeout=10_000)
    assert "2 model(s)" in page.message.text()
    assert server.requests[-1].headers["authorization"] == "Bearer sk-prefs-SECRET"
    usage = dialog.findChild(AiUsagePage)
    assert usage is not None and "library" in usage.total.text()  # this window has no library
    dialog.grab().save(str(autograph_home / "prefs.png"))

    keyring.set_keyring(FailKeyring())
    page.key.clear()
    qtbot.keyClicks(page.key, "sk-memory-only")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert "kept in memory" in page.message.text()
    assert ai_jobs.shared_key_store().get("OpenAI-compatible gateway") == "sk-memory-only"
    dialog.close()
    ai_jobs._keys = None


def test_refining_a_mermaid_code_tab_rewrites_its_code(main_window: MainWindow, qtbot: Any, server: ScriptedOpenAI,
                                                       providers: Path) -> None:
    tab = main_window.add_code_document(V1)
    qtbot.waitUntil(lambda: len(tab.doc) > 0, timeout=5_000)
    panel = open_panel(main_window, qtbot)
    refined = V1 + '  api --> cache[("Cache (Redis)")]\n'
    server.queue(Reply(f"```mermaid\n{refined}```"))
    ask(panel, qtbot, "add a caching layer", panel.refine_button)
    wait_for_preview(panel, qtbot)
    assert server.chat_requests()[0].messages[1]["content"].count('api["Orders API"]') == 1  # the code itself
    qtbot.mouseClick(panel.insert_button, Qt.MouseButton.LeftButton)
    assert tab.code.strip() == refined.strip()
    qtbot.waitUntil(lambda: any(e.get("mermaid_id") == "cache" for e in tab.doc), timeout=5_000)
    tab.panel.editor.undo()
    assert tab.code.strip() == V1.strip()
