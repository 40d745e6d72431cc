"""A main-window tab for diagram-as-code: the code panel, looking to the window like any document tab.

The tab's `view` is the panel's canvas and its `doc`/`history` follow each rebuild, so every canvas
action (selection, arrange, export, properties) works on the Mermaid-built diagram as on any other.
Saving writes the diagram as `.autograph` with the code in its metadata (`source`), or `.mmd` as text.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from autograph_desktop.gui.code.live import BuildResult
from autograph_desktop.gui.code.panel import CodePanel
from autograph_desktop.gui.document_tab import DocumentTab
from autograph_desktop.model import Diagram, History


class CodeDocumentTab(DocumentTab):
    """A DocumentTab whose document is rebuilt from Mermaid code as the user types."""

    def __init__(self, text: str, path: str | None = None, parent: QWidget | None = None,
                 canvas_factory: Any = None) -> None:
        self._panel: CodePanel | None = None
        self._saved_text = text if path else ""

        def make_panel(doc: Diagram, history: History, owner: QWidget | None) -> QWidget:
            panel = CodePanel("", owner, canvas_factory=canvas_factory)
            self._panel = panel
            return panel

        super().__init__(Diagram(), make_panel, path=path, parent=parent)
        panel = self.panel
        panel.rebuilt.connect(self._rebuilt)
        panel.set_text(text)
        self.setFocusProxy(panel.editor)

    @property
    def panel(self) -> CodePanel:
        assert self._panel is not None
        return self._panel

    # The window talks to `view` as the canvas; the panel is what sits in the tab.
    @property  # type: ignore[override]
    def view(self) -> Any:
        return self._panel.view if self._panel is not None else None

    @view.setter
    def view(self, _widget: Any) -> None:
        """DocumentTab stores the factory's widget here; the panel is already kept in `_panel`."""

    def _rebuilt(self, result: BuildResult) -> None:
        if result.diagram is None or result.diagram is self.doc:
            return
        self._unsubscribe()
        self.doc = self.panel.doc
        self.history = self.panel.history
        self._unsubscribe = self.doc.subscribe(self._on_change)
        self._on_change(self.doc, None)  # type: ignore[arg-type]

    @property
    def code(self) -> str:
        return self.panel.text()

    @property
    def dirty(self) -> bool:
        return self.code != self._saved_text

    def mark_saved(self) -> None:
        self._saved_text = self.code
        super().mark_saved()

    def save_to(self, path: str) -> None:
        """`.mmd`/`.mermaid`/`.md` keep the code as text; anything else is the drawn diagram."""
        if path.lower().endswith((".mmd", ".mermaid")):
            from autograph_desktop.fileio import write_atomic

            write_atomic(path, self.code.encode("utf-8"))
            self.path = path
            self.imported_from = None
            self.mark_saved()
            return
        super().save_to(path)

    def save(self) -> bool:
        if self.path and self.path.lower().endswith((".mmd", ".mermaid")):
            self.save_to(self.path)
            return True
        return super().save()
