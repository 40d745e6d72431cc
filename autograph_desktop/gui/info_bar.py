"""A dismissible message bar above the canvas: reader warnings of an import, recovered work, library notes.

Unlike a dialog it never blocks; unlike the status bar it stays until the user has read it and closes it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolButton, QVBoxLayout, QWidget


class InfoBar(QWidget):
    """One message at a time (a newer one replaces the older); hidden until there is something to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("InfoBar")
        self.setAccessibleName("Message bar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.title = QLabel(self)
        self.title.setObjectName("InfoBarTitle")
        self.text = QLabel(self)
        self.text.setObjectName("InfoBarText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setAccessibleName("Dismiss message")
        self.close_button.setToolTip("Dismiss")
        self.close_button.clicked.connect(self.dismiss)
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(self.title)
        column.addWidget(self.text)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 8, 8, 8)
        #: The message's one action ("Show versions"), when it has one.
        self.action_button = QPushButton(self)
        self.action_button.setObjectName("InfoBarAction")
        self.action_button.hide()
        self.action_button.clicked.connect(self._run_action)
        self._action: Callable[[], None] | None = None
        row.addLayout(column, 1)
        row.addWidget(self.action_button, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_action(self, label: str, action: Callable[[], None]) -> None:
        """Give the message shown now a button (it goes with the message)."""
        self._action = action
        self.action_button.setText(label)
        self.action_button.show()

    def _run_action(self) -> None:
        action = self._action
        self.dismiss()
        if action is not None:
            action()

    def show_message(self, text: str, title: str = "") -> None:
        self._action = None
        self.action_button.hide()
        self.title.setText(title)
        self.title.setVisible(bool(title))
        self.text.setText(text)
        self.show()

    @property
    def message(self) -> str:
        return self.text.text() if self.isVisible() else ""

    def dismiss(self) -> None:
        self.hide()
        self.text.clear()
