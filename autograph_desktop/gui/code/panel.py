"""The diagram-as-code panel: Mermaid on the left, the live native diagram on the right.

The code is the source of truth: each pause in typing rebuilds the diagram (off the GUI thread for big
inputs). The panel keeps one document for its whole life: a build is applied to it as the change from what
is drawn to what was built (elements keep their ids, see `mermaid.stable_ids`), so a library diagram, the
crash journal and sync see a small edit, not a new document. The document's `meta.source` always holds the
code, even code that does not parse yet. Nodes the user drags on the canvas become layout hints, so they
stay put when the code changes; nodes and links drawn on the canvas can be written back into the code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from autograph_desktop.gui.canvas import CanvasView
from autograph_desktop.gui.code.editor import CodeEditor
from autograph_desktop.gui.code.live import BuildResult, LiveBuilder
from autograph_desktop.gui.code.writeback import canvas_additions
from autograph_desktop.mermaid.snippets import SNIPPETS
from autograph_desktop.mermaid.stable_ids import adopt_ids
from autograph_desktop.model import ChangeSet, Diagram, History, update_meta
from autograph_desktop.model.transition import transition

DEBOUNCE_MS = 15
#: Code and canvas share the width about 40/60 when the tab opens.
EDITOR_SHARE = 0.4


class CodePanel(QWidget):
    """A split editor; `view` is the canvas of `doc`, the one document every build is applied to."""

    rebuilt = Signal(object)  # BuildResult
    codeChanged = Signal()

    def __init__(self, text: str = "", parent: QWidget | None = None, *, doc: Diagram | None = None,
                 history: History | None = None, theme: str = "light") -> None:
        super().__init__(parent)
        self.setAccessibleName("Diagram as code")
        self.doc = doc if doc is not None else Diagram()
        self.history = history if history is not None else History(self.doc)
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
        self.status.setObjectName("CodeStatus")
        self.status.setContentsMargins(6, 3, 6, 3)
        self.code_toggle = QToolButton(self)
        self.code_toggle.setText("Code")
        self.code_toggle.setCheckable(True)
        self.code_toggle.setChecked(True)
        self.code_toggle.setAccessibleName("Show the code editor")
        self.code_toggle.setToolTip("Show or hide the code beside the canvas")
        self.code_toggle.toggled.connect(self.set_code_visible)

        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 4)
        bar.addWidget(self.code_toggle)
        bar.addWidget(self.snippets)
        bar.addStretch(1)
        bar.addWidget(self.write_back_button)
        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.editor, 1)
        column.addWidget(self.status)

        self.editor_pane = left
        self.view = CanvasView(self.doc, self.history, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("CodeSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.view)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self._sized = False  # becomes True once the user has chosen the split
        self.splitter.splitterMoved.connect(self._user_split)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)

        self.builder = LiveBuilder(self)
        self.builder.built.connect(self._apply)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.rebuild)
        self.editor.textChanged.connect(self._text_edited)
        self._watch(self.doc)
        if text:
            self.set_text(text)

    # ----------------------------------------------------------------- code
    def text(self) -> str:
        return self.editor.toPlainText()

    def set_text(self, text: str) -> None:
        self.editor.setPlainText(text)
        self.rebuild()

    def _text_edited(self) -> None:
        self.codeChanged.emit()
        self.timer.start()

    def _snippet_chosen(self, index: int) -> None:
        if index > 0:
            self.editor.insert_snippet(SNIPPETS[self.snippets.itemText(index)])
        self.snippets.setCurrentIndex(0)

    def rebuild(self) -> None:
        self.timer.stop()
        self.builder.request(self.text(), self.hints)

    def set_code_visible(self, visible: bool) -> None:
        """The "Code" toggle: hide the editor to give the canvas the whole width, or show it again."""
        self.editor_pane.setVisible(visible)
        if self.code_toggle.isChecked() != visible:
            self.code_toggle.setChecked(visible)
        if visible:
            self._share_width()

    def _user_split(self, _pos: int, _index: int) -> None:
        self._sized = True

    @property
    def code_visible(self) -> bool:
        return not self.editor_pane.isHidden()

    def _share_width(self) -> None:
        total = self.splitter.width()
        if total > 200:
            editor = max(260, int(total * EDITOR_SHARE))
            self.splitter.setSizes([editor, max(200, total - editor)])

    def resizeEvent(self, event: object) -> None:  # type: ignore[override]
        super().resizeEvent(event)  # type: ignore[arg-type]
        if not self._sized and self.code_visible:
            self._share_width()  # until the user drags the divider, keep the code at about 40 %

    # ----------------------------------------------------------------- results
    def _apply(self, result: BuildResult) -> None:
        self.last_result = result
        self.editor.set_problems(result.problems)
        if result.diagram is None:
            first = result.problems[0] if result.problems else None
            where = f"Line {first.line}: " if first and first.line else ""
            hint = f" — {first.hint}" if first and first.hint else ""
            self.status.setText(f"⚠ {where}{first.message if first else 'cannot draw'}{hint}")
            self._keep_source()
            self.rebuilt.emit(result)
            return  # keep showing the last good diagram while the user fixes the code
        nodes, edges = result.counts
        self.status.setText(f"{result.diagram_type}: {nodes} nodes, {edges} edges · {result.elapsed_ms:.0f} ms")
        self.write_back_button.setEnabled(result.diagram_type == "flowchart")
        first_build = len(self.doc) == 0
        built = result.diagram
        # The document keeps its identity and title; the build brings elements, kind, theme and the code.
        built.set_meta(replace(built.meta, id=self.doc.meta.id, title=self.doc.meta.title,
                               created=self.doc.meta.created))
        change = transition(self.doc, adopt_ids(self.doc, built), "Update from code")
        self._applying = True
        try:
            if change:
                self.doc.execute(change)
            self.history.clear()  # canvas undo steps refer to the drawing the code just replaced
        finally:
            self._applying = False
        if first_build:
            self.view.request_home()
        self.rebuilt.emit(result)

    def _keep_source(self) -> None:
        """Code that does not parse is still the user's work: keep it in the document's metadata."""
        op = update_meta(self.doc.meta, source=self.text(), source_kind="mermaid")
        if op is not None:
            self._applying = True
            try:
                self.doc.execute(op)
            finally:
                self._applying = False

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
