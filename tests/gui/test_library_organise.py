"""Tags, the trash and the start screen's recent list, used from the sidebar as a person would."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog, QMenu, QMessageBox, QTreeWidgetItem

from autograph_desktop.gui.library_sidebar import LibrarySidebar, StoreLibrarySource
from autograph_desktop.gui.main_window import MainWindow
from autograph_desktop.model import Diagram, DiagramMeta, Shape
from autograph_desktop.store import Library


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    lib = Library.open(tmp_path / "library.sqlite3")
    for title in ("Payments", "Search", "Onboarding"):
        lib.diagrams.create(Diagram(DiagramMeta(title=title), [Shape(x=0, y=0, w=80, h=40, text=title)]))
    yield lib
    lib.close()


@pytest.fixture
def sidebar(qtbot: Any, library: Library) -> LibrarySidebar:
    panel = LibrarySidebar(StoreLibrarySource(library))
    qtbot.addWidget(panel)
    panel.resize(300, 600)
    panel.show()
    return panel


def _row(sidebar: LibrarySidebar, title: str) -> int:
    return next(i for i in range(sidebar.list.count()) if sidebar.list.item(i).text().split("\n")[0] == title)


def _menu_for(sidebar: LibrarySidebar, title: str) -> QMenu:
    item = sidebar.list.item(_row(sidebar, title))
    return sidebar.diagram_menu(str(item.data(Qt.ItemDataRole.UserRole + 1)), title, [], False)


def _action(menu: QMenu, text: str) -> QAction:
    for action in menu.actions():
        if action.text() == text:
            return action
        if action.menu() is not None:
            for inner in action.menu().actions():
                if inner.text() == text:
                    return inner
    raise AssertionError(f"no {text!r} in {[a.text() for a in menu.actions()]}")


def _nav(sidebar: LibrarySidebar, label_start: str) -> QTreeWidgetItem:
    found = sidebar.nav.findItems(label_start, Qt.MatchFlag.MatchStartsWith | Qt.MatchFlag.MatchRecursive)
    assert found, label_start
    return found[0]


def test_tags_are_added_from_the_context_menu_and_filter_the_list(sidebar: LibrarySidebar, library: Library,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("  billing  ", True)))
    _action(_menu_for(sidebar, "Payments"), "New Tag…").trigger()
    _action(_menu_for(sidebar, "Search"), "billing").trigger()  # the known tag is offered, checkable
    assert sorted(library.tags.all()) == [("billing", 2)]
    tag_item = _nav(sidebar, "billing")
    assert tag_item.text(0) == "billing  (2)"
    rect = sidebar.nav.visualItemRect(tag_item)
    QTest.mouseClick(sidebar.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    shown = {sidebar.list.item(i).text().split("\n")[0] for i in range(sidebar.list.count())}
    assert shown == {"Payments", "Search"}
    assert "#billing" in sidebar.list.item(0).text()
    # Unticking the tag in the menu removes it.
    item = sidebar.list.item(_row(sidebar, "Search"))
    menu = sidebar.diagram_menu(str(item.data(Qt.ItemDataRole.UserRole + 1)), "Search", ["billing"], False)
    toggle = _action(menu, "billing")
    assert toggle.isChecked()
    toggle.trigger()
    assert library.tags.all() == [("billing", 1)]


def test_the_trash_deletes_for_good_and_empties(sidebar: LibrarySidebar, library: Library,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    for title in ("Payments", "Search"):
        _action(_menu_for(sidebar, title), "Move to Trash").trigger()
    trash = _nav(sidebar, "Trash")
    QTest.mouseClick(sidebar.nav.viewport(), Qt.MouseButton.LeftButton, pos=sidebar.nav.visualItemRect(trash).center())
    assert sidebar.list.count() == 2
    asked: list[str] = []

    def answer(_parent: object, _title: str, text: str, *args: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer))
    item = sidebar.list.item(_row(sidebar, "Payments"))
    menu = sidebar.diagram_menu(str(item.data(Qt.ItemDataRole.UserRole + 1)), "Payments", [], False)
    assert [a.text() for a in menu.actions()] == ["Restore", "Delete Permanently…"]
    _action(menu, "Delete Permanently…").trigger()
    assert asked and "cannot be undone" in asked[-1]
    assert {d.title for d in library.diagrams.all(trash=True)} == {"Search"}
    sidebar.ask_empty_trash()
    assert library.diagrams.all(trash=True) == []
    assert {d.title for d in library.diagrams.all()} == {"Onboarding"}


def test_recent_library_diagrams_show_on_the_start_screen_and_open(qtbot: Any, dialogs: Any, library: Library) -> None:
    window = MainWindow(library=StoreLibrarySource(library))
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    window.attach_library(StoreLibrarySource(library))
    first = library.diagrams.all()[0]
    window.open_library_diagram(first.id)
    window.close_current_tab()
    QApplication.processEvents()
    recent = window.start_screen.recent
    assert window.start_screen.isVisible()
    titles = [recent.item(i).text() for i in range(recent.count())]
    assert first.title in titles
    row = titles.index(first.title)
    QTest.mouseClick(recent.viewport(), Qt.MouseButton.LeftButton, pos=recent.visualItemRect(recent.item(row)).center())
    tab = window.current_tab()
    assert tab is not None and tab.library_id == first.id
    window.close()
