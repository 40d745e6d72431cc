"""The main window end to end: opening files, New/Save As/Open round trip, prompts, layout persistence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog, QMessageBox
from samples import sample_diagram

from autograph_desktop.formats.native import load_file, save_file
from autograph_desktop.gui.main_window import MainWindow
from autograph_desktop.model import Shape, edits


def _element_count_text(window: MainWindow) -> str:
    return window.status.count.text()


def _add_shape(window: MainWindow, **fields: Any) -> Shape:
    tab = window.current_tab()
    assert tab is not None
    shape = Shape(x=10, y=10, w=120, h=60, text="hello", **fields)
    tab.history.execute(edits.add_elements(tab.doc, [shape]))
    return shape


def test_opens_a_file_given_on_the_command_line(qtbot: Any, dialogs: Any, tmp_path: Path) -> None:
    from autograph_desktop.gui.app import start

    path = tmp_path / "arch.autograph"
    save_file(sample_diagram(), str(path))
    window = start([str(path)], library=None)
    qtbot.addWidget(window)
    tab = window.current_tab()
    assert tab is not None and tab.path == str(path)
    assert window.tabs.count() == 1
    assert len(tab.doc) == len(sample_diagram())
    assert _element_count_text(window).startswith("27 elements")
    assert "arch" in window.windowTitle()
    window.close()


def test_new_save_open_round_trip_without_a_library(main_window: MainWindow, monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    """With no library, a new diagram has no home: Ctrl+S asks for a file, which becomes its home."""
    target = tmp_path / "round" / "trip"
    target.parent.mkdir()
    main_window.registry.action("file.new").trigger()
    assert main_window.tabs.count() == 1
    shape = _add_shape(main_window, shape="ellipse")
    assert main_window.current_tab().dirty  # type: ignore[union-attr]
    assert "Not saved yet" in main_window.status.saved.text()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    main_window.registry.action("file.save").trigger()
    saved = Path(str(target) + ".autograph")
    assert saved.exists()
    assert not main_window.current_tab().dirty  # type: ignore[union-attr]
    assert main_window.status.saved.text() == "✓ Saved"
    main_window.registry.action("file.close").trigger()
    assert main_window.tabs.count() == 0
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(saved)], "")))
    main_window.registry.action("file.open").trigger()
    tab = main_window.current_tab()
    assert tab is not None and tab.path == str(saved)
    reopened = tab.doc.get(shape.id)
    assert isinstance(reopened, Shape) and reopened.shape == "ellipse" and reopened.text == "hello"
    assert load_file(str(saved)).get(shape.id) is not None
    assert str(saved) in main_window.settings.value("recent/files", [])


def test_save_writes_back_to_the_same_file(main_window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "a.autograph"
    save_file(sample_diagram(), str(path))
    main_window.open_paths([str(path)])
    shape = _add_shape(main_window)
    main_window.registry.action("file.save").trigger()
    assert load_file(str(path)).get(shape.id) is not None


def test_unsaved_changes_prompt_on_close(main_window: MainWindow, dialogs: Any, monkeypatch: pytest.MonkeyPatch,
                                         tmp_path: Path) -> None:
    main_window.new_document()
    _add_shape(main_window)
    dialogs.answer = QMessageBox.StandardButton.Cancel
    assert main_window.close() is False
    assert main_window.isVisible()
    assert dialogs.calls[-1][0] == "question" and "Save the changes" in dialogs.calls[-1][2]
    dialogs.answer = QMessageBox.StandardButton.Save
    target = tmp_path / "kept.autograph"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    assert main_window.close() is True
    assert target.exists()


def test_clean_documents_close_without_asking(main_window: MainWindow, dialogs: Any) -> None:
    main_window.new_document()
    assert main_window.close() is True
    assert not [c for c in dialogs.calls if c[0] == "question"]


def test_window_geometry_and_docks_persist_across_windows(qtbot: Any, dialogs: Any) -> None:
    first = MainWindow(library=None)
    qtbot.addWidget(first)
    first.show()
    first.resize(700, 500)  # the offscreen screen is 800x600; restoreGeometry keeps windows on screen
    first.docks["library"].hide()
    first.close()
    second = MainWindow(library=None)
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == (700, 500)
    assert second.docks["library"].isHidden()
    assert not second.registry.action("view.panel.library").isChecked()
    second.close()


def test_malformed_and_missing_files_are_reported_not_fatal(main_window: MainWindow, dialogs: Any,
                                                           tmp_path: Path) -> None:
    bad = tmp_path / "bad.autograph"
    bad.write_bytes(b"{\x00 not json")
    huge_name = tmp_path / ("x" * 200 + ".drawio")
    huge_name.write_text("<mxfile><diagram>" + "A" * 100_000)
    opened = main_window.open_paths([str(bad), str(tmp_path / "missing.autograph"), str(tmp_path), str(huge_name)])
    assert opened == 0
    assert main_window.tabs.count() == 0
    warnings = [c for c in dialogs.calls if c[0] == "warning"]
    assert len(warnings) == 4
    assert "bad.autograph" in warnings[0][2]


def test_view_toggles_apply_to_canvas_and_persist(main_window: MainWindow) -> None:
    main_window.new_document()
    view = main_window.current_view()
    before = view.grid_visible
    main_window.registry.action("view.grid").trigger()
    assert view.grid_visible is (not before)
    assert main_window.registry.action("view.grid").isChecked() is (not before)
    assert main_window.settings.value("view/grid", type=bool) is (not before)
    main_window.registry.action("view.dark_canvas").trigger()
    assert view.canvas_theme == "dark"


def test_zoom_commands_change_the_zoom_shown_in_the_status_bar(main_window: MainWindow) -> None:
    main_window.new_document()
    view = main_window.current_view()
    view.set_zoom(1.0)
    main_window.registry.action("view.zoom_in").trigger()
    assert view.zoom == pytest.approx(1.25)
    assert main_window.status.zoom.text() == "125%"


def test_presentation_mode_hides_chrome_and_escape_restores(main_window: MainWindow, qtbot: Any) -> None:
    main_window.new_document()
    main_window.registry.action("view.presentation").trigger()
    assert main_window.presenting
    assert main_window.menuBar().isHidden() and main_window.toolbar.isHidden()
    assert all(d.isHidden() for d in main_window.docks.values())
    qtbot.keyClick(main_window.current_view(), Qt.Key.Key_Escape)
    assert not main_window.presenting
    assert not main_window.menuBar().isHidden()
    assert not main_window.docks["properties"].isHidden()


def test_import_makes_a_new_diagram_and_leaves_the_open_one_alone(main_window: MainWindow,
                                                                  monkeypatch: pytest.MonkeyPatch,
                                                                  tmp_path: Path) -> None:
    path = tmp_path / "other.autograph"
    save_file(sample_diagram(), str(path))
    main_window.new_document()
    _add_shape(main_window)
    tab = main_window.current_tab()
    assert tab is not None
    steps = len(tab.history.steps)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(path)], "")))
    main_window.registry.action("file.import").trigger()
    assert len(tab.doc) == 1 and len(tab.history.steps) == steps  # untouched
    assert main_window.tabs.count() == 2
    imported = main_window.current_tab()
    assert imported is not tab and imported is not None and len(imported.doc) == len(sample_diagram())
    assert imported.path is None  # a new diagram, never the file it came from


def test_export_png_writes_an_image(main_window: MainWindow, monkeypatch: pytest.MonkeyPatch,
                                    tmp_path: Path) -> None:
    main_window.add_document(sample_diagram())
    target = tmp_path / "out.png"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    main_window.registry.action("file.export.png").trigger()
    image = QImage(str(target))
    assert not image.isNull() and image.width() > 50


def test_every_default_shortcut_is_unique(main_window: MainWindow) -> None:
    seen: dict[str, str] = {}
    registry = main_window.registry
    for command in registry.commands():
        for seq in registry.action(command.id).shortcuts():
            text = seq.toString()
            assert text not in seen, f"{text} bound to {seen.get(text)} and {command.id}"
            seen[text] = command.id
    assert len(seen) >= 50


def test_commands_enable_with_document_and_selection(main_window: MainWindow) -> None:
    registry = main_window.registry
    assert not registry.action("file.save").isEnabled()
    main_window.new_document()
    assert registry.action("file.save").isEnabled()
    assert not registry.action("edit.delete").isEnabled()
    shape = _add_shape(main_window)
    main_window.current_view().set_selection([shape.id])
    assert registry.action("edit.delete").isEnabled()
    assert registry.action("edit.undo").isEnabled()
    registry.action("edit.delete").trigger()
    assert main_window.current_tab().doc.get(shape.id) is None  # type: ignore[union-attr]
    registry.action("edit.undo").trigger()
    assert main_window.current_tab().doc.get(shape.id) is not None  # type: ignore[union-attr]


@pytest.mark.parametrize("fmt, ext, magic", [("svg", ".svg", b"<svg"), ("pdf", ".pdf", b"%PDF"),
                                             ("drawio", ".drawio", b"<mxfile"), ("excalidraw", ".excalidraw", b"{"),
                                             ("mermaid", ".mmd", b"flowchart")])
def test_export_formats_through_the_menu(main_window: MainWindow, monkeypatch: pytest.MonkeyPatch,
                                         tmp_path: Path, fmt: str, ext: str, magic: bytes) -> None:
    main_window.add_document(sample_diagram())
    target = tmp_path / "out"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    action = main_window.registry.action(f"file.export.{fmt}")
    assert action.isEnabled()
    action.trigger()
    data = (tmp_path / f"out{ext}").read_bytes()
    assert magic in data[:200]


def test_appearance_switches_the_application_theme(main_window: MainWindow) -> None:
    from autograph_desktop.gui import theme

    main_window.registry.action("view.appearance.dark").trigger()
    assert theme.current_mode() == "dark"
    assert main_window.registry.action("view.appearance.dark").isChecked()
    assert main_window.settings.value("view/appearance") == "dark"
    main_window.registry.action("view.appearance.light").trigger()
    assert theme.current_mode() == "light"


def test_dropping_files_opens_them(main_window: MainWindow, tmp_path: Path) -> None:
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    path = tmp_path / "dropped.autograph"
    save_file(sample_diagram(), str(path))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(100, 100), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    main_window.dropEvent(event)
    assert main_window.current_tab() is not None and main_window.current_tab().path == str(path)  # type: ignore[union-attr]


def test_a_big_diagram_opens_and_counts(main_window: MainWindow, tmp_path: Path) -> None:
    from autograph_desktop.model import Diagram

    doc = Diagram()
    shapes = [Shape(x=(i % 60) * 120, y=(i // 60) * 80, w=100, h=60, text=f"n{i}") for i in range(3000)]
    doc.execute(edits.add_elements(doc, shapes))
    path = tmp_path / "big.autograph"
    save_file(doc, str(path))
    assert main_window.open_paths([str(path)]) == 1
    assert _element_count_text(main_window).startswith("3000 elements")


def test_junk_in_the_settings_file_does_not_stop_the_window(qtbot: Any, dialogs: Any) -> None:
    from autograph_desktop.gui.ui_settings import ui_settings

    settings = ui_settings()
    settings.setValue("recent/files", 42)
    settings.setValue("window/geometry", "not bytes")
    settings.setValue("window/state", b"\x00\x01garbage")
    settings.setValue("shortcuts/view.zoom_in", "Ctrl+Shift+Nonsense+Q\n\x00")
    settings.setValue("palette/recent", {"a": 1})
    settings.setValue("insert/favourites", "si.github")
    settings.setValue("view/canvas_theme", "purple")
    settings.sync()
    window = MainWindow(library=None)
    qtbot.addWidget(window)
    window.show()
    window.new_document()
    window.show_palette()
    assert window.command_palette.results()
    window._fill_recent_menu()
    assert window.current_view().canvas_theme in ("light", "dark")
    window.close()
