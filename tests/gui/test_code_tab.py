"""The code tab behaves like a document tab: its canvas and document follow the code; saving keeps the code."""

from __future__ import annotations

from pathlib import Path

from autograph_desktop.formats.native import load_file
from autograph_desktop.gui.code.tab import CodeDocumentTab
from autograph_desktop.model import Shape, edits


def test_code_tab_follows_rebuilds_and_saves_code_and_diagram(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "flow.mmd"
    source.write_text("flowchart LR\n    A --> B\n", encoding="utf-8")
    tab = CodeDocumentTab(source.read_text(encoding="utf-8"), path=str(source))
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: sum(isinstance(e, Shape) for e in tab.doc) == 2, timeout=3000)
    assert tab.view is tab.panel.view and tab.view.doc is tab.doc
    assert not tab.dirty
    changes: list[int] = []
    tab.documentChanged.connect(lambda: changes.append(1))
    tab.panel.set_text("flowchart LR\n    A --> B --> C\n")
    qtbot.waitUntil(lambda: sum(isinstance(e, Shape) for e in tab.doc) == 3, timeout=3000)
    assert tab.dirty and changes
    # Edits on the canvas go to the current document and its history.
    shape = next(e for e in tab.doc if isinstance(e, Shape))
    tab.history.execute(edits.move(tab.doc, [shape.id], 10, 0))
    assert tab.doc[shape.id].x == shape.x + 10
    assert tab.save()
    assert source.read_text(encoding="utf-8") == "flowchart LR\n    A --> B --> C\n" and not tab.dirty
    drawn = tmp_path / "flow.autograph"
    tab.save_to(str(drawn))
    loaded = load_file(str(drawn))
    assert loaded.meta.source.startswith("flowchart LR") and loaded.meta.source_kind == "mermaid"
    assert sum(isinstance(e, Shape) for e in loaded) == 3
