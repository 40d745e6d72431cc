"""Small questions the window asks: one place, so that every such question looks the same (and tests can
answer it the way they answer Qt's static message boxes)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def ask_choice(parent: QWidget, title: str, text: str, detail: str, choices: list[str]) -> int | None:
    """Ask the user to pick one of `choices` (button labels, the first is the default); None if closed."""
    box = QMessageBox(parent)
    box.setWindowTitle(title)
    box.setText(text)
    box.setInformativeText(detail)
    buttons = [box.addButton(label, QMessageBox.ButtonRole.AcceptRole) for label in choices]
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(buttons[0])
    box.exec()
    clicked = box.clickedButton()
    return next((n for n, button in enumerate(buttons) if button is clicked), None)
