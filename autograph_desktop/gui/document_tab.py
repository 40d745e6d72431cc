"""One open diagram in the main window: its canvas, document, history and where it is saved.

A tab knows whether it has unsaved changes by comparing a revision counter (bumped by every document
change) with the revision at the last save; library diagrams save through their DocumentSession instead.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from autograph_desktop.model import ChangeSet, Diagram, History


class CanvasLike(Protocol):
    """The part of the canvas contract the shell relies on (see gui/canvas)."""

    controller: Any

    def selected_ids(self) -> list[str]: ...


CanvasFactory = Callable[[Diagram, History, QWidget | None], QWidget]


def default_canvas_factory(doc: Diagram, history: History, parent: QWidget | None) -> QWidget:
    from autograph_desktop.gui.canvas import CanvasView

    view: QWidget = CanvasView(doc, history, parent)
    return view


class DocumentTab(QWidget):
    """A tab page: the canvas plus the document's identity (file path or library id) and saved state."""

    dirtyChanged = Signal(bool)
    documentChanged = Signal()

    def __init__(self, doc: Diagram, factory: CanvasFactory, path: str | None = None,
                 session: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        # A library session owns the history so that its version hooks see every transaction.
        self.history: History = session.history if session is not None else History(doc)
        self.path = path
        self.session = session
        self.library_id: str | None = getattr(session, "diagram_id", None) if session is not None else None
        self.imported_from: str | None = None
        self._revision = 0
        self._saved_revision = 0
        self.view: Any = factory(doc, self.history, self)
        self.view.setAccessibleName(f"Canvas: {self.title}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.setFocusProxy(self.view)
        self._unsubscribe = doc.subscribe(self._on_change)
        self._autosave: QTimer | None = None
        if session is not None and hasattr(session, "tick"):
            self._autosave = QTimer(self)
            self._autosave.setInterval(500)
            self._autosave.timeout.connect(self._tick)
            self._autosave.start()

    def _tick(self) -> None:
        was_dirty = self.dirty
        try:
            self.session.tick()
        except Exception:  # a failing autosave must not kill the editor; the dirty marker stays visible
            return
        if was_dirty and not self.dirty:
            self.dirtyChanged.emit(False)

    # ----------------------------------------------------------------- state
    @property
    def title(self) -> str:
        if self.path:
            return os.path.splitext(os.path.basename(self.path))[0]
        return self.doc.meta.title or "Untitled diagram"

    @property
    def dirty(self) -> bool:
        if self.session is not None:
            return bool(getattr(self.session, "dirty", False))
        return self._revision != self._saved_revision

    @property
    def needs_prompt(self) -> bool:
        """Library diagrams autosave (and flush on close), so only file-backed or new ones ask."""
        return self.session is None and self.dirty

    def mark_saved(self) -> None:
        self._saved_revision = self._revision
        self.dirtyChanged.emit(False)

    def _on_change(self, _doc: Diagram, _changes: ChangeSet) -> None:
        was_dirty = self.dirty
        self._revision += 1
        self.documentChanged.emit()
        if not was_dirty:
            self.dirtyChanged.emit(True)

    def close_document(self) -> None:
        """Stop listening and let the session flush (called when the tab goes away)."""
        self._unsubscribe()
        if self._autosave is not None:
            self._autosave.stop()
        if self.session is not None and hasattr(self.session, "close"):
            if getattr(self.session, "dirty", False):
                self.session.save()
            self.session.close()

    # ----------------------------------------------------------------- saving
    def save_to(self, path: str) -> None:
        """Write the document as `.autograph` (atomically); raises OSError on failure."""
        from autograph_desktop.formats.native import save_file

        save_file(self.doc, path)
        self.path = path
        self.imported_from = None
        self.mark_saved()

    def save(self) -> bool:
        """Save where the document came from; False when it has no home yet (the caller asks for one)."""
        if self.session is not None:
            if hasattr(self.session, "explicit_save"):
                self.session.explicit_save()
            else:
                self.session.save()
            self.dirtyChanged.emit(False)
            return True
        if self.path and self.path.lower().endswith(".autograph") and not self.imported_from:
            self.save_to(self.path)
            return True
        return False
