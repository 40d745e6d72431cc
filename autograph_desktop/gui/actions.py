"""The one registry of every command: menus, toolbar, palette, cheat sheet and preferences are built from it.

A command is plain data (id, text, category, default shortcuts, callback, enabled-when); the registry turns
each into one QAction owned by the main window, so a shortcut works the same from every place it shows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence

from autograph_desktop.gui.theme import themed_icon

KeySpec = QKeySequence.StandardKey | str

#: Order in which categories appear in the cheat sheet and preferences.
CATEGORIES = ("File", "Edit", "View", "Arrange", "Insert", "Tools", "Text", "Help")


@dataclass
class Command:
    id: str
    text: str
    category: str
    callback: Callable[[], object]
    shortcuts: Sequence[KeySpec] = ()
    enabled_when: Callable[[], bool] | None = None
    icon: str | None = None
    checkable: bool = False
    checked_when: Callable[[], bool] | None = None
    description: str = ""
    #: Shown in the palette; commands such as "Open Recent" submenus set this False.
    in_palette: bool = True
    aliases: tuple[str, ...] = field(default_factory=tuple)


def to_sequences(specs: Iterable[KeySpec]) -> list[QKeySequence]:
    """Standard keys expand to the platform's bindings (Cmd on macOS, sometimes several per key)."""
    out: list[QKeySequence] = []
    for spec in specs:
        if isinstance(spec, QKeySequence.StandardKey):
            out.extend(QKeySequence.keyBindings(spec))
        elif spec:
            out.append(QKeySequence(spec))
    seen: set[str] = set()
    unique = []
    for seq in out:
        text = seq.toString(QKeySequence.SequenceFormat.PortableText)
        if text and text not in seen:
            seen.add(text)
            unique.append(seq)
    return unique


#: Keys that exist only on some keyboards (Qt adds them to standard bindings); not worth listing.
_DEDICATED_KEYS = {
    Qt.Key.Key_New, Qt.Key.Key_Open, Qt.Key.Key_Save, Qt.Key.Key_Close, Qt.Key.Key_Copy, Qt.Key.Key_Cut,
    Qt.Key.Key_Paste, Qt.Key.Key_Undo, Qt.Key.Key_Redo, Qt.Key.Key_Find, Qt.Key.Key_Forward, Qt.Key.Key_Back,
    Qt.Key.Key_Refresh, Qt.Key.Key_ZoomIn, Qt.Key.Key_ZoomOut, Qt.Key.Key_Help, Qt.Key.Key_Print,
}


def typable(seq: QKeySequence) -> bool:
    return seq.count() > 0 and seq[0].key() not in _DEDICATED_KEYS  # type: ignore[index]


def native_text(seq: QKeySequence) -> str:
    return seq.toString(QKeySequence.SequenceFormat.NativeText)


