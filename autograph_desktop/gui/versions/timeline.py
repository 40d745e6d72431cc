"""The version timeline of a library diagram: browse, label, restore, fork and compare versions."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from autograph_desktop.gui.versions.visual_diff import VisualDiffView, compare
from autograph_desktop.model import Diagram, Element
from autograph_desktop.store.versions import REASON_LABELS


class VersionTimeline(QWidget):
    """Lists versions newest first; works on a DocumentSession (the open library diagram)."""

    forked = Signal(str)
    restored = Signal(int)

    def __init__(self, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Version history")
        self.session = session
        self.list = QListWidget(self)
        self.list.setAccessibleName("Versions")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.save_button = QPushButton("Save version…", self)
        self.restore_button = QPushButton("Restore", self)
        self.fork_button = QPushButton("Fork", self)
        self.label_button = QPushButton("Label…", self)
        self.compare_button = QPushButton("Compare", self)
        self.compare_button.setToolTip("Compare the selected version with the current diagram, or two selected versions")
        for button, slot in ((self.save_button, self.save_version), (self.restore_button, self.restore_selected),
                             (self.fork_button, self.fork_selected), (self.label_button, self.label_selected),
                             (self.compare_button, self.compare_selected)):
            button.setAccessibleName(button.text().rstrip("…"))
            button.clicked.connect(slot)
        # Two columns, so that the panel fits beside the canvas in a small window.
        buttons = QGridLayout()
        buttons.setSpacing(6)
        for n, button in enumerate((self.save_button, self.compare_button, self.restore_button, self.fork_button,
                                    self.label_button)):
            buttons.addWidget(button, n // 2, n % 2)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Versions", self))
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.last_diff: VisualDiffView | None = None
        self.refresh()

    # ----------------------------------------------------------------- listing
    def refresh(self) -> None:
        self.list.clear()
        versions = sorted(self.session.library.versions.all(self.session.diagram_id), key=lambda v: -v.number)
        for info in versions:
            title = f"v{info.number}"
            if info.label:
                title += f" · {info.label}"
            detail = f"{REASON_LABELS.get(info.reason, info.reason)} · {info.created_at[:19].replace('T', ' ')} · " \
                     f"{info.element_count} elements"
            if info.message:
                detail += f"\n{info.message}"
            item = QListWidgetItem(f"{title}\n{detail}")
            item.setData(Qt.ItemDataRole.UserRole, info.number)
            self.list.addItem(item)
        self._update_buttons()

    def selected_numbers(self) -> list[int]:
        return sorted(int(item.data(Qt.ItemDataRole.UserRole)) for item in self.list.selectedItems())

    def _update_buttons(self) -> None:
        count = len(self.selected_numbers())
        self.restore_button.setEnabled(count == 1)
        self.fork_button.setEnabled(count == 1)
        self.label_button.setEnabled(count == 1)
        self.compare_button.setEnabled(count in (1, 2))

    # ----------------------------------------------------------------- actions
    def save_version(self) -> int:
        label, ok = QInputDialog.getText(self, "Save version", "Label (optional):")
        if not ok:
            return 0
        number = int(self.session.explicit_save(label=label))
        self.refresh()
        return number

    def restore_selected(self) -> None:
        numbers = self.selected_numbers()
        if len(numbers) != 1:
            return
        self.session.restore_version(numbers[0])
        self.refresh()
        self.restored.emit(numbers[0])

    def fork_selected(self) -> None:
        numbers = self.selected_numbers()
        if len(numbers) == 1:
            self.forked.emit(self.session.library.versions.fork(self.session.diagram_id, numbers[0]))

    def label_selected(self) -> None:
        numbers = self.selected_numbers()
        if len(numbers) != 1:
            return
        label, ok = QInputDialog.getText(self, "Label version", f"Label for v{numbers[0]}:")
        if ok:
            self.session.library.versions.label(self.session.diagram_id, numbers[0], label)
            self.refresh()

    def compare_selected(self) -> VisualDiffView | None:
        numbers = self.selected_numbers()
        library, diagram_id = self.session.library, self.session.diagram_id
        if len(numbers) == 1:
            older, newer = library.versions.load(diagram_id, numbers[0]), self.session.doc
            title = f"v{numbers[0]} → current"
        elif len(numbers) == 2:
            older, newer = (library.versions.load(diagram_id, n) for n in numbers)
            title = f"v{numbers[0]} → v{numbers[1]}"
        else:
            return None
        dialog = DiffDialog(compare(older, newer), title, self)
        self.last_diff = dialog.view
        dialog.show()
        return dialog.view


#: How a changed property reads in the change list.
_WORDS = {"x": "moved", "y": "moved", "w": "resized", "h": "resized", "rotation": "rotated", "z": "reordered",
          "parent": "moved into another frame or group", "text": "text", "points": "reshaped",
          "waypoints": "rerouted", "source": "reconnected", "target": "reconnected", "hidden": "shown or hidden",
          "locked": "locked or unlocked"}


def _name(element: Element | None, kind: str) -> str:
    label = " ".join(element.text.split())[:40] if element is not None and element.text else ""
    return f"{kind} “{label}”" if label else f"unlabelled {kind}"


def _value(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 24 else text[:23] + "…"


def describe_diff(diff: Any, newer: Diagram, older: Diagram) -> list[str]:
    """The change list in words: what was added, removed, and how each changed element changed."""
    lines: list[str] = []
    for change in diff.changed:
        words: list[str] = []
        for name in change.names:
            if name.startswith("style."):
                old, new = change.changes[name]
                words.append(f"{name[6:].replace('_', ' ')} {_value(old)} → {_value(new)}")
            elif name == "text":
                old, new = change.changes[name]
                words.append(f"text “{_value(old)}” → “{_value(new)}”")
            else:
                words.append(_WORDS.get(name, name.replace("_", " ")))
        element = newer.get(change.id) or older.get(change.id)
        lines.append(f"~ {_name(element, change.kind)}: " + ", ".join(dict.fromkeys(words)))
    lines.extend(f"+ {_name(element, element.kind)}" for element in diff.added)
    lines.extend(f"− {_name(element, element.kind)}" for element in diff.removed)
    return lines


class DiffDialog(QDialog):
    """The visual diff in its own window, with an overlay / side-by-side switch and the change summary."""

    def __init__(self, picture: Any, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Compare {title}")
        self.resize(1100, 700)
        self.view = VisualDiffView(picture, self)
        self.mode = QComboBox(self)
        self.mode.setAccessibleName("Diff mode")
        self.mode.addItem("Overlay", "overlay")
        self.mode.addItem("Side by side", "side_by_side")
        self.mode.currentIndexChanged.connect(lambda _i: self.view.set_mode(self.mode.currentData()))
        self.changes = QListWidget(self)
        self.changes.setAccessibleName("Changes")
        self.changes.setWordWrap(True)
        for line in describe_diff(picture.diff, picture.newer, picture.older):
            self.changes.addItem(line)
        self.changes.setMaximumWidth(340)
        top = QHBoxLayout()
        top.addWidget(QLabel(picture.diff.summary(), self), 1)
        top.addWidget(self.mode)
        body = QHBoxLayout()
        body.addWidget(self.view, 1)
        body.addWidget(self.changes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
