"""Preferences: keyboard shortcuts (with conflict detection) and icon packs (installed on request via pip).

The UI settings live in an INI file in the app's config dir (so `AUTOGRAPH_HOME` isolates them in tests)
rather than QSettings' platform default location.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QProcess, QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from autograph_desktop.frozen import is_bundle
from autograph_desktop.gui.actions import ActionRegistry

if TYPE_CHECKING:
    from autograph_desktop.gui.library_source import LibrarySource

#: Optional icon packs: (pip requirement, what it brings).
ICON_PACKS: tuple[tuple[str, str], ...] = (
    ("diagrams", "Cloud and infrastructure icons: AWS, Azure, GCP, Kubernetes, on-premise software "
                 "(about 2,400 PNG icons from the `diagrams` package, MIT)"),
)

#: Why the packs cannot be installed from the self-contained app (it carries no Python or pip, and a pack
#: installed into the system's Python would not be seen by it).
BUNDLE_NOTE = ("This copy of AutoGraph is the self-contained install, which cannot add Python packages. "
               "Optional icon packs work with AutoGraph installed from PyPI "
               "(<tt>pip install autograph-desktop diagrams</tt>).")


class ShortcutsPage(QWidget):
    """Every command with its shortcut; select a row, record a new key, and conflicts are refused."""

    def __init__(self, registry: ActionRegistry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.registry = registry
        layout = QVBoxLayout(self)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter commands…")
        self.filter.setAccessibleName("Filter commands")
        self.filter.textChanged.connect(self._apply_filter)
        layout.addWidget(self.filter)
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName("Commands and shortcuts")
        self.tree.setHeaderLabels(["Command", "Shortcut"])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.setRootIsDecorated(False)
        self.tree.currentItemChanged.connect(self._on_current)
        layout.addWidget(self.tree, 1)
        row = QHBoxLayout()
        self.editor = QKeySequenceEdit(self)
        self.editor.setAccessibleName("New shortcut")
        self.editor.setMaximumSequenceLength(1)
        self.assign = QPushButton("Assign", self)
        self.clear = QPushButton("Remove", self)
        self.reset = QPushButton("Reset All", self)
        for widget in (QLabel("Shortcut:", self), self.editor, self.assign, self.clear, self.reset):
            row.addWidget(widget)
        layout.addLayout(row)
        self.message = QLabel("", self)
        self.message.setObjectName("MutedLabel")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.assign.clicked.connect(self.assign_current)
        self.clear.clicked.connect(lambda: self._set(self._current_id(), []))
        self.reset.clicked.connect(self._reset_all)
        self.populate()

    def populate(self) -> None:
        self.tree.clear()
        for command in self.registry.commands():
            item = QTreeWidgetItem([f"{command.category}: {command.text.replace('&', '')}",
                                    self.registry.shortcut_text(command.id)])
            item.setData(0, Qt.ItemDataRole.UserRole, command.id)
            self.tree.addTopLevelItem(item)
        self._apply_filter(self.filter.text())

    def _items(self) -> list[QTreeWidgetItem]:
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [item for item in items if item is not None]

    def _apply_filter(self, text: str) -> None:
        needle = text.lower().strip()
        for item in self._items():
            item.setHidden(bool(needle) and needle not in (item.text(0) + " " + item.text(1)).lower())

    def _current_id(self) -> str | None:
        item = self.tree.currentItem()
        return str(item.data(0, Qt.ItemDataRole.UserRole)) if item is not None else None

    def _on_current(self) -> None:
        command_id = self._current_id()
        if command_id:
            shortcuts = self.registry.action(command_id).shortcuts()
            self.editor.setKeySequence(shortcuts[0] if shortcuts else QKeySequence())

    def assign_current(self) -> bool:
        """Give the selected command the recorded shortcut unless another command already has it."""
        command_id = self._current_id()
        sequence = self.editor.keySequence()
        if not command_id or sequence.isEmpty():
            return False
        clashes = self.registry.conflicts(sequence, except_id=command_id)
        if clashes:
            names = ", ".join(self.registry.command(c).text.replace("&", "") for c in clashes)
            self.message.setText(f"{sequence.toString(QKeySequence.SequenceFormat.NativeText)} is already used by "
                                 f"{names}. Remove it there first.")
            return False
        return self._set(command_id, [sequence])

    def _set(self, command_id: str | None, sequences: list[QKeySequence]) -> bool:
        if not command_id:
            return False
        self.registry.set_shortcuts(command_id, sequences)
        self.message.setText("Saved.")
        current = command_id
        self.populate()
        for item in self._items():
            if item.data(0, Qt.ItemDataRole.UserRole) == current:
                self.tree.setCurrentItem(item)
        return True

    def _reset_all(self) -> None:
        self.registry.reset_shortcuts()
        self.populate()
        self.message.setText("All shortcuts are back to their defaults.")


class IconPacksPage(QWidget):
    """Installs optional icon packs into the app's own environment with pip, showing pip's output."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.process: QProcess | None = None
        self._requirement = ""
        layout = QVBoxLayout(self)
        bundled = is_bundle()
        bundled_sets = "Bundled: Material Design, Phosphor, Font Awesome, Remix, Codicons and Simple Icons brand logos."
        extra = BUNDLE_NOTE if bundled else "Optional packs are downloaded from PyPI only when you ask."
        intro = QLabel(f"{bundled_sets} {extra}", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        for requirement, description in ICON_PACKS:
            row = QHBoxLayout()
            label = QLabel(f"<b>{requirement}</b><br>{description}", self)
            label.setWordWrap(True)
            button = QPushButton("Install", self)
            button.setAccessibleName(f"Install icon pack {requirement}")
            button.clicked.connect(lambda _c=False, r=requirement: self.install(r))
            button.setEnabled(not bundled)
            row.addWidget(label, 1)
            row.addWidget(button)
            layout.addLayout(row)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1)
        self.progress.setAccessibleName("Installation progress")
        layout.addWidget(self.progress)
        self.log = QPlainTextEdit(self)
        self.log.setReadOnly(True)
        self.log.setAccessibleName("Installation log")
        layout.addWidget(self.log, 1)

    def install_command(self, requirement: str) -> tuple[str, list[str]]:
        return sys.executable, ["-m", "pip", "install", "--disable-pip-version-check", requirement]

    def install(self, requirement: str) -> None:
        if is_bundle():  # no interpreter or pip inside the bundle; the buttons are disabled, this is the guard
            self.log.appendPlainText(BUNDLE_NOTE)
            return
        if self.process is not None and self.process.state() != QProcess.ProcessState.NotRunning:
            return
        self._requirement = requirement
        program, args = self.install_command(requirement)
        self.log.appendPlainText(f"$ {program} {' '.join(args)}")
        self.progress.setRange(0, 0)  # busy: pip reports no usable percentage
        process = QProcess(self)
        process.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
        process.readyReadStandardOutput.connect(
            lambda: self.log.appendPlainText(bytes(process.readAllStandardOutput().data()).decode("utf-8", "replace")
                                             .rstrip()))
        process.finished.connect(self._finished)
        self.process = process
        process.start(program, args)

    def _remember_pack(self, requirement: str) -> None:
        """Note the pack in settings.json (`icon_packs`) so that a reinstall of the app can offer it again."""
        from autograph_desktop.config import load_settings, save_settings

        loaded = load_settings()
        if requirement not in loaded.settings.icon_packs:
            loaded.settings.icon_packs = [*loaded.settings.icon_packs, requirement]
            try:
                save_settings(loaded.settings, loaded.paths)
            except OSError as exc:
                self.log.appendPlainText(f"(could not record the pack in the settings file: {exc})")

    def _finished(self, code: int, _status: QProcess.ExitStatus) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(1 if code == 0 else 0)
        if code == 0:
            from autograph_desktop.icons import reset_shared_catalogue

            reset_shared_catalogue()
            self._remember_pack(self._requirement)
            self.log.appendPlainText("Installed. The new icons are searchable in the Insert panel now.")
        else:
            self.log.appendPlainText(f"pip exited with code {code}; nothing was changed.")


class PreferencesDialog(QDialog):
    def __init__(self, registry: ActionRegistry, settings: QSettings, parent: QWidget | None = None,
                 library: LibrarySource | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.setAccessibleName("Preferences")
        self.resize(640, 520)
        self.settings = settings
        layout = QVBoxLayout(self)
        self.pages = QTabWidget(self)
        self.shortcuts = ShortcutsPage(registry, self)
        self.icon_packs = IconPacksPage(self)
        self.pages.addTab(self.shortcuts, "Keyboard Shortcuts")
        self.pages.addTab(self.icon_packs, "Icon Packs")
        from autograph_desktop.gui.ai_settings import add_ai_pages

        add_ai_pages(self.pages, library)
        layout.addWidget(self.pages)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
