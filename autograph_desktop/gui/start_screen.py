"""The start screen of an empty window, and the "New from Template" gallery.

What a person meets first: a welcome line on the very first run, the ways to begin (blank, from Mermaid,
import, open), the built-in templates with real thumbnails drawn by our painter, and recent diagrams. It
reads the template index straight from `resources/templates` so it can show before the library has opened;
thumbnails are drawn a few at a time once the window is on screen, and cached.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import orjson
from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from autograph_desktop.apppaths import app_paths
from autograph_desktop.datafiles import templates_dir
from autograph_desktop.gui.theme import themed_icon
from autograph_desktop.model import Diagram

if TYPE_CHECKING:
    from autograph_desktop.gui.actions import ActionRegistry
    from autograph_desktop.gui.library_source import LibrarySource

log = logging.getLogger(__name__)
ROLE_ID = Qt.ItemDataRole.UserRole + 1
THUMB = QSize(176, 110)
#: Start actions shown as buttons: (command id, label).
START_ACTIONS = (("file.new", "Blank diagram"), ("file.new_mermaid", "From Mermaid code"),
                 ("file.import", "Import a file…"), ("file.open", "Open a file…"))


@dataclass(frozen=True, slots=True)
class TemplateEntry:
    id: str
    name: str
    category: str
    description: str
    file: str = ""  # built-in templates: the `.autograph` file in resources/templates


def builtin_entries() -> list[TemplateEntry]:
    """The shipped templates in the order their index lists them (no library needed)."""
    try:
        index = orjson.loads((templates_dir() / "index.json").read_bytes())
    except (OSError, orjson.JSONDecodeError) as exc:
        log.warning("template index unreadable: %s", exc)
        return []
    return [TemplateEntry(str(t["id"]), str(t["name"]), str(t.get("category", "")), str(t.get("description", "")),
                          str(t["file"])) for t in index if isinstance(t, dict) and "id" in t and "file" in t]


def user_entries(library: LibrarySource | None) -> list[TemplateEntry]:
    """Templates the user saved in the library (none without a library)."""
    if library is None:
        return []
    try:
        return [TemplateEntry(t.id, t.name, t.category, t.description) for t in library.templates() if not t.builtin]
    except Exception as exc:  # the library belongs to the user's disk: show what we can
        log.warning("user templates unavailable: %s", exc)
        return []


def template_document(library: LibrarySource | None, template_id: str) -> Diagram | None:
    """A fresh copy of a template's diagram, or None when it cannot be read."""
    from autograph_desktop.formats.native import load_file
    from autograph_desktop.model.problems import InvalidInput

    for entry in builtin_entries():
        if entry.id == template_id:
            try:
                doc = load_file(str(templates_dir() / entry.file))
            except (OSError, InvalidInput) as exc:
                log.warning("template %s unreadable: %s", entry.file, exc)
                return None
            return doc.copy_as_new(entry.name)
    if library is None:
        return None
    try:
        doc = library.template_diagram(template_id)
    except Exception as exc:  # see user_entries
        log.warning("template %s unreadable: %s", template_id, exc)
        return None
    return doc.copy_as_new(doc.meta.title)


def _thumbnail_file(entry: TemplateEntry) -> Any:
    source = templates_dir() / entry.file
    stamp = hashlib.sha1(f"{entry.id}:{source.stat().st_mtime_ns}".encode()).hexdigest()[:16]
    return app_paths().cache_dir / "template-thumbnails" / f"{stamp}.png"


def template_thumbnail(entry: TemplateEntry) -> QPixmap | None:
    """The template drawn small by the shared painter (cached on disk per template version)."""
    if not entry.file:
        return None
    try:
        cached = _thumbnail_file(entry)
        pixmap = QPixmap()
        if cached.is_file() and pixmap.load(str(cached)):
            return pixmap
        from autograph_desktop.formats.native import load_file
        from autograph_desktop.gui.file_ops import canvas_icon_provider
        from autograph_desktop.render.thumbnail import thumbnail_png

        data = thumbnail_png(load_file(str(templates_dir() / entry.file)), size=THUMB.width() * 2,
                             icon_provider=canvas_icon_provider)
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(data)
        return pixmap if pixmap.loadFromData(data) else None
    except (OSError, ValueError) as exc:
        log.warning("no thumbnail for template %s: %s", entry.id, exc)
        return None


