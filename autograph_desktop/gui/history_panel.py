"""The history panel: the undo steps of the current diagram; clicking a step undoes or redoes to it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from autograph_desktop.model import History

ROLE_POSITION = Qt.ItemDataRole.UserRole + 1


class HistoryPanel(QWidget):
    """Row 0 is the opened document; row n is the state after the n-th step. Redo steps are shown dimmed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("HistoryPanel")
        self.setAccessibleName("Undo history")
        self.history: History | None = None
        self._subscribed: set[int] = set()
        self._filling = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Undo steps")
        self.list.currentRowChanged.connect(self._on_row)
        layout.addWidget(self.list)
        self.setFocusProxy(self.list)

    def set_history(self, history: History | None) -> None:
        self.history = history
        if history is not None and id(history) not in self._subscribed:
            self._subscribed.add(id(history))
            history.subscribe(self._on_history_changed)
        self.reload()

    def _on_history_changed(self, history: History) -> None:
        if history is self.history:
            self.reload()

    def reload(self) -> None:
        self._filling = True
        try:
            self.list.clear()
            if self.history is None:
                return
            done = self.history.steps
            undone = self.history.redo_steps
            self.list.addItem(self._item("Opened", 0, False))
            for n, label in enumerate(done, start=1):
                self.list.addItem(self._item(label or "Edit", n, False))
            for n, label in enumerate(undone, start=len(done) + 1):
                self.list.addItem(self._item(label or "Edit", n, True))
            self.list.setCurrentRow(len(done))
        finally:
            self._filling = False

    def _item(self, label: str, position: int, undone: bool) -> QListWidgetItem:
        item = QListWidgetItem(label)
        item.setData(ROLE_POSITION, position)
        if undone:
            font = QFont(item.font())
            font.setItalic(True)
            item.setFont(font)
            item.setForeground(self.palette().placeholderText())
        return item

    def go_to(self, position: int) -> None:
        """Undo or redo until exactly `position` steps are applied."""
        history = self.history
        if history is None:
            return
        position = max(0, min(position, len(history.steps) + len(history.redo_steps)))
        guard = 100_000
        while len(history.steps) > position and guard and history.undo():
            guard -= 1
        while len(history.steps) < position and guard and history.redo():
            guard -= 1
        self.reload()

    def _on_row(self, row: int) -> None:
        if not self._filling and row >= 0:
            self.go_to(row)
