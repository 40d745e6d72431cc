"""One open diagram in the main window: what it shows, its document and history, and where it lives.

Whether a tab has unsaved work is one rule for every home: a revision counter bumped by each document
change, compared with the revision the home last confirmed on disk. A library diagram confirms after the
commit that holds its last edit (the session autosaves within a second), a file when Ctrl+S wrote it.
So the status bar never says "Saved" for an edit that is not yet on disk.
"""

from __future__ import annotations

import os
from enum import Enum

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from autograph_desktop.gui.canvas import CanvasView
from autograph_desktop.gui.homes import FileHome, Home, LibraryHome, ScratchHome
from autograph_desktop.model import ChangeSet, Diagram, History

#: How often a library tab asks its session whether to save (the session decides; a save is ~1 ms).
AUTOSAVE_TICK_MS = 250


class SaveState(Enum):
    SAVED = "saved"  # everything is on disk where the document lives
    SAVING = "saving"  # a library diagram with edits its next autosave (within a second) will commit
    UNSAVED = "unsaved"  # a file with changes Ctrl+S has not written yet
    NEVER = "never"  # no home yet (no library): only the crash journal holds it


class DocumentTab(QWidget):
    """A tab page: the canvas, the document's identity (its home) and its saved state."""

    dirtyChanged = Signal(bool)
    documentChanged = Signal()
    #: The code of a code tab was edited (canvas tabs never emit it).
    codeChanged = Signal()
    #: The home confirmed a save (the status bar and the crash journal listen).
    saved = Signal()

    def __init__(self, doc: Diagram, home: Home, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.home: Home = home
        self.history: History = home.history_for(doc)
        self.revision = 0
        self.saved_revision = 0
        #: Where the document was read from when it is a copy of a file (imports, pages of a big file).
        self.imported_from: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.body = layout
        self.view = self._build_view()
        self.view.setAccessibleName(f"Canvas: {self.title}")
        self._unsubscribe = doc.subscribe(self._on_change)
        self._autosave: QTimer | None = None
        if isinstance(home, LibraryHome):
            self._start_autosave()

    def _build_view(self) -> CanvasView:
        """What the tab shows; a code tab puts its editor beside the canvas instead."""
        view = CanvasView(self.doc, self.history, self)
        self.body.addWidget(view)
        self.setFocusProxy(view)
        return view

    # ----------------------------------------------------------------- identity
    @property
    def title(self) -> str:
        if isinstance(self.home, FileHome):
            return os.path.splitext(os.path.basename(self.home.path))[0]
        return self.doc.meta.title or "Untitled diagram"

    @property
    def path(self) -> str | None:
        """The file this tab edits in place, if it edits one."""
        return self.home.path if isinstance(self.home, FileHome) else None

    @property
    def session(self) -> object | None:
        return self.home.session if isinstance(self.home, LibraryHome) else None

    @property
    def library_id(self) -> str | None:
        return self.home.diagram_id if isinstance(self.home, LibraryHome) else None

    @property
    def is_code(self) -> bool:
        return False

    @property
    def code(self) -> str:
        """The code of a code tab; a canvas tab has none."""
        return ""

    # ----------------------------------------------------------------- saved state
    @property
    def dirty(self) -> bool:
        return self.revision != self.saved_revision

    @property
    def save_state(self) -> SaveState:
        if isinstance(self.home, ScratchHome):
            return SaveState.NEVER
        if not self.dirty:
            return SaveState.SAVED
        return SaveState.SAVING if isinstance(self.home, LibraryHome) else SaveState.UNSAVED

    @property
    def needs_prompt(self) -> bool:
        """Library diagrams save themselves; files with changes and homeless documents ask before closing."""
        if isinstance(self.home, LibraryHome):
            return False
        return (isinstance(self.home, ScratchHome) and len(self.doc) > 0) or self.dirty

    def mark_saved(self) -> None:
        was_dirty = self.dirty
        self.saved_revision = self.revision
        self.saved.emit()
        if was_dirty:
            self.dirtyChanged.emit(False)

    def _on_change(self, _doc: Diagram, _changes: ChangeSet | None) -> None:
        was_dirty = self.dirty
        self.revision += 1
        self.documentChanged.emit()
        if not was_dirty:
            self.dirtyChanged.emit(True)

    # ----------------------------------------------------------------- the library's autosave
    def _start_autosave(self) -> None:
        self._autosave = QTimer(self)
        self._autosave.setInterval(AUTOSAVE_TICK_MS)
        self._autosave.timeout.connect(self.autosave_tick)
        self._autosave.start()

    def autosave_tick(self) -> None:
        """Let the session save when its policy says so; confirm the revision its commit holds."""
        home = self.home
        if not isinstance(home, LibraryHome):
            return
        revision = self.revision
        try:
            home.session.tick()
        except OSError:  # a full disk or a locked file: the dirty marker stays, the next tick retries
            return
        if not home.session.dirty and self.saved_revision != revision:
            self.saved_revision = revision
            self.saved.emit()
            if not self.dirty:
                self.dirtyChanged.emit(False)

    # ----------------------------------------------------------------- saving
    def document_bytes(self, fmt: str) -> bytes:
        """The document in one of the formats a file can be edited in place in."""
        if fmt == "autograph":
            from autograph_desktop.formats.native import dumps

            return dumps(self.doc)
        from autograph_desktop.gui.file_ops import export_bytes

        return export_bytes(self.doc, fmt)

    def write_file(self, path: str, fmt: str) -> None:
        """Write the document to a file (atomically); raises OSError on failure."""
        from autograph_desktop.fileio import write_atomic

        write_atomic(path, self.document_bytes(fmt))

    def save_to(self, path: str) -> None:
        """Make `path` (an `.autograph` file) this tab's home and write it."""
        self.write_file(path, "autograph")
        self.home = FileHome(path, "autograph")
        self.imported_from = None
        self.mark_saved()

    def save(self) -> str | None:
        """Save where the document lives now; the message to show, or None when it has no home yet
        (the window then asks where). Raises OSError when writing fails."""
        home = self.home
        if isinstance(home, LibraryHome):
            number = home.session.explicit_save()
            self.mark_saved()
            return f"Saved “{self.title}” to the library (version {number})"
        if isinstance(home, FileHome):
            self.write_file(home.path, home.fmt)
            self.mark_saved()
            return f"Saved {os.path.basename(home.path)}"
        return None

    def move_home(self, home: Home) -> None:
        """Give the document another home (added to the library, saved as a file); it is saved there."""
        if self._autosave is not None:
            self._autosave.stop()
            self._autosave = None
        self.home = home
        if isinstance(home, LibraryHome):
            self.history = home.session.history
            self.view.set_document(self.doc, self.history)
            self._start_autosave()
        self.mark_saved()

    def close_document(self) -> None:
        """Stop listening and let a library session flush (called when the tab goes away)."""
        self._unsubscribe()
        if self._autosave is not None:
            self._autosave.stop()
        home = self.home
        if isinstance(home, LibraryHome):
            if home.session.dirty:
                home.session.save()
            home.session.close()
