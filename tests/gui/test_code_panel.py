"""The diagram-as-code panel driven as a user would: type Mermaid, fix errors, drag nodes, draw and write back."""

from __future__ import annotations

from canvas_helpers import scene_click, scene_drag
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from autograph_desktop.gui.code import CodePanel
from autograph_desktop.mermaid.parse import parse
from autograph_desktop.model import Connector, Shape


def _panel(qtbot, text: str = "") -> CodePanel:  # type: ignore[no-untyped-def]
    panel = CodePanel(text)
    qtbot.addWidget(panel)
    panel.resize(1400, 800)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def _type(editor: object, text: str) -> None:
    """Type like a user; QTest cannot send a newline as text, so Return is pressed for each line break."""
    for n, line in enumerate(text.split("\n")):
        if n:
            QTest.keyClick(editor, Qt.Key.Key_Return)  # type: ignore[call-overload]
        if line:
            QTest.keyClicks(editor, line)  # type: ignore[call-overload]


def _shapes(panel: CodePanel) -> dict[str, Shape]:
    return {e.get("mermaid_id"): e for e in panel.doc if isinstance(e, Shape)}


def test_typing_code_builds_the_diagram_live(qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = _panel(qtbot)
    panel.editor.setFocus()
    QTest.keyClicks(panel.editor, "flowchart LR")
    QTest.keyClick(panel.editor, Qt.Key.Key_Return)
    QTest.keyClicks(panel.editor, "A[Client] --> B[API]")
    QTest.keyClick(panel.editor, Qt.Key.Key_Return)
    QTest.keyClicks(panel.editor, "B --> C[(DB)]")
    qtbot.waitUntil(lambda: set(_shapes(panel)) == {"A", "B", "C"}, timeout=3000)
    assert _shapes(panel)["C"].shape == "cylinder"
    assert sum(1 for e in panel.doc if isinstance(e, Connector)) == 2
    assert panel.editor.toPlainText().splitlines()[1].startswith("    A[Client]")  # auto-indent after the header
    assert "flowchart: 3 nodes, 2 edges" in panel.status.text()


def test_errors_are_underlined_with_a_located_message_and_the_last_diagram_stays(qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = _panel(qtbot, "flowchart TD\n    A --> B\n")
    qtbot.waitUntil(lambda: len(_shapes(panel)) == 2, timeout=3000)
    panel.editor.go_to_line(2, 12)
    _type(panel.editor, "\nC[oops --> D")
    qtbot.waitUntil(lambda: bool(panel.editor.problems), timeout=3000)
    problem = panel.editor.problems[0]
    assert problem.line == 3
    assert "Line 3" in panel.status.text()
    assert len(_shapes(panel)) == 2  # the last good diagram is still shown
    selections = panel.editor.extraSelections()
    assert any(s.format.underlineStyle() != s.format.UnderlineStyle.NoUnderline for s in selections)
    QTest.keyClicks(panel.editor, "]")
    qtbot.waitUntil(lambda: not panel.editor.problems and len(_shapes(panel)) == 3, timeout=3000)
    assert _shapes(panel)["C"].text == "oops --> D"


def test_dragged_nodes_keep_their_place_when_the_code_changes(qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = _panel(qtbot, "flowchart TD\n    A[Start] --> B[End]\n")
    qtbot.waitUntil(lambda: len(_shapes(panel)) == 2, timeout=3000)
    view = panel.view
    view.camera.ox = view.camera.oy = 0.0
    view.camera.zoom = 1.0 if hasattr(view.camera, "zoom") else view.camera.zoom
    a = _shapes(panel)["A"]
    centre = (a.x + a.w / 2, a.y + a.h / 2)
    scene_drag(view, centre, (centre[0] + 300, centre[1] + 40))
    moved = _shapes(panel)["A"]
    assert (moved.x, moved.y) != (a.x, a.y)
    panel.editor.moveCursor(panel.editor.textCursor().MoveOperation.End)
    _type(panel.editor, "\nB --> C[Later]")
    qtbot.waitUntil(lambda: "C" in _shapes(panel), timeout=3000)
    again = _shapes(panel)["A"]
    assert (again.x, again.y) == (moved.x, moved.y)


def test_nodes_drawn_on_the_canvas_are_written_back_to_the_code(qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = _panel(qtbot, "flowchart LR\n    A[One] --> B[Two]\n")
    qtbot.waitUntil(lambda: len(_shapes(panel)) == 2, timeout=3000)
    view = panel.view
    b = _shapes(panel)["B"]
    view.set_tool("rectangle")
    scene_drag(view, (b.x + 300, b.y), (b.x + 420, b.y + 60))
    drawn = [e for e in panel.doc if isinstance(e, Shape) and not e.get("mermaid_id")]
    assert len(drawn) == 1
    view.set_tool("connector")
    scene_drag(view, (b.x + b.w / 2, b.y + b.h / 2), (drawn[0].x + 60, drawn[0].y + 30))
    assert any(isinstance(e, Connector) and e.target.element == drawn[0].id for e in panel.doc)
    qtbot.mouseClick(panel.write_back_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(_shapes(panel)) == 3, timeout=3000)
    spec = parse(panel.text())
    assert spec.counts() == (3, 2)
    assert ("B", "n1", "") in {(e.source, e.target, e.label) for e in spec.edges}
    scene_click(view, 5, 5)


def test_big_diagrams_build_off_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    text = "flowchart TD\n" + "\n".join(f"    n{i}[Node {i}] --> n{i + 1}[Node {i + 1}]" for i in range(150)) + "\n"
    panel = _panel(qtbot)
    panel.set_text(text)
    assert len(_shapes(panel)) < 151  # not built synchronously
    qtbot.waitUntil(lambda: len(_shapes(panel)) == 151, timeout=20000)
    assert panel.last_result is not None and panel.last_result.counts == (151, 150)


def test_snippets_fill_an_empty_editor(qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = _panel(qtbot)
    index = panel.snippets.findText("sequence")
    panel.snippets.activated.emit(index)
    qtbot.waitUntil(lambda: panel.last_result is not None and panel.last_result.diagram_type == "sequence",
                    timeout=3000)
    assert panel.text().startswith("sequenceDiagram")
