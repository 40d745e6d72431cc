"""Keyboard-only use of the main window: real key presses reach commands; every control is named."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QProcess, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QWidget

from autograph_desktop.gui.main_window import MainWindow
from autograph_desktop.gui.preferences import IconPacksPage
from autograph_desktop.model import Frame, Shape, edits


def _activate(window: MainWindow, qtbot: Any) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)


def test_ctrl_k_opens_the_palette_and_typing_runs_a_command(main_window: MainWindow, qtbot: Any) -> None:
    main_window.new_document()
    _activate(main_window, qtbot)
    qtbot.keyClick(main_window.current_view(), Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    palette = main_window.command_palette
    assert palette.isVisible() and palette.input.hasFocus()
    qtbot.keyClicks(palette.input, "dark canvas")
    qtbot.keyClick(palette.input, Qt.Key.Key_Return)
    assert main_window.canvas_theme == "dark"


def test_ctrl_n_and_ctrl_w_open_and_close_tabs(main_window: MainWindow, qtbot: Any) -> None:
    _activate(main_window, qtbot)
    qtbot.keyClick(main_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(main_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert main_window.tabs.count() == 2
    qtbot.keyClick(main_window.current_view(), Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert main_window.tabs.count() == 1


def test_group_and_align_shortcuts_edit_the_selection(main_window: MainWindow, qtbot: Any) -> None:
    tab = main_window.new_document()
    a, b = Shape(x=0, y=0, w=50, h=50), Shape(x=100, y=40, w=50, h=50)
    tab.history.execute(edits.add_elements(tab.doc, [a, b]))
    tab.view.set_selection([a.id, b.id])
    _activate(main_window, qtbot)
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)  # align top
    assert tab.doc[b.id].y == tab.doc[a.id].y == 0
    qtbot.keyClick(tab.view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert any(e.kind == "group" for e in tab.doc)


def test_presentation_steps_through_frames_with_arrow_keys(main_window: MainWindow, qtbot: Any) -> None:
    tab = main_window.new_document()
    frames = [Frame(x=0, y=0, w=400, h=300, text="One"), Frame(x=600, y=0, w=400, h=300, text="Two")]
    tab.history.execute(edits.add_elements(tab.doc, frames))
    main_window.toggle_presentation()
    seen = []
    original = tab.view.zoom_to_selection

    def spy() -> None:
        seen.append(list(tab.view.selected_ids()))
        original()

    tab.view.zoom_to_selection = spy
    qtbot.keyClick(tab.view, Qt.Key.Key_Right)
    qtbot.keyClick(tab.view, Qt.Key.Key_Right)
    qtbot.keyClick(tab.view, Qt.Key.Key_Right)  # past the end stays on the last frame
    qtbot.keyClick(tab.view, Qt.Key.Key_Left)
    assert seen == [[frames[0].id], [frames[1].id], [frames[1].id], [frames[0].id]]
    assert tab.view.selected_ids() == []
    qtbot.keyClick(tab.view, Qt.Key.Key_Escape)
    assert not main_window.presenting


def _named(widget: QWidget) -> bool:
    return bool(widget.accessibleName().strip()) or (isinstance(widget, QAbstractButton) and bool(widget.text()))


def test_every_focusable_control_has_an_accessible_name(main_window: MainWindow) -> None:
    main_window.new_document()
    unnamed = []
    for widget in main_window.findChildren(QWidget):
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisibleTo(main_window):
            continue
        parent = widget.parentWidget()
        # line edits inside spin boxes and combo boxes are named through their owner
        if isinstance(widget, QLineEdit) and parent is not None and _named(parent):
            continue
        if type(widget).__name__ in ("QTabBar", "QScrollBar", "QDockWidgetTitleButton", "QToolBarExtension"):
            continue
        if not _named(widget) and not (parent is not None and parent.objectName() == "qt_scrollarea_viewport"):
            unnamed.append(f"{type(widget).__name__}:{widget.objectName()}")
    assert unnamed == []


def test_every_command_is_reachable_from_a_menu_or_the_palette(main_window: MainWindow) -> None:
    in_menus = set()
    for menu_action in main_window.menuBar().actions():
        stack = [menu_action.menu()]
        while stack:
            menu = stack.pop()
            if menu is None:
                continue
            for action in menu.actions():
                if action.menu() is not None:
                    stack.append(action.menu())
                elif action.data():
                    in_menus.add(action.data())
    outside_menus = {c.id for c in main_window.registry.commands() if c.id not in in_menus}
    assert outside_menus <= {"file.next_tab", "file.prev_tab", "file.clear_recent"}  # tab keys; in Open Recent
    assert all(main_window.registry.command(c).in_palette for c in outside_menus)
    assert len(in_menus) >= 80


@pytest.mark.timeout(60)
def test_icon_pack_install_runs_in_a_process_and_reports(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    page = IconPacksPage()
    qtbot.addWidget(page)
    monkeypatch.setattr(page, "install_command",
                        lambda requirement: (sys.executable, ["-c", f"print('pretend install {requirement}')"]))
    page.install("diagrams")
    assert page.process is not None
    with qtbot.waitSignal(page.process.finished, timeout=30000):
        pass
    text = page.log.toPlainText()
    assert "pretend install diagrams" in text and "Installed" in text
    assert page.process.state() == QProcess.ProcessState.NotRunning
    from autograph_desktop.config import load_settings

    assert load_settings().settings.icon_packs == ["diagrams"]


def test_icon_pack_failure_is_reported(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    page = IconPacksPage()
    qtbot.addWidget(page)
    monkeypatch.setattr(page, "install_command", lambda requirement: (sys.executable, ["-c", "raise SystemExit(3)"]))
    page.install("diagrams")
    assert page.process is not None
    with qtbot.waitSignal(page.process.finished, timeout=30000):
        pass
    assert "exited with code 3" in page.log.toPlainText()


def test_tool_keys_and_toolbar_stay_in_step(main_window: MainWindow, qtbot: Any) -> None:
    first = main_window.new_document()
    _activate(main_window, qtbot)
    first.view.setFocus()
    qtbot.keyClick(first.view, Qt.Key.Key_R)
    assert first.view.tool_name == "rectangle"
    assert main_window.registry.action("tool.rectangle").isChecked()
    second = main_window.new_document()
    assert main_window.registry.action("tool.select").isChecked()
    main_window.registry.action("tool.ellipse").trigger()
    assert second.view.tool_name == "ellipse"
    main_window.tabs.setCurrentWidget(first)
    assert main_window.registry.action("tool.rectangle").isChecked()
