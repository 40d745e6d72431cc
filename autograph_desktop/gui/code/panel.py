"""The diagram-as-code panel: Mermaid on the left, the live native diagram on the right.

The code is the source of truth: each pause in typing rebuilds the diagram (off the GUI thread for big
inputs). Nodes the user drags on the canvas become layout hints, so they stay put when the code changes;
nodes and links drawn on the canvas can be written back into the code (flowcharts).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from autograph_desktop.gui.code.editor import CodeEditor
from autograph_desktop.gui.code.live import BuildResult, LiveBuilder
from autograph_desktop.gui.code.writeback import canvas_additions
from autograph_desktop.mermaid.snippets import SNIPPETS
from autograph_desktop.model import ChangeSet, Diagram, History

CanvasFactory = Callable[[Diagram, History, QWidget | None], QWidget]
DEBOUNCE_MS = 15


def _default_canvas(doc: Diagram, history: History, parent: QWidget | None) -> QWidget:
    from autograph_desktop.gui.canvas import CanvasView

    view: QWidget = CanvasView(doc, history, parent)
    return view


class CodePanel(QWidget):
    """A split editor; `view` is the canvas showing the current build, `doc` its document."""

    rebuilt = Signal(object)  # BuildResult

    def __init__(self, text: str = "", parent: QWidget | None = None, canvas_factory: CanvasFactory | None = None,
                 theme: str = "light") -> None:
        super().__init__(parent)
        self.setAccessibleName("Diagram as code")
        self.doc = Diagram()
        self.history = History(self.doc)
        self.hints: dict[str, tuple[float, float]] = {}
        self.last_result: BuildResult | None = None
        self._applying = False
        self._unsubscribe: Callable[[], None] | None = None

        self.editor = CodeEditor(self, theme)
        self.snippets = QComboBox(self)
        self.snippets.setAccessibleName("Insert snippet")
        self.snippets.addItem("Insert snippet…")
        for name in SNIPPETS:
            self.snippets.addItem(name)
        self.snippets.activated.connect(self._snippet_chosen)
        self.write_back_button = QPushButton("Canvas → code", self)
        self.write_back_button.setAccessibleName("Write canvas additions to code")
        self.write_back_button.setToolTip("Add nodes and links drawn on the canvas to the code (flowcharts)")
        self.write_back_button.clicked.connect(self.write_back)
        self.status = QLabel("", self)
        self.status.setAccessibleName("Code status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(self.snippets)
        bar.addStretch(1)
        bar.addWidget(self.write_back_button)
        column.addLayout(bar)
        column.addWidget(self.editor, 1)
        column.addWidget(self.status)

        self.view = (canvas_factory or _default_canvas)(self.doc, self.history, self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(self.view)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self.builder = LiveBuilder(self)
        self.builder.built.connect(self._apply)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.rebuild)
        self.editor.textChanged.connect(self.timer.start)
        self._watch(self.doc)
        if text:
            self.set_text(text)

    # ----------------------------------------------------------------- code
    def text(self) -> str:
        return self.editor.toPlainText()

    def set_text(self, text: str) -> None:
        self.editor.setPlainText(text)
        self.rebuild()

    def _snippet_chosen(self, index: int) -> None:
        if index > 0:
            self.editor.insert_snippet(SNIPPETS[self.snippets.itemText(index)])
        self.snippets.setCurrentIndex(0)

    def rebuild(self) -> None:
        self.timer.stop()
        self.builder.request(self.text(), self.hints)

    # ----------------------------------------------------------------- results
    def _apply(self, result: BuildResult) -> None:
        self.last_result = result
        self.editor.set_problems(result.problems)
        if result.diagram is None:
            first = result.problems[0] if result.problems else None
            where = f"Line {first.line}: " if first and first.line else ""
            hint = f" — {first.hint}" if first and first.hint else ""
            self.status.setText(f"⚠ {where}{first.message if first else 'cannot draw'}{hint}")
            self.rebuilt.emit(result)
            return  # keep showing the last good diagram while the user fixes the code
        nodes, edges = result.counts
        self.status.setText(f"{result.diagram_type}: {nodes} nodes, {edges} edges · {result.elapsed_ms:.0f} ms")
        self.write_back_button.setEnabled(result.diagram_type == "flowchart")
        first_build = len(self.doc) == 0
        self._applying = True
        try:
            self.doc = result.diagram
            self.history = History(self.doc)
            self._watch(self.doc)
            set_document = getattr(self.view, "set_document", None)
            if set_document is not None:
                set_document(self.doc, self.history)
            if first_build and hasattr(self.view, "zoom_to_fit"):
                self.view.zoom_to_fit()
        finally:
            self._applying = False
        self.rebuilt.emit(result)

    def _watch(self, doc: Diagram) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
        self._unsubscribe = doc.subscribe(self._doc_changed)

    def _doc_changed(self, doc: Diagram, changes: ChangeSet) -> None:
        """A node the user moved on the canvas keeps its place in later builds."""
        if self._applying:
            return
        for eid, names in changes.updated.items():
            if not names & {"x", "y"}:
                continue
            el = doc.get(eid)
            mermaid_id = el.get("mermaid_id") if el is not None else ""
            if el is not None and mermaid_id and el.kind != "connector":
                self.hints[mermaid_id] = (el.x, el.y)

    # ----------------------------------------------------------------- canvas -> code
    def write_back(self) -> int:
        """Append nodes and links drawn on the canvas to the code; returns how many lines were added."""
        result = self.last_result
        if result is None or result.diagram_type != "flowchart":
            return 0
        lines, hints = canvas_additions(self.doc, self.text())
        if not lines:
            self.status.setText("Nothing new on the canvas to write into the code.")
            return 0
        self.hints.update(hints)
        text = self.text().rstrip("\n") + "\n" + "\n".join(lines) + "\n"
        self.set_text(text)
        return len(lines)
