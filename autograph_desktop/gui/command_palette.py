"""The command palette (Ctrl+K): fuzzy search over every command and every library diagram; Enter runs.

It is an overlay inside the main window rather than a separate popup window, so it never fights the
window manager for focus and shows up in window screenshots.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSettings,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPainter, QPixmap, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsDropShadowEffect,
    QLineEdit,
    QListView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from autograph_desktop.gui.actions import ActionRegistry
from autograph_desktop.gui.theme import color, themed_icon
from autograph_desktop.icons.search import FuzzyIndex

RECENT_KEY = "palette/recent"
RECENT_LIMIT = 8
ROLE_KIND = Qt.ItemDataRole.UserRole + 1  # "command" | "diagram"
ROLE_ID = Qt.ItemDataRole.UserRole + 2
ROLE_DETAIL = Qt.ItemDataRole.UserRole + 3


class _Delegate(QStyledItemDelegate):
    """Draws the row as usual plus the shortcut (or "Diagram") right-aligned in the muted colour."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().paint(painter, option, index)
        detail = index.data(ROLE_DETAIL)
        if detail:
            painter.save()
            painter.setPen(QColor(color("muted")))
            rect: QRect = option.rect.adjusted(0, 0, -12, 0)  # type: ignore[attr-defined]
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), str(detail))
            painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), 32))


class CommandPalette(QFrame):
    libraryDiagramChosen = Signal(str)

    def __init__(self, registry: ActionRegistry, settings: QSettings, library: Any, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("CommandPalette")
        self.setAccessibleName("Command palette")
        self.registry = registry
        self.settings = settings
        self.library = library
        self._commands = [c for c in registry.commands() if c.in_palette]
        blank = QPixmap(18, 18)
        blank.fill(Qt.GlobalColor.transparent)
        self._blank = QIcon(blank)  # keeps rows without an icon aligned with the rest
        self._index = FuzzyIndex([(c.text.replace("&", "").rstrip("…"), (c.category, *c.aliases, c.id))
                                  for c in self._commands])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 6)
        layout.setSpacing(0)
        self.input = QLineEdit(self)
        self.input.setObjectName("PaletteInput")
        self.input.setPlaceholderText("Type a command or search diagrams…")
        self.input.setAccessibleName("Command or diagram")
        self.input.textChanged.connect(self.update_results)
        self.input.installEventFilter(self)
        layout.addWidget(self.input)
        self.model = QStandardItemModel(self)
        self.list = QListView(self)
        self.list.setObjectName("PaletteList")
        self.list.setAccessibleName("Matching commands and diagrams")
        self.list.setModel(self.model)
        self.list.setItemDelegate(_Delegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setIconSize(QSize(18, 18))
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.clicked.connect(lambda index: self.run_row(index.row()))
        layout.addWidget(self.list)
        shadow = QGraphicsDropShadowEffect(self)
        shadow.setBlurRadius(36)
        shadow.setOffset(0, 8)
        shadow.setColor(QColor(0, 0, 0, 90))
        self.setGraphicsEffect(shadow)
        self.update_results("")

    # ----------------------------------------------------------------- showing
    def popup(self) -> None:
        parent = self.parentWidget()
        assert parent is not None
        width = min(620, max(360, parent.width() - 80))
        self.setGeometry((parent.width() - width) // 2, 72, width, 200)
        self._fit_height()
        self.show()
        self.raise_()
        self.input.setFocus()

    def dismiss(self) -> None:
        self.hide()
        self.deleteLater()
        parent = self.parentWidget()
        if parent is not None:
            parent.activateWindow()

    # ----------------------------------------------------------------- results
    def recent(self) -> list[str]:
        value = self.settings.value(RECENT_KEY, [])
        items = value if isinstance(value, list) else ([value] if value else [])
        return [str(i) for i in items if isinstance(i, str) and i in self.registry]

    def _command_item(self, command_id: str) -> QStandardItem:
        command = self.registry.command(command_id)
        item = QStandardItem(command.text.replace("&", ""))
        item.setIcon(themed_icon(command.icon) if command.icon else self._blank)
        item.setData("command", ROLE_KIND)
        item.setData(command_id, ROLE_ID)
        keys = self.registry.shortcut_text(command_id).split(", ")[0]
        item.setData(keys or command.category, ROLE_DETAIL)
        item.setToolTip(f"{command.category}: {command.text.replace('&', '')}")
        item.setEditable(False)
        return item

    def update_results(self, text: str) -> None:
        self.model.clear()
        query = text.strip()
        if not query:
            ids = self.recent() + [c.id for c in self._commands if c.id not in self.recent()]
            ids = [i for i in ids if self.registry.is_enabled(i)][:40]
        else:
            ids = [self._commands[n].id for n in self._index.search(query, 40)]
            ids = [i for i in ids if self.registry.is_enabled(i)]
        for command_id in ids:
            self.model.appendRow(self._command_item(command_id))
        if query and self.library is not None:
            try:
                diagrams = list(self.library.search(query, 8))
            except Exception:
                diagrams = []
            for info in diagrams:
                item = QStandardItem(themed_icon("ph.file"), str(info.title))
                item.setData("diagram", ROLE_KIND)
                item.setData(info.id, ROLE_ID)
                item.setData("Diagram", ROLE_DETAIL)
                item.setEditable(False)
                self.model.appendRow(item)
        if self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(0, 0))
        else:
            shown = query if len(query) <= 40 else query[:39] + "…"
            empty = QStandardItem(f"Nothing matches “{shown}”")
            empty.setData("empty", ROLE_KIND)
            empty.setData("", ROLE_ID)
            empty.setData("Try fewer or other words", ROLE_DETAIL)
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.model.appendRow(empty)
        self._fit_height()

    def _fit_height(self) -> None:
        """Grow with the results up to a limit so that a short list does not leave an empty panel."""
        parent = self.parentWidget()
        if parent is None:
            return
        rows = max(1, min(self.model.rowCount(), 11))
        row_height = self.list.sizeHintForRow(0) if self.model.rowCount() else 32
        wanted = self.input.sizeHint().height() + rows * (row_height + 2) + 20
        self.resize(self.width(), min(wanted, max(160, parent.height() - 120)))

    def results(self) -> list[tuple[str, str]]:
        """(kind, id) of each result that can be run (the "nothing matches" line is not one)."""
        rows = [(str(self.model.item(r).data(ROLE_KIND)), str(self.model.item(r).data(ROLE_ID)))
                for r in range(self.model.rowCount())]
        return [row for row in rows if row[0] != "empty"]

    def run_row(self, row: int) -> None:
        item = self.model.item(row)
        if item is None:
            return
        kind, item_id = str(item.data(ROLE_KIND)), str(item.data(ROLE_ID))
        if kind == "empty":
            return
        self.dismiss()
        if kind == "diagram":
            self.libraryDiagramChosen.emit(item_id)
            return
        recent = [item_id, *(i for i in self.recent() if i != item_id)][:RECENT_LIMIT]
        self.settings.setValue(RECENT_KEY, recent)
        self.registry.run(item_id)

    # ----------------------------------------------------------------- keys
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.input and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            row = self.list.currentIndex().row()
            count = self.model.rowCount()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and count:
                step = 1 if key == Qt.Key.Key_Down else -1
                self.list.setCurrentIndex(self.model.index((row + step) % count, 0))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if row >= 0:
                    self.run_row(row)
                return True
            if key == Qt.Key.Key_Escape:
                self.dismiss()
                return True
        if watched is self.input and event.type() == QEvent.Type.FocusOut and not self.list.underMouse():
            self.dismiss()
        return super().eventFilter(watched, event)
