"""The keyboard shortcuts cheat sheet: every command with a shortcut, grouped by category, filterable."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from autograph_desktop.gui.actions import ActionRegistry


class ShortcutsDialog(QDialog):
    """Read from the registry each time it opens, so customised shortcuts show as they are now."""

    def __init__(self, registry: ActionRegistry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard Shortcuts")
        self.setAccessibleName("Keyboard shortcuts")
        self.resize(560, 640)
        self.registry = registry
        layout = QVBoxLayout(self)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter by command or key…")
        self.filter.setAccessibleName("Filter shortcuts")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.apply_filter)
        layout.addWidget(self.filter)
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName("Shortcuts by category")
        self.tree.setHeaderLabels(["Command", "Shortcut"])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setAlternatingRowColors(True)
        layout.addWidget(self.tree, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.populate()
        self.filter.setFocus()

    def populate(self) -> None:
        self.tree.clear()
        categories: dict[str, QTreeWidgetItem] = {}
        for command in self.registry.commands():
            keys = self.registry.shortcut_text(command.id)
            if not keys:
                continue
            parent = categories.get(command.category)
            if parent is None:
                parent = QTreeWidgetItem([command.category])
                font = parent.font(0)
                font.setBold(True)
                parent.setFont(0, font)
                parent.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.tree.addTopLevelItem(parent)
                categories[command.category] = parent
            parent.addChild(QTreeWidgetItem([command.text.replace("&", "").rstrip("…"), keys]))
        self.tree.expandAll()

    def _groups(self) -> list[tuple[QTreeWidgetItem, list[QTreeWidgetItem]]]:
        out = []
        for i in range(self.tree.topLevelItemCount()):
            parent = self.tree.topLevelItem(i)
            if parent is not None:
                children = [parent.child(j) for j in range(parent.childCount())]
                out.append((parent, [c for c in children if c is not None]))
        return out

    def entries(self) -> list[tuple[str, str, str]]:
        """(category, command, keys) for every visible row."""
        return [(parent.text(0), child.text(0), child.text(1))
                for parent, children in self._groups() for child in children if not child.isHidden()]

    def apply_filter(self, text: str) -> None:
        needle = text.lower().strip()
        for parent, children in self._groups():
            shown = 0
            for child in children:
                hit = not needle or needle in f"{child.text(0)} {child.text(1)} {parent.text(0)}".lower()
                child.setHidden(not hit)
                shown += hit
            parent.setHidden(shown == 0)
