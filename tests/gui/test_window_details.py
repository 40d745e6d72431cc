"""The smaller things a user meets: clicking and dragging from the Insert panel, presenting, the palette with
no match, import warnings in the message bar, a damaged library's note."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from autograph_desktop.gui.main_window import MainWindow
from autograph_desktop.gui.mime import INSERT_MIME
from autograph_desktop.model import Icon, Shape


def test_one_click_in_the_insert_panel_inserts_a_labelled_icon(main_window: MainWindow, qtbot: Any) -> None:
    tab = main_window.new_document()
    panel = main_window.insert_panel
    main_window.show_insert_panel()
    qtbot.keyClicks(panel.search, "postgresql")
    panel.update_results()
    QApplication.processEvents()
    row = next(i for i, (kind, item) in enumerate(panel.result_ids()) if item == "si.postgresql")
    index = panel.model.index(row, 0)
    rect = panel.results.visualRect(index)
    QTest.mouseClick(panel.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    icons = [e for e in tab.doc if isinstance(e, Icon)]
    assert len(icons) == 1 and icons[0].icon == "si.postgresql" and icons[0].text == "PostgreSQL"
    # A double click (press, release, press, release) inserts one icon, not two.
    qtbot.wait(QApplication.doubleClickInterval() + 50)
    QTest.mouseClick(panel.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(panel.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseRelease(panel.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert len([e for e in tab.doc if isinstance(e, Icon)]) == 2


def drag_to(view: QWidget, data: QMimeData, x: int, y: int) -> bool:
    """What a drag from another widget sends: enter, move, drop; whether the view accepted it."""
    buttons, mods, copy = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, Qt.DropAction.CopyAction
    enter = QDragEnterEvent(QPoint(x, y), copy, data, buttons, mods)
    QApplication.sendEvent(view, enter)
    if not enter.isAccepted():
        return False
    QApplication.sendEvent(view, QDragMoveEvent(QPoint(x, y), copy, data, buttons, mods))
    drop = QDropEvent(QPointF(x, y), copy, data, buttons, mods)
    QApplication.sendEvent(view, drop)
    return drop.isAccepted()


def test_a_shape_dropped_from_the_insert_panel_lands_where_it_is_dropped(main_window: MainWindow) -> None:
    tab = main_window.new_document()
    view = tab.view
    view.set_zoom(1.0)
    view.camera.ox = view.camera.oy = 0.0
    data = QMimeData()
    data.setData(INSERT_MIME, json.dumps({"kind": "shape", "id": "hexagon", "label": ""}).encode())
    drag_to(view, data, 300, 200)
    shapes = [e for e in tab.doc if isinstance(e, Shape)]
    assert len(shapes) == 1 and shapes[0].shape == "hexagon"
    cx, cy = shapes[0].rect.center
    assert abs(cx - 300) < 1 and abs(cy - 200) < 1
    # A drop of anything else (a file from the desktop) is left to the window.
    other = QMimeData()
    other.setText("not ours")
    assert not drag_to(view, other, 100, 100)
    assert len(tab.doc) == 1


def test_presenting_hides_grid_rulers_and_minimap_and_fits_the_diagram(main_window: MainWindow, qtbot: Any) -> None:
    tab = main_window.new_document()
    from autograph_desktop.model import edits

    tab.history.execute(edits.add_elements(tab.doc, [Shape(x=0, y=0, w=100, h=60), Shape(x=2000, y=900, w=100, h=60)]))
    main_window.toggle_rulers()
    main_window.toggle_minimap()
    view = tab.view
    assert view.grid_visible and view.minimap.isVisible()
    main_window.toggle_presentation()
    qtbot.wait(250)
    assert not view.grid_visible and not view.minimap.isVisible() and not view.rulers_visible
    box = tab.doc.bbox()
    assert box is not None
    shown = view.camera.visible(view.width(), view.height())
    assert shown.contains_rect(box)  # the whole diagram is on screen
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert view.grid_visible and view.minimap.isVisible() and view.rulers_visible


def test_the_palette_says_when_nothing_matches(main_window: MainWindow, qtbot: Any) -> None:
    main_window.show_palette()
    palette = main_window.command_palette
    qtbot.keyClicks(palette.input, "zzqqxx nothing like this")
    assert palette.results() == []
    assert palette.model.rowCount() == 1
    assert "Nothing matches" in palette.model.item(0).text()
    qtbot.keyClick(palette.input, Qt.Key.Key_Return)  # Enter on the message does nothing
    assert main_window.tabs.count() == 0


def test_import_warnings_show_in_a_bar_that_can_be_dismissed(main_window: MainWindow, tmp_path: Path) -> None:
    old = tmp_path / "old.autograph"
    old.write_bytes(b'{"format": "autograph", "schema_version": 1, "diagram": {"id": "d"},'
                    b' "elements": [{"id": "c", "kind": "connector", "to": {"element": "x"}}]}')
    main_window.open_paths([str(old)])
    bar = main_window.info_bar
    assert bar.isVisible() and "missing element x" in bar.message
    top_left = bar.mapTo(main_window, QPoint(0, 0))
    assert top_left.y() < main_window.height() // 3  # above the canvas, where it is seen
    QTest.mouseClick(bar.close_button, Qt.MouseButton.LeftButton)
    assert not bar.isVisible()


def test_a_damaged_library_is_restored_and_the_window_says_so(qtbot: Any, autograph_home: Path) -> None:
    from autograph_desktop.apppaths import app_paths
    from autograph_desktop.gui.app import start
    from autograph_desktop.model import Diagram, DiagramMeta
    from autograph_desktop.store import Library
    from autograph_desktop.store.backup import daily_backup

    path = app_paths().library_path
    library = Library.open(path)
    library.diagrams.create(Diagram(DiagramMeta(title="Kept safe")))
    daily_backup(path, now=datetime.now(UTC) + timedelta(days=1))  # the newest backup holds the diagram
    library.close()
    with open(path, "r+b") as handle:  # damage the header
        handle.write(b"this is not sqlite at all")
    window = start([])
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.library is not None, timeout=30000)
    assert "Kept safe" in [d.title for d in window.library.list_diagrams("all")]
    assert window.info_bar.isVisible() and "backup" in window.info_bar.message.lower()
    window.close()


def test_the_properties_panel_fits_its_dock_at_the_default_and_a_small_window_size(main_window: MainWindow,
                                                                                    qtbot: Any) -> None:
    """Every field of the panel is wholly inside the dock (it never scrolls sideways): a long font or
    arrowhead name once made its combo box wider than the panel, cutting the fields off at the right."""
    from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox

    tab = main_window.new_document()
    from autograph_desktop.model import edits

    shape = Shape(x=0, y=0, w=120, h=60, text="A")
    tab.history.execute(edits.add_elements(tab.doc, [shape]))
    tab.view.set_selection([shape.id])
    panel = main_window.properties
    main_window.docks["properties"].show()
    main_window.docks["properties"].raise_()
    for width, height in ((1200, 800), (1000, 700)):
        main_window.resize(width, height)
        QApplication.processEvents()
        panel.refresh()
        QApplication.processEvents()
        viewport = panel.viewport()
        fields = [w for kind in (QComboBox, QAbstractSpinBox, QAbstractButton)
                  for w in panel.widget().findChildren(kind) if w.isVisible()]
        assert len(fields) > 20
        for field in fields:
            left = field.mapTo(viewport, QPoint(0, 0)).x()
            assert left >= 0 and left + field.width() <= viewport.width(), (width, field.accessibleName())
