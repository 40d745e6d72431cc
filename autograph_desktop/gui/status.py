"""The main window's status bar: save state, element and selection counts, cursor position and zoom."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from autograph_desktop.model import Diagram

if TYPE_CHECKING:
    from autograph_desktop.gui.canvas import CanvasView
    from autograph_desktop.gui.document_tab import DocumentTab


class StatusBar(QStatusBar):
    """Permanent labels on the right; transient messages on the left."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StatusBar")
        self.setAccessibleName("Status bar")
        self.setSizeGripEnabled(False)
        self._doc: Diagram | None = None
        self._view: CanvasView | None = None
        self.saved = self._label("save", "Save state")
        self.count = self._label("count", "Element count")
        self.cursor_label = self._label("cursor", "Cursor position")
        self.zoom = self._label("zoom", "Zoom level")
        self.zoom.setMinimumWidth(52)

    def _label(self, name: str, accessible: str) -> QLabel:
        label = QLabel("", self)
        label.setObjectName(f"status:{name}")
        label.setAccessibleName(accessible)
        self.addPermanentWidget(label)
        return label

    def set_document(self, doc: Diagram | None, view: CanvasView | None) -> None:
        self._doc = doc
        self._view = view
        self.refresh_counts()
        if view is not None:
            self.set_zoom(float(view.zoom))
        else:
            self.zoom.setText("")
            self.cursor_label.setText("")

    def refresh_counts(self) -> None:
        if self._doc is None:
            self.count.setText("")
            return
        total = len(self._doc) - self._doc.count("group")
        text = f"{total} element{'s' if total != 1 else ''}"
        selected = len(self._view.selected_ids()) if self._view is not None else 0
        if selected:
            text += f" · {selected} selected"
        self.count.setText(text)

    def set_zoom(self, zoom: float) -> None:
        self.zoom.setText(f"{zoom * 100:.0f}%")

    def set_cursor(self, x: float, y: float) -> None:
        self.cursor_label.setText(f"x {x:.0f}  y {y:.0f}")

    def set_tab(self, tab: DocumentTab | None) -> None:
        """Where the front diagram lives and whether its last edit is on disk there."""
        if tab is None:
            self.saved.setText("")
            return
        state = tab.save_state.value
        if tab.library_id is not None:
            text = {"saved": "✓ Saved to library", "saving": "Saving…"}.get(state, "✓ Saved to library")
        elif state == "never":
            text = "Not saved yet" if len(tab.doc) == 0 else "● Not saved yet (kept safe until you save)"
        elif state == "unsaved":
            text = "● Unsaved changes"
        else:
            text = "✓ Saved"
        self.saved.setText(text)
        self.saved.setToolTip(tab.home.describe())

    def show_message(self, text: str) -> None:
        self.showMessage(text, 4000)
