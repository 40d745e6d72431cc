"""The hand-drawn look offered in the properties panel: chosen by keyboard on the real window, drawn on canvas."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from autograph_desktop.gui.main_window import MainWindow
from autograph_desktop.model import Shape, Style, edits


def test_choosing_sketchy_and_hachure_redraws_the_shape_by_hand(main_window: MainWindow, qtbot: Any) -> None:
    box = Shape(x=0, y=0, w=160, h=100, style=Style(fill="#ff0000", stroke="#0000ff"))
    tab = main_window.new_document()
    tab.history.execute(edits.add_elements(tab.doc, [box]))
    tab.history.clear()
    tab.view.set_selection([box.id])
    panel = main_window.properties
    assert panel.sketch.isVisibleTo(main_window) and panel.sketch.currentText() == "clean"
    before = tab.view.grab().toImage()
    panel.sketch.setFocus()
    qtbot.keyClick(panel.sketch, Qt.Key.Key_Down)
    assert tab.doc[box.id].style.sketch == 1
    panel.fill_style.setFocus()
    qtbot.keyClick(panel.fill_style, Qt.Key.Key_Down)
    assert tab.doc[box.id].style.fill_style == "hachure"
    assert panel.sketch.currentText() == "sketchy" and panel.fill_style.currentText() == "hachure"
    qtbot.waitUntil(lambda: tab.view.grab().toImage() != before)
    assert len(tab.history.steps) == 2
    tab.history.undo()
    tab.history.undo()
    assert tab.doc[box.id].style.sketch == 0 and tab.doc[box.id].style.fill_style == "solid"
    qtbot.waitUntil(lambda: panel.sketch.currentText() == "clean")


def test_mixed_looks_show_as_mixed(main_window: MainWindow) -> None:
    a = Shape(x=0, y=0, w=80, h=40, style=Style(sketch=1))
    b = Shape(x=200, y=0, w=80, h=40, style=Style(sketch=2))
    tab = main_window.new_document()
    tab.history.execute(edits.add_elements(tab.doc, [a, b]))
    tab.view.set_selection([a.id, b.id])
    assert main_window.properties.sketch.currentIndex() == -1


def test_hand_drawn_look_command_styles_the_selection_in_one_step(main_window: MainWindow) -> None:
    a = Shape(x=0, y=0, w=80, h=40)
    b = Shape(x=200, y=0, w=80, h=40, style=Style(fill_style="hachure"))
    tab = main_window.new_document()
    tab.history.execute(edits.add_elements(tab.doc, [a, b]))
    tab.history.clear()
    tab.view.set_selection([a.id, b.id])
    main_window.registry.action("style.sketchy").trigger()
    assert tab.doc[a.id].style.sketch == tab.doc[b.id].style.sketch == 1
    assert main_window.properties.sketch.currentText() == "sketchy"
    main_window.registry.action("style.clean").trigger()
    assert (tab.doc[b.id].style.sketch, tab.doc[b.id].style.fill_style) == (0, "solid")
    assert len(tab.history.steps) == 2
