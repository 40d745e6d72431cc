"""Command palette, shortcuts cheat sheet and shortcut preferences, driven with real key presses."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from autograph_desktop.gui.command_palette import CommandPalette
from autograph_desktop.gui.main_window import MainWindow
from autograph_desktop.gui.preferences import PreferencesDialog
from autograph_desktop.gui.shortcuts_dialog import ShortcutsDialog


def _open_palette(window: MainWindow, qtbot: Any) -> CommandPalette:
    window.activateWindow()
    window.registry.action("help.palette").trigger()
    palette = window.command_palette
    assert palette.isVisible()
    return palette


def test_palette_finds_and_runs_a_command_from_a_fuzzy_query(main_window: MainWindow, qtbot: Any) -> None:
    main_window.new_document()
    view = main_window.current_view()
    view.set_zoom(1.0)
    palette = _open_palette(main_window, qtbot)
    qtbot.keyClicks(palette.input, "zom in")
    assert palette.results()[0] == ("command", "view.zoom_in")
    qtbot.keyClick(palette.input, Qt.Key.Key_Return)
    assert view.zoom == pytest.approx(1.25)
    assert not palette.isVisible()


def test_palette_arrow_keys_choose_and_recent_commands_come_first(main_window: MainWindow, qtbot: Any) -> None:
    main_window.new_document()
    palette = _open_palette(main_window, qtbot)
    qtbot.keyClicks(palette.input, "grid")
    results = palette.results()
    assert ("command", "view.grid") in results
    for _ in range(results.index(("command", "view.grid"))):
        qtbot.keyClick(palette.input, Qt.Key.Key_Down)
    before = main_window.grid_visible
    qtbot.keyClick(palette.input, Qt.Key.Key_Enter)
    assert main_window.grid_visible is (not before)
    again = _open_palette(main_window, qtbot)
    assert again.results()[0] == ("command", "view.grid")
    qtbot.keyClick(again.input, Qt.Key.Key_Escape)
    assert not again.isVisible()


def test_palette_shows_shortcuts_and_hides_disabled_commands(main_window: MainWindow, qtbot: Any) -> None:
    palette = _open_palette(main_window, qtbot)
    qtbot.keyClicks(palette.input, "new diagram")
    item = palette.model.item(0)
    assert item.data(Qt.ItemDataRole.UserRole + 2) == "file.new"
    assert item.data(Qt.ItemDataRole.UserRole + 3) == QKeySequence(QKeySequence.StandardKey.New).toString(
        QKeySequence.SequenceFormat.NativeText)
    palette.input.clear()
    qtbot.keyClicks(palette.input, "delete")
    assert ("command", "edit.delete") not in palette.results()  # nothing selected, no document


@pytest.mark.parametrize("query", ["\x00\x01\x02", "x" * 5000, "((((", "🙂 zoom", "'; DROP TABLE"])
def test_palette_survives_hostile_queries(main_window: MainWindow, qtbot: Any, query: str) -> None:
    main_window.new_document()
    palette = _open_palette(main_window, qtbot)
    palette.input.setText(query)
    assert all(kind in ("command", "diagram") for kind, _ref in palette.results())
    qtbot.keyClick(palette.input, Qt.Key.Key_Return)
    if palette.isVisible():
        qtbot.keyClick(palette.input, Qt.Key.Key_Escape)
    # Whatever that query found or ran, the palette still finds and runs commands.
    view = main_window.current_view()
    before = view.zoom
    again = _open_palette(main_window, qtbot)
    qtbot.keyClicks(again.input, "zom in")
    qtbot.keyClick(again.input, Qt.Key.Key_Return)
    assert view.zoom == pytest.approx(before * 1.25)


class _FakeLibrary:
    class Info:
        def __init__(self, diagram_id: str, title: str) -> None:
            self.id = diagram_id
            self.title = title

    def search(self, query: str, limit: int = 50) -> list[Any]:
        return [self.Info("d1", "Payments architecture")] if "pay" in query.lower() else []


def test_palette_lists_library_diagrams(main_window: MainWindow, qtbot: Any) -> None:
    main_window.library_panel.source = _FakeLibrary()  # type: ignore[assignment]
    palette = _open_palette(main_window, qtbot)
    chosen: list[str] = []
    palette.libraryDiagramChosen.disconnect()
    palette.libraryDiagramChosen.connect(chosen.append)
    qtbot.keyClicks(palette.input, "payments")
    assert ("diagram", "d1") in palette.results()
    palette.run_row(palette.results().index(("diagram", "d1")))
    assert chosen == ["d1"]


def test_shortcuts_dialog_lists_more_than_50_by_category(main_window: MainWindow, qtbot: Any) -> None:
    dialog = ShortcutsDialog(main_window.registry, main_window)
    qtbot.addWidget(dialog)
    entries = dialog.entries()
    assert len(entries) >= 50
    categories = {c for c, _, _ in entries}
    assert {"File", "Edit", "View", "Arrange", "Tools", "Help"} <= categories
    qtbot.keyClicks(dialog.filter, "zoom")
    filtered = dialog.entries()
    assert filtered and all("zoom" in f"{c} {name} {keys}".lower() for c, name, keys in filtered)


def test_shortcut_customisation_refuses_conflicts_and_persists(main_window: MainWindow, qtbot: Any) -> None:
    dialog = PreferencesDialog(main_window.registry, main_window.settings, main_window)
    qtbot.addWidget(dialog)
    page = dialog.shortcuts
    page.filter.setText("Zoom In")
    row = next(i for i in range(page.tree.topLevelItemCount())
               if page.tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) == "view.zoom_in")
    page.tree.setCurrentItem(page.tree.topLevelItem(row))
    page.editor.setKeySequence(QKeySequence("Ctrl+S"))  # taken by Save
    assert page.assign_current() is False
    assert "already used" in page.message.text()
    page.editor.setKeySequence(QKeySequence("Ctrl+Alt+Shift+Z"))
    assert page.assign_current() is True
    assert main_window.registry.shortcut_text("view.zoom_in") == QKeySequence("Ctrl+Alt+Shift+Z").toString(
        QKeySequence.SequenceFormat.NativeText)
    fresh = MainWindow(settings=main_window.settings, library=None)
    qtbot.addWidget(fresh)
    assert fresh.registry.action("view.zoom_in").shortcuts() == [QKeySequence("Ctrl+Alt+Shift+Z")]
    fresh.registry.reset_shortcuts()
    assert QKeySequence("Ctrl+=") in fresh.registry.action("view.zoom_in").shortcuts()
