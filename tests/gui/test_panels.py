"""Properties, insert, history and library panels on the real window: click, type, then check the model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from samples import sample_diagram

from autograph_desktop.gui.library_sidebar import StoreLibrarySource
from autograph_desktop.gui.main_window import MainWindow
from autograph_desktop.model import Connector, Endpoint, Icon, Shape, Style, edits


def _doc_with(window: MainWindow, *elements: Any) -> Any:
    tab = window.new_document()
    tab.history.execute(edits.add_elements(tab.doc, list(elements)))
    tab.history.clear()
    return tab


def test_fill_of_two_shapes_changes_in_one_undo_step(main_window: MainWindow, qtbot: Any) -> None:
    a = Shape(x=0, y=0, w=80, h=40, style=Style(fill="blue"))
    b = Shape(x=200, y=0, w=80, h=40, style=Style(fill="green"))
    c = Shape(x=400, y=0, w=80, h=40, style=Style(fill="yellow"))
    tab = _doc_with(main_window, a, b, c)
    tab.view.set_selection([a.id, b.id])
    panel = main_window.properties
    assert panel.summary.text() == "2 elements"
    assert not any(button.isChecked() for button in panel.fill.buttons.values())  # mixed fill
    qtbot.mouseClick(panel.fill.buttons["red"], Qt.MouseButton.LeftButton)
    assert tab.doc[a.id].style.fill == "red" and tab.doc[b.id].style.fill == "red"
    assert tab.doc[c.id].style.fill == "yellow"
    assert len(tab.history.steps) == 1
    assert panel.fill.buttons["red"].isChecked()
    tab.history.undo()
    assert (tab.doc[a.id].style.fill, tab.doc[b.id].style.fill) == ("blue", "green")


def test_mixed_values_show_as_mixed_and_common_values_show(main_window: MainWindow) -> None:
    a = Shape(x=0, y=0, w=80, h=40, style=Style(stroke_width=2, font_size=14))
    b = Shape(x=200, y=0, w=80, h=40, style=Style(stroke_width=5, font_size=14))
    tab = _doc_with(main_window, a, b)
    tab.view.set_selection([a.id, b.id])
    panel = main_window.properties
    assert panel.width_spin.text() == "Mixed"
    assert panel.size_spin.value() == pytest.approx(14)
    assert panel.geometry_box.isHidden()


def test_typing_a_stroke_width_and_geometry(main_window: MainWindow, qtbot: Any) -> None:
    a = Shape(x=10, y=20, w=80, h=40)
    tab = _doc_with(main_window, a)
    tab.view.set_selection([a.id])
    panel = main_window.properties
    panel.width_spin.lineEdit().selectAll()
    qtbot.keyClicks(panel.width_spin, "7")
    qtbot.keyClick(panel.width_spin, Qt.Key.Key_Return)
    assert tab.doc[a.id].style.stroke_width == pytest.approx(7)
    assert not panel.geometry_box.isHidden()
    panel.geo["w"].lineEdit().selectAll()
    qtbot.keyClicks(panel.geo["w"], "300")
    qtbot.keyClick(panel.geo["w"], Qt.Key.Key_Return)
    assert tab.doc[a.id].w == pytest.approx(300)
    assert tab.doc[a.id].x == pytest.approx(10)
    assert len(tab.history.steps) == 2


def test_connector_routing_and_arrowheads(main_window: MainWindow) -> None:
    a = Shape(x=0, y=0, w=80, h=40)
    b = Shape(x=300, y=0, w=80, h=40)
    conn = Connector(source=Endpoint(element=a.id), target=Endpoint(element=b.id))
    tab = _doc_with(main_window, a, b, conn)
    tab.view.set_selection([conn.id])
    panel = main_window.properties
    assert not panel.connector_box.isHidden()
    panel.routing.activated.emit(panel.routing.findText("orthogonal"))
    assert tab.doc[conn.id].routing == "orthogonal"
    panel.end_arrow.activated.emit(panel.end_arrow.findText("open triangle"))
    assert tab.doc[conn.id].end_arrow == "open_triangle"


@pytest.mark.parametrize("query, expected", [("kubernetes", "kubernetes"), ("postgres", "postgres"),
                                             ("github", "github")])
def test_insert_panel_finds_icons_and_inserts_an_icon_element(main_window: MainWindow, qtbot: Any,
                                                              query: str, expected: str) -> None:
    tab = main_window.new_document()
    panel = main_window.insert_panel
    main_window.registry.action("insert.icon").trigger()
    qtbot.keyClicks(panel.search, query)
    panel.update_results()
    icons = [i for kind, i in panel.result_ids() if kind == "icon"]
    assert icons and expected in icons[0]
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    inserted = [e for e in tab.doc if isinstance(e, Icon)]
    assert len(inserted) == 1 and inserted[0].icon == icons[0]
    assert panel.recent_icons()[0] == icons[0]


def test_insert_panel_shapes_recent_and_favourites(main_window: MainWindow, qtbot: Any) -> None:
    tab = main_window.new_document()
    panel = main_window.insert_panel
    qtbot.keyClicks(panel.search, "cylinder")
    panel.update_results()
    assert panel.result_ids()[0] == ("shape", "cylinder")
    panel._activate(0)
    assert [e.shape for e in tab.doc if isinstance(e, Shape)] == ["cylinder"]
    assert panel.toggle_favourite("si.github") is True
    panel.search.clear()
    panel.update_results()
    assert ("icon", "si.github") in panel.result_ids()
    assert panel.toggle_favourite("si.github") is False
    assert panel.favourite_icons() == []


def test_insert_panel_survives_junk_settings_and_queries(main_window: MainWindow, qtbot: Any) -> None:
    panel = main_window.insert_panel
    main_window.settings.setValue("insert/recent", ["no.such-icon", "", "mdi6.database"])
    panel.search.clear()
    panel.update_results()
    assert ("icon", "mdi6.database") in panel.result_ids()
    panel.search.setText("\x00" * 10 + "zzzqqq" * 1000)
    panel.update_results()
    assert panel.caption.text() == "No matches"


def test_history_panel_jumps_to_a_step(main_window: MainWindow, qtbot: Any) -> None:
    a = Shape(x=0, y=0, w=80, h=40)
    tab = _doc_with(main_window, a)
    for n in range(3):
        tab.history.execute(edits.move(tab.doc, [a.id], 10, 0, label=f"Move {n}"))
    panel = main_window.history_panel
    assert panel.list.count() == 4
    panel.list.setCurrentRow(0)
    assert tab.doc[a.id].x == 0 and tab.history.redo_steps == ["Move 0", "Move 1", "Move 2"]
    panel.list.setCurrentRow(2)
    assert tab.doc[a.id].x == 20
    assert panel.list.count() == 4


def test_library_sidebar_lists_searches_and_opens_with_autosave(qtbot: Any, dialogs: Any, tmp_path: Path) -> None:
    from autograph_desktop.store import Library

    library = Library.open(tmp_path / "lib.sqlite3")
    first = library.diagrams.create(sample_diagram(), title="Payments flow")
    library.diagrams.create(title="Empty notes")
    library.diagrams.star(first, True)
    window = MainWindow(library=StoreLibrarySource(library))
    qtbot.addWidget(window)
    window.show()
    sidebar = window.library_panel
    titles = [sidebar.list.item(i).text() for i in range(sidebar.list.count())]
    assert any("Payments flow" in t for t in titles) and any("Empty notes" in t for t in titles)
    qtbot.keyClicks(sidebar.search, "payments")
    sidebar.reload_list()
    assert sidebar.list.count() == 1
    sidebar._on_activated(sidebar.list.item(0))
    tab = window.current_tab()
    assert tab is not None and tab.library_id == first and len(tab.doc) == len(sample_diagram())
    shape = Shape(x=0, y=900, w=50, h=50, text="added")
    tab.history.execute(edits.add_elements(tab.doc, [shape]))
    window.close()  # flushes the session: no prompt for library diagrams
    assert not [c for c in dialogs.calls if c[0] == "question"]
    assert library.diagrams.load(first).get(shape.id) is not None
    library.close()


def test_custom_colour_and_copy_paste_style(main_window: MainWindow, qtbot: Any,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QColorDialog

    a = Shape(x=0, y=0, w=80, h=40)
    b = Shape(x=200, y=0, w=80, h=40)
    tab = _doc_with(main_window, a, b)
    tab.view.set_selection([a.id])
    monkeypatch.setattr(QColorDialog, "getColor", staticmethod(lambda *args, **kw: QColor("#123456")))
    qtbot.mouseClick(main_window.properties.stroke.custom, Qt.MouseButton.LeftButton)
    assert tab.doc[a.id].style.stroke == "#123456"
    main_window.registry.action("edit.copy_style").trigger()
    tab.view.set_selection([b.id])
    main_window.registry.action("edit.paste_style").trigger()
    assert tab.doc[b.id].style.stroke == "#123456"
    assert len(tab.history.steps) == 2


def test_bold_and_font_size_commands_apply_to_the_selection(main_window: MainWindow) -> None:
    a = Shape(x=0, y=0, w=80, h=40, text="a")
    b = Shape(x=200, y=0, w=80, h=40, text="b")
    tab = _doc_with(main_window, a, b)
    tab.view.set_selection([a.id, b.id])
    main_window.registry.action("text.bold").trigger()
    assert tab.doc[a.id].style.font_weight == tab.doc[b.id].style.font_weight == 700
    assert main_window.properties.bold.isChecked()
    main_window.registry.action("text.bold").trigger()
    assert tab.doc[a.id].style.font_weight == 400
    main_window.registry.action("text.bigger").trigger()
    assert tab.doc[b.id].style.font_size == 18


def test_renaming_a_library_diagram_updates_the_list_and_the_open_tab(qtbot: Any, dialogs: Any, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QInputDialog

    from autograph_desktop.store import Library

    library = Library.open(tmp_path / "lib.sqlite3")
    diagram_id = library.diagrams.create(sample_diagram(), title="Old name")
    window = MainWindow(library=StoreLibrarySource(library))
    qtbot.addWidget(window)
    window.show()
    window.open_library_diagram(diagram_id)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("  New name  ", True)))
    window.library_panel.ask_rename(diagram_id, "Old name")
    assert library.diagrams.get(diagram_id).title == "New name"
    assert window.tabs.tabText(window.tabs.currentIndex()).endswith("New name")
    assert any("New name" in window.library_panel.list.item(i).text()
               for i in range(window.library_panel.list.count()))
    window.close()
    assert library.diagrams.load(diagram_id).meta.title == "New name"
    library.close()