class TemplateGallery(QListWidget):
    """Template cards (thumbnail, name); activating one emits `templateChosen(id)`."""

    templateChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TemplateGallery")
        self.setAccessibleName("Templates")
        self.setViewMode(QListWidget.ViewMode.IconMode)
        self.setIconSize(THUMB)
        self.setGridSize(QSize(THUMB.width() + 28, THUMB.height() + 56))
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setMovement(QListWidget.Movement.Static)
        self.setWordWrap(True)
        self.setSpacing(6)
        self.setUniformItemSizes(True)
        self.itemActivated.connect(self._chosen)
        self.itemClicked.connect(self._chosen)
        self._pending: list[tuple[QListWidgetItem, TemplateEntry]] = []
        self._painter = QTimer(self)
        self._painter.setInterval(0)
        self._painter.timeout.connect(self._paint_one)

    def set_entries(self, entries: list[TemplateEntry], paint: bool = True) -> None:
        """Show these templates; their thumbnails are drawn one per idle moment when `paint` (the start
        screen waits until the library has opened, so that drawing does not slow the start-up)."""
        self.clear()
        self._pending = []
        placeholder = themed_icon("ph.squares-four")
        for entry in entries:
            item = QListWidgetItem(placeholder, entry.name)
            item.setData(ROLE_ID, entry.id)
            item.setToolTip(f"{entry.name}\n{entry.category} · {entry.description}")
            item.setSizeHint(self.gridSize())
            self.addItem(item)
            self._pending.append((item, entry))
        if self._pending and paint:
            QTimer.singleShot(50, self._painter.start)  # after the window's first frame

    def _paint_one(self) -> None:
        if not self._pending:
            self._painter.stop()
            return
        item, entry = self._pending.pop(0)
        pixmap = template_thumbnail(entry)
        if pixmap is not None:
            item.setIcon(QIcon(pixmap))

    @property
    def thumbnails_ready(self) -> bool:
        return not self._pending

    def _chosen(self, item: QListWidgetItem) -> None:
        template_id = item.data(ROLE_ID)
        if template_id:
            self.templateChosen.emit(str(template_id))

    def _fit_height(self) -> None:
        """Show every card without an inner scroll bar: the start page scrolls as a whole."""
        columns = max(1, (self.viewport().width() - 8) // self.gridSize().width())
        rows = max(1, -(-self.count() // columns))
        self.setFixedHeight(rows * self.gridSize().height() + 2 * self.frameWidth() + 12)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if self.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff:
            self._fit_height()


class StartScreen(QScrollArea):
    """The empty window's content: welcome, ways to start, templates and recent diagrams."""

    templateChosen = Signal(str)
    libraryDiagramChosen = Signal(str)
    recentFileChosen = Signal(str)

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_ = window
        self.setObjectName("StartScreen")
        self.setAccessibleName("Start screen")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.library: LibrarySource | None = None
        self.registry: ActionRegistry | None = None
        page = QWidget(self)
        page.setObjectName("StartPage")
        outer = QHBoxLayout(page)
        outer.addStretch(1)
        column = QVBoxLayout()
        column.setSpacing(12)
        outer.addLayout(column, 10)
        outer.addStretch(1)
        self.welcome = QLabel(self)
        self.welcome.setObjectName("StartWelcome")
        self.welcome.setWordWrap(True)
        self.headline = QLabel("Start a diagram", self)
        self.headline.setObjectName("StartTitle")
        column.addSpacing(16)
        column.addWidget(self.welcome)
        column.addWidget(self.headline)
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(8)
        self._action_buttons: list[QPushButton] = []
        for command_id, label in START_ACTIONS:
            button = QPushButton(label, self)
            button.setProperty("command", command_id)
            button.setAccessibleName(label.rstrip("…"))
            button.setMinimumHeight(36)
            self.buttons.addWidget(button)
            self._action_buttons.append(button)
        self.buttons.addStretch(1)
        column.addLayout(self.buttons)
        templates_title = QLabel("Templates", self)
        templates_title.setObjectName("StartSection")
        column.addSpacing(8)
        column.addWidget(templates_title)
        self.gallery = TemplateGallery(self)
        self.gallery.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.gallery.templateChosen.connect(self.templateChosen)
        column.addWidget(self.gallery)
        recent_title = QLabel("Recent", self)
        recent_title.setObjectName("StartSection")
        column.addWidget(recent_title)
        self.recent = QListWidget(self)
        self.recent.setObjectName("StartRecent")
        self.recent.setAccessibleName("Recent diagrams")
        self.recent.setViewMode(QListWidget.ViewMode.IconMode)
        self.recent.setIconSize(QSize(144, 90))
        self.recent.setGridSize(QSize(172, 130))
        self.recent.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.recent.setMovement(QListWidget.Movement.Static)
        self.recent.setWordWrap(True)
        self.recent.setMinimumHeight(150)
        self.recent.itemActivated.connect(self._recent_chosen)
        self.recent.itemClicked.connect(self._recent_chosen)
        column.addWidget(self.recent)
        column.addStretch(1)
        self.setWidget(page)
        self._welcome_if_first_run()
        self.gallery.set_entries(builtin_entries(), paint=False)

    def _welcome_if_first_run(self) -> None:
        settings = self.window_.settings
        first = not bool(settings.value("app/welcomed", False, type=bool))
        if first:
            self.welcome.setText("Welcome to AutoGraph: draw, write diagrams as code, and keep them all in your "
                                 "library — everything works offline. Pick a template or start from a blank page.")
            settings.setValue("app/welcomed", True)
        self.welcome.setVisible(first)

    def set_actions(self, registry: ActionRegistry) -> None:
        """Wire the start buttons to the window's commands (and their themed icons)."""
        first = self.registry is None
        self.registry = registry
        for button in self._action_buttons:
            command_id = str(button.property("command"))
            button.setIcon(registry.action(command_id).icon())
            if first:
                button.clicked.connect(lambda _c=False, c=command_id: registry.action(c).trigger())

    def set_library(self, library: Any) -> None:
        self.library = library
        self.gallery.set_entries(builtin_entries() + user_entries(library))
        self.refresh()

    def refresh(self) -> None:
        """Fill the recent list: library diagrams first (with thumbnails), then recent files."""
        from autograph_desktop.gui.file_ops import recent_files

        self.recent.clear()
        items: list[Any] = []
        library = self.library
        if library is not None:
            try:
                items = list(library.list_diagrams("recent"))[:8]
            except Exception as exc:  # see user_entries
                log.warning("recent diagrams unavailable: %s", exc)
        for info in items:
            icon = themed_icon("ph.file")
            if info.has_thumbnail and library is not None:
                try:
                    data = library.thumbnail(info.id)
                except Exception:  # a thumbnail is decoration; the entry still opens
                    data = None
                pixmap = QPixmap()
                if data and pixmap.loadFromData(data):
                    icon = QIcon(pixmap)
            item = QListWidgetItem(icon, info.title)
            item.setData(ROLE_ID, ("library", info.id))
            item.setToolTip(info.title)
            self.recent.addItem(item)
        for path in recent_files(self.window_.settings)[:8]:
            name = path.replace("\\", "/").rsplit("/", 1)[-1]
            item = QListWidgetItem(themed_icon("ph.file-text"), name)
            item.setData(ROLE_ID, ("file", path))
            item.setToolTip(path)
            self.recent.addItem(item)
        if self.recent.count() == 0:
            empty = QListWidgetItem("Diagrams you open appear here")
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent.addItem(empty)

    def _recent_chosen(self, item: QListWidgetItem) -> None:
        data = item.data(ROLE_ID)
        if not data:
            return
        kind, value = data
        if kind == "library":
            self.libraryDiagramChosen.emit(str(value))
        else:
            self.recentFileChosen.emit(str(value))


class TemplateDialog(QDialog):
    """File > New from Template: the same gallery in a dialog."""

    templateChosen = Signal(str)

    def __init__(self, library: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New from Template")
        self.setAccessibleName("New from template")
        self.gallery = TemplateGallery(self)
        self.gallery.set_entries(builtin_entries() + user_entries(library))
        self.gallery.templateChosen.connect(self._chosen)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Pick a template: it becomes a new diagram in your library.", self))
        layout.addWidget(self.gallery, 1)
        layout.addWidget(buttons)
        self.resize(980, 640)

    def _chosen(self, template_id: str) -> None:
        self.templateChosen.emit(template_id)
        self.accept()
