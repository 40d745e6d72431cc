"""Every readable format opens as tabs; imported files are never overwritten by Save."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog
from samples import sample_diagram

from autograph_desktop.gui.library_sidebar import LibrarySidebar
from autograph_desktop.gui.main_window import MainWindow
from autograph_desktop.io import ExportOptions, write_bytes
from autograph_desktop.model import Diagram, DiagramMeta


def _write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_multi_page_drawio_opens_one_tab_per_page(main_window: MainWindow, tmp_path: Path) -> None:
    from autograph_desktop.formats.drawio import write

    pages = [sample_diagram(), Diagram(DiagramMeta(title="Second"))]
    path = _write(tmp_path, "two.drawio", write(pages))
    assert main_window.open_paths([path]) == 2
    assert main_window.tabs.count() == 2
    assert all(t.path is None and t.imported_from == path for t in main_window.document_tabs())


@pytest.mark.parametrize("name, make", [
    ("flow.mmd", lambda: b"flowchart LR\n  A[Start] --> B{Choice}\n  B --> C[Done]\n"),
    ("drawing.excalidraw", lambda: write_bytes(sample_diagram(), "excalidraw")),
    ("picture.png", lambda: write_bytes(sample_diagram(), "png", ExportOptions(embed_diagram=True))),
    ("picture.svg", lambda: write_bytes(sample_diagram(), "svg")),
])
def test_other_formats_open_as_tabs(main_window: MainWindow, tmp_path: Path, name: str, make: Any) -> None:
    path = _write(tmp_path, name, make())
    assert main_window.open_paths([path]) == 1
    tab = main_window.current_tab()
    assert tab is not None and len(tab.doc) >= 3
    assert tab.title.startswith(Path(name).stem)


def test_a_drawio_file_is_edited_in_place_and_saved_back_as_drawio(main_window: MainWindow,
                                                                    tmp_path: Path) -> None:
    from autograph_desktop.formats import drawio
    from autograph_desktop.model import Shape, edits

    path = _write(tmp_path, "flow.drawio", drawio.write([sample_diagram()]))
    main_window.open_paths([path])
    tab = main_window.current_tab()
    assert tab is not None and tab.path == path and not tab.dirty
    tab.history.execute(edits.add(tab.doc, Shape(x=900, y=900, w=120, h=60, text="added in AutoGraph")))
    assert tab.dirty and "Unsaved changes" in main_window.status.saved.text()
    main_window.registry.action("file.save").trigger()
    assert not tab.dirty and main_window.status.saved.text() == "✓ Saved"
    again = drawio.read(Path(path).read_bytes(), path).diagrams[0]
    assert "added in AutoGraph" in {e.text for e in again}
    assert len(again) == len(tab.doc)


def test_save_a_copy_writes_another_format_and_keeps_editing_the_file(main_window: MainWindow, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from autograph_desktop.formats import drawio

    original = drawio.write([sample_diagram()])
    path = _write(tmp_path, "flow.drawio", original)
    main_window.open_paths([path])
    target = tmp_path / "flow-copy.autograph"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    main_window.registry.action("file.save_as").trigger()
    assert target.exists() and Path(path).read_bytes() == original
    tab = main_window.current_tab()
    assert tab is not None and tab.path == path


def test_a_failing_library_shows_a_message_instead_of_crashing(qtbot: Any, dialogs: Any) -> None:
    class Broken:
        def folders(self) -> list[Any]:
            raise RuntimeError("database is locked")

        def list_diagrams(self, section: str, folder_id: str | None = None) -> list[Any]:
            raise RuntimeError("database is locked")

        def search(self, query: str, limit: int = 50) -> list[Any]:
            raise RuntimeError("database is locked")

    sidebar = LibrarySidebar(Broken())  # type: ignore[arg-type]
    qtbot.addWidget(sidebar)
    texts = [sidebar.list.item(i).text() for i in range(sidebar.list.count())]
    assert any("database is locked" in t for t in texts)
    window = MainWindow(library=Broken())  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.show_palette()
    window.command_palette.input.setText("new diagram")
    assert window.command_palette.results()
    window.close()


def test_file_ops_returns_reader_warnings_and_explains_refusals(main_window: MainWindow, dialogs: Any,
                                                                tmp_path: Path) -> None:
    from autograph_desktop.gui import file_ops

    old = _write(tmp_path, "old.autograph", b'{"format": "autograph", "schema_version": 1, "diagram": {"id": "d"},'
                                            b' "elements": [{"id": "c", "kind": "connector", "to": {"element": "x"}}]}')
    result = file_ops.read_result(main_window, old)
    assert result is not None and len(result.diagrams) == 1
    assert any("schema version 1" in w.message for w in result.warnings)
    assert any("missing element x" in w.message for w in result.warnings)
    assert result.diagrams[0].meta.id == "d"
    latin = _write(tmp_path, "latin.mmd", b"flowchart LR\n  A[Caf\xe9]\n")
    assert file_ops.read_text(main_window, latin) is None
    assert dialogs.calls and "offset 20" in dialogs.calls[-1][2]
    assert file_ops.read_result(main_window, _write(tmp_path, "bad.drawio", b"<mxfile><oops")) is None
    assert "line 1" in dialogs.calls[-1][2]
