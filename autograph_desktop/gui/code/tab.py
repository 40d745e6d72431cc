"""A main-window tab for diagram as code: the Mermaid editor beside its live canvas.

The tab's `doc` is the panel's one document (every build is applied to it as a change), so the window's
canvas commands, the library's autosave and the crash journal work on it as on any diagram. The code is
the source: a file home keeps it as `.mmd` text; a library home keeps it in the document's `meta.source`,
which the panel updates with every edit.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from autograph_desktop.gui.canvas import CanvasView
from autograph_desktop.gui.code.live import BuildResult
from autograph_desktop.gui.code.panel import CodePanel
from autograph_desktop.gui.document_tab import DocumentTab
from autograph_desktop.gui.homes import FileHome, Home, ScratchHome
from autograph_desktop.model import Diagram, DiagramMeta


class CodeDocumentTab(DocumentTab):
    """A DocumentTab whose document is built from Mermaid code as the user types."""

    def __init__(self, text: str, path: str | None = None, parent: QWidget | None = None, *,
                 home: Home | None = None, doc: Diagram | None = None) -> None:
        self._initial_text = text
        self._saved_text = text if path else ""
        if home is None:
            home = FileHome(path, "mermaid") if path else ScratchHome()
        super().__init__(doc if doc is not None else Diagram(DiagramMeta(title="Mermaid diagram")), home, parent)
        self.panel.rebuilt.connect(self._rebuilt)
        self.panel.codeChanged.connect(self.codeChanged)
        self.panel.set_text(text)

    def _build_view(self) -> CanvasView:
        self.panel = CodePanel("", self, doc=self.doc, history=self.history)
        self.body.addWidget(self.panel)
        self.setFocusProxy(self.panel.editor)
        return self.panel.view

    def _rebuilt(self, _result: BuildResult) -> None:
        """A build that changed nothing still changes whether the code matches what is saved."""
        self.dirtyChanged.emit(self.dirty)

    @property
    def is_code(self) -> bool:
        return True

    @property
    def code(self) -> str:
        return self.panel.text()

    @property
    def dirty(self) -> bool:
        if isinstance(self.home, FileHome):
            return self.code != self._saved_text
        return super().dirty

    def mark_saved(self) -> None:
        self._saved_text = self.code
        super().mark_saved()

    def set_saved_text_from_disk(self) -> None:
        """After a crash: what the file holds now is the saved state the recovered code differs from."""
        path = self.path
        try:
            with open(path or "", "rb") as handle:
                self._saved_text = handle.read().decode("utf-8-sig", "replace")
        except OSError:
            self._saved_text = ""
        self.dirtyChanged.emit(self.dirty)

    def document_bytes(self, fmt: str) -> bytes:
        if fmt == "mermaid":
            return self.code.encode("utf-8")
        return super().document_bytes(fmt)

    def save_to(self, path: str) -> None:
        """`.mmd`/`.mermaid` keep the code as text (and become the tab's home); anything else is the
        drawn diagram as `.autograph`."""
        if path.lower().endswith((".mmd", ".mermaid")):
            self.write_file(path, "mermaid")
            self.home = FileHome(path, "mermaid")
            self.imported_from = None
            self.mark_saved()
            return
        super().save_to(path)