class ActionRegistry(QObject):
    """Commands by id and the QAction for each; shortcut overrides persist in QSettings under `shortcuts/`."""

    commandRun = Signal(str)
    shortcutsChanged = Signal()

    def __init__(self, parent: QObject, settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self._commands: dict[str, Command] = {}
        self._actions: dict[str, QAction] = {}
        self._settings = settings

    # ----------------------------------------------------------------- registration
    def add(self, command: Command) -> QAction:
        if command.id in self._commands:
            raise ValueError(f"command {command.id!r} registered twice")
        action = QAction(command.text, self.parent())
        action.setObjectName(f"action:{command.id}")
        action.setData(command.id)
        if command.icon:
            action.setIcon(themed_icon(command.icon))
        if command.description:
            action.setStatusTip(command.description)
            action.setToolTip(command.description)
        action.setCheckable(command.checkable)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False, cid=command.id: self.run(cid))
        self._commands[command.id] = command
        self._actions[command.id] = action
        action.setShortcuts(self.shortcuts(command.id))
        self._update_tooltip(command.id)
        return action

    def add_all(self, commands: Iterable[Command]) -> None:
        for command in commands:
            self.add(command)

    # ----------------------------------------------------------------- access
    def __contains__(self, command_id: object) -> bool:
        return command_id in self._commands

    def command(self, command_id: str) -> Command:
        return self._commands[command_id]

    def action(self, command_id: str) -> QAction:
        return self._actions[command_id]

    def commands(self) -> list[Command]:
        order = {c: i for i, c in enumerate(CATEGORIES)}
        return sorted(self._commands.values(),
                      key=lambda c: (order.get(c.category, 99), c.text.replace("&", "").lower()))

    def actions(self) -> list[QAction]:
        return list(self._actions.values())

    def is_enabled(self, command_id: str) -> bool:
        command = self._commands[command_id]
        try:
            return command.enabled_when() if command.enabled_when else True
        except Exception:  # a stale predicate must never break the menus
            return False

    def run(self, command_id: str) -> bool:
        """Run a command if it is enabled now; False otherwise (the palette uses this too)."""
        if command_id not in self._commands or not self.is_enabled(command_id):
            return False
        self._commands[command_id].callback()
        self.commandRun.emit(command_id)
        self.refresh()
        return True

    def refresh(self) -> None:
        """Re-evaluate enabled and checked states (after selection, document or history changes)."""
        for command_id, action in self._actions.items():
            command = self._commands[command_id]
            action.setEnabled(self.is_enabled(command_id))
            if command.checkable and command.checked_when is not None:
                try:
                    state = bool(command.checked_when())
                except Exception:
                    state = False
                if action.isChecked() != state:
                    action.blockSignals(True)
                    action.setChecked(state)
                    action.blockSignals(False)

    # ----------------------------------------------------------------- shortcuts
    def default_shortcuts(self, command_id: str) -> list[QKeySequence]:
        return to_sequences(self._commands[command_id].shortcuts)

    def shortcuts(self, command_id: str) -> list[QKeySequence]:
        if self._settings is not None:
            key = f"shortcuts/{command_id}"
            if self._settings.contains(key):
                stored = self._settings.value(key, "")
                texts = stored if isinstance(stored, list) else [p for p in str(stored or "").split("\n") if p]
                return [QKeySequence(t) for t in texts if QKeySequence(t).count()]
        return self.default_shortcuts(command_id)

    def set_shortcuts(self, command_id: str, sequences: Sequence[QKeySequence]) -> None:
        """Override a command's shortcuts (an empty list removes them); saved at once."""
        clean = [s for s in sequences if s.count()]
        if self._settings is not None:
            if [s.toString() for s in clean] == [s.toString() for s in self.default_shortcuts(command_id)]:
                self._settings.remove(f"shortcuts/{command_id}")
            else:
                text = "\n".join(s.toString(QKeySequence.SequenceFormat.PortableText) for s in clean)
                self._settings.setValue(f"shortcuts/{command_id}", text)
        self._actions[command_id].setShortcuts(clean)
        self._update_tooltip(command_id)
        self.shortcutsChanged.emit()

    def reset_shortcuts(self) -> None:
        for command_id in self._commands:
            if self._settings is not None:
                self._settings.remove(f"shortcuts/{command_id}")
            self._actions[command_id].setShortcuts(self.default_shortcuts(command_id))
            self._update_tooltip(command_id)
        self.shortcutsChanged.emit()

    def conflicts(self, sequence: QKeySequence, except_id: str | None = None) -> list[str]:
        """Ids of other commands already bound to this exact sequence."""
        wanted = sequence.toString(QKeySequence.SequenceFormat.PortableText)
        if not wanted:
            return []
        found = []
        for command_id, action in self._actions.items():
            if command_id == except_id:
                continue
            if any(s.toString(QKeySequence.SequenceFormat.PortableText) == wanted for s in action.shortcuts()):
                found.append(command_id)
        return found

    def shortcut_text(self, command_id: str) -> str:
        """The shortcuts people can type (dedicated Copy/Open/... keys on special keyboards left out)."""
        sequences = [s for s in self._actions[command_id].shortcuts() if typable(s)]
        return ", ".join(native_text(s) for s in sequences)

    def _update_tooltip(self, command_id: str) -> None:
        action = self._actions[command_id]
        command = self._commands[command_id]
        tip = command.description or command.text.replace("&", "").rstrip(".…")
        keys = self.shortcut_text(command_id)
        action.setToolTip(f"{tip} ({keys})" if keys else tip)

    def retheme(self) -> None:
        """Re-tint command icons after the application theme changed."""
        for command_id, command in self._commands.items():
            if command.icon:
                self._actions[command_id].setIcon(themed_icon(command.icon))

    def icon_for(self, command_id: str) -> QIcon:
        return self._actions[command_id].icon()
