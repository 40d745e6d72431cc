"""The main window's diagram-as-code tabs and version history, driven through its commands."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QInputDialog

from autograph_desktop.gui.code.tab import CodeDocumentTab
from autograph_desktop.model import Shape, edits


def _shapes(tab) -> int:  # type: ignore[no-untyped-def]
    return sum(isinstance(e, Shape) for e in tab.doc)


def test_new_mermaid_diagram_command_opens_a_live_code_tab(qtbot, main_window) -> None:  # type: ignore[no-untyped-def]
    main_window.registry.action("file.new_mermaid").trigger()
    tab = main_window.current_tab()
    assert isinstance(tab, CodeDocumentTab)
    qtbot.waitUntil(lambda: _shapes(tab) == 4, timeout=5000)  # the flowchart starter
    editor = tab.panel.editor
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    QTest.keyClicks(editor, "ship --> done((Done))")
    qtbot.waitUntil(lambda: _shapes(tab) == 5, timeout=5000)
    # Canvas commands act on the built diagram: select all, then undo-able style change.
    main_window.registry.action("edit.select_all").trigger()
    assert len(tab.view.selected_ids()) >= 5
    tab.view.controller.set_style(fill="red")
    assert all(e.style.fill == "red" for e in tab.doc if isinstance(e, Shape))


def test_opening_and_saving_a_mermaid_file(qtbot, main_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "auth.mmd"
    path.write_text("sequenceDiagram\n    Alice->>Bob: Hi\n", encoding="utf-8")
    assert main_window.open_paths([str(path)]) == 1
    tab = main_window.current_tab()
    assert isinstance(tab, CodeDocumentTab) and tab.path == str(path)
    qtbot.waitUntil(lambda: _shapes(tab) >= 4, timeout=5000)  # two participants, top and bottom boxes
    tab.panel.editor.moveCursor(tab.panel.editor.textCursor().MoveOperation.End)
    QTest.keyClicks(tab.panel.editor, "    Bob-->>Alice: Hello")
    qtbot.waitUntil(lambda: tab.dirty, timeout=3000)
    main_window.registry.action("file.save").trigger()
    assert path.read_text(encoding="utf-8").endswith("Bob-->>Alice: Hello")
    assert not tab.dirty


def test_version_history_of_a_library_diagram(qtbot, dialogs, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from autograph_desktop.gui.library_sidebar import StoreLibrarySource
    from autograph_desktop.gui.main_window import MainWindow
    from autograph_desktop.store import Library

    library = Library.open(tmp_path / "library.sqlite3")
    window = MainWindow(library=StoreLibrarySource(library))
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    from autograph_desktop.formats.native import save_file
    from autograph_desktop.model import Diagram

    save_file(Diagram(), str(tmp_path / "plain.autograph"))
    window.open_paths([str(tmp_path / "plain.autograph")])  # a file diagram has no version history
    window.refresh()
    assert not window.registry.action("view.versions").isEnabled()
    window.show_version_history()  # asked anyway (from the palette's stale list): a friendly message
    assert dialogs.calls and dialogs.calls[-1][0] == "information"
    tab = window.new_document()  # new diagrams live in the library
    assert tab is not None and tab.library_id is not None
    window.refresh()
    assert window.registry.action("view.versions").isEnabled()
    tab.history.execute(edits.add(tab.doc, Shape(x=0, y=0, w=100, h=60, text="first")))
    window.registry.action("view.versions").trigger()
    timeline = window.docks["versions"].widget()
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("v one", True)))
    qtbot.mouseClick(timeline.save_button, Qt.MouseButton.LeftButton)
    tab.history.execute(edits.add(tab.doc, Shape(x=200, y=0, w=100, h=60, text="second")))
    timeline.list.item(0).setSelected(True)
    qtbot.mouseClick(timeline.compare_button, Qt.MouseButton.LeftButton)
    assert [e.text for e in timeline.last_diff.picture.diff.added] == ["second"]
    timeline.last_diff.window().close()
    window.close()
    library.close()
