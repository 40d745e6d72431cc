"""The library sidebar: sections (all, recent, starred, folders, tags, trash), search, diagrams with thumbnails.

It talks to a `LibrarySource` (see `library_source`), so it can be shown and tested without a database.
Tags are added and removed from a diagram's context menu and filter the list from the "Tags" section; the
trash restores, deletes for good and empties.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from autograph_desktop.gui.library_source import LibrarySource, StoreLibrarySource, describe_failure
from autograph_desktop.gui.theme import themed_icon
from autograph_desktop.model import Diagram

if TYPE_CHECKING:
    from autograph_desktop.store.records import DiagramInfo, FolderInfo
    from autograph_desktop.store.session import DocumentSession

ROLE_ID = Qt.ItemDataRole.UserRole + 1
ROLE_TAGS = Qt.ItemDataRole.UserRole + 2
T = TypeVar("T")

SECTIONS = (("all", "All diagrams", "ph.squares-four"), ("recent", "Recent", "ph.clock"),
            ("starred", "Starred", "ph.star"), ("trash", "Trash", "ph.trash"))


class LibrarySidebar(QWidget):
    """Emits `openRequested(diagram_id)`; the window opens it as a tab with its own autosaving session."""

    openRequested = Signal(str)
    renamed = Signal(str, str)

    def __init__(self, source: LibrarySource | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LibrarySidebar")
        self.setAccessibleName("Library")
        self.source = source
        #: Diagram id -> when it last synced (filled by the sync controller; empty while signed out).
        self.sync_times: dict[str, str] = {}
        #: Told about each listed diagram that has no thumbnail (sync fetches the server's, if any).
        self.missing_thumbnail: Callable[[str], None] | None = None
        self.section = "all"
        self.key: str | None = None  # the folder id or tag of the chosen section
        self._error = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search library…")
        self.search.setAccessibleName("Search library")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(themed_icon("ph.magnifying-glass"), QLineEdit.ActionPosition.LeadingPosition)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self.reload_list)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        layout.addWidget(self.search)
        split = QSplitter(Qt.Orientation.Vertical, self)
        self.nav = QTreeWidget(split)
        self.nav.setObjectName("LibraryNav")
        self.nav.setAccessibleName("Library sections, folders and tags")
        self.nav.setHeaderHidden(True)
        self.nav.setIndentation(14)
        self.nav.setRootIsDecorated(False)
        self.nav.currentItemChanged.connect(self._on_section)
        self.nav.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.nav.customContextMenuRequested.connect(self._nav_menu)
        self.list = QListWidget(split)
        self.list.setObjectName("LibraryList")
        self.list.setAccessibleName("Diagrams")
        self.list.setIconSize(QSize(56, 40))
        self.list.setSpacing(2)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.itemActivated.connect(self._on_activated)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._context_menu)
        split.addWidget(self.nav)
        split.addWidget(self.list)
        split.setSizes([190, 400])
        layout.addWidget(split, 1)
        self.setTabOrder(self.search, self.nav)
        self.setTabOrder(self.nav, self.list)
        self.reload()

    def last_synced(self, diagram_id: str) -> str:
        """When the diagram last synced, in words ("" when sync is off or it never did); set by sync."""
        return self.sync_times.get(diagram_id, "")

    def set_source(self, source: LibrarySource | None) -> None:
        self.source = source
        self.reload()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # ----------------------------------------------------------------- talking to the library
    def _safe(self, call: Callable[[LibrarySource], T], default: T) -> T:
        """Library errors show in the list instead of breaking the window (the file is the user's)."""
        if self.source is None:
            return default
        try:
            return call(self.source)
        except Exception as exc:
            self._error = describe_failure(exc)
            return default

    def _do(self, call: Callable[[LibrarySource], object]) -> None:
        self._safe(call, None)
        self.reload()

    # ----------------------------------------------------------------- filling
    def _tags(self) -> list[tuple[str, int]]:
        none: list[tuple[str, int]] = []
        return self._safe(lambda s: s.tags(), none)

    def reload(self) -> None:
        """Rebuild the sections (folders and tags change) and the list."""
        self._error = ""
        self.nav.blockSignals(True)
        self.nav.clear()
        current = None
        for key, label, icon in SECTIONS:
            item = QTreeWidgetItem([label])
            item.setIcon(0, themed_icon(icon))
            item.setData(0, ROLE_ID, (key, None))
            self.nav.addTopLevelItem(item)
            if key == self.section:
                current = item
        no_folders: list[FolderInfo] = []
        folders = self._safe(lambda s: s.folders(), no_folders)
        if folders:
            root = QTreeWidgetItem(["Folders"])
            root.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.nav.insertTopLevelItem(3, root)
            by_parent: dict[str | None, list[FolderInfo]] = {}
            for folder in folders:
                by_parent.setdefault(folder.parent_id, []).append(folder)
            current = self._add_folders(root, None, by_parent) or current
            root.setExpanded(True)
        tags = self._tags()
        if tags:
            root = QTreeWidgetItem(["Tags"])
            root.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.nav.insertTopLevelItem(self.nav.topLevelItemCount() - 1, root)
            for name, count in sorted(tags, key=lambda t: t[0].lower()):
                item = QTreeWidgetItem([f"{name}  ({count})"])
                item.setIcon(0, themed_icon("ph.tag"))
                item.setData(0, ROLE_ID, ("tag", name))
                item.setToolTip(0, f"Diagrams tagged “{name}”")
                root.addChild(item)
                if self.section == "tag" and self.key == name:
                    current = item
            root.setExpanded(True)
        if current is None:  # the chosen folder or tag is gone
            self.section, self.key = "all", None
            current = self.nav.topLevelItem(0)
        if current is not None:
            self.nav.setCurrentItem(current)
        self.nav.blockSignals(False)
        self.reload_list()

    def _add_folders(self, parent: QTreeWidgetItem, parent_id: str | None,
                     by_parent: dict[str | None, list[FolderInfo]], depth: int = 0) -> QTreeWidgetItem | None:
        """Add the folder tree; returns the item of the chosen folder, if it is among them."""
        chosen = None
        if depth > 32:  # a corrupt folder cycle must not hang the window
            return None
        for folder in sorted(by_parent.get(parent_id, []), key=lambda f: f.name.lower()):
            item = QTreeWidgetItem([folder.name])
            item.setIcon(0, themed_icon("ph.folder-simple"))
            item.setData(0, ROLE_ID, ("folder", folder.id))
            parent.addChild(item)
            if self.section == "folder" and self.key == folder.id:
                chosen = item
            chosen = self._add_folders(item, folder.id, by_parent, depth + 1) or chosen
        return chosen

    def reload_list(self) -> None:
        self._error = ""
        query = self.search.text().strip()
        nothing: list[DiagramInfo] = []
        if query:
            items = self._safe(lambda s: s.search(query, 50), nothing)
        else:
            items = self._safe(lambda s: s.list_diagrams(self.section, self.key), nothing)
        self.list.clear()
        if self.source is None or self._error:
            self.list.addItem(self._error or "No library connected")
            return
        for info in items:
            item = QListWidgetItem(self._thumbnail(info), self._label(info))
            item.setData(ROLE_ID, info.id)
            item.setData(ROLE_TAGS, list(info.tags))
            synced = self.last_synced(info.id)
            item.setToolTip(info.title + (f"\nTags: {', '.join(info.tags)}" if info.tags else "")
                            + (f"\nLast synced: {synced}" if synced else ""))
            self.list.addItem(item)
        if not items:
            self.list.addItem("No matches" if query else "Nothing here yet")
            self.list.item(0).setFlags(Qt.ItemFlag.NoItemFlags)

    @staticmethod
    def _label(info: DiagramInfo) -> str:
        star = "★ " if info.starred else ""
        detail = " · ".join(x for x in (info.updated[:10], f"{info.element_count} elements",
                                        " ".join(f"#{t}" for t in info.tags[:3])) if x)
        return f"{star}{info.title}\n{detail}"

    def _thumbnail(self, info: DiagramInfo) -> QIcon:
        if info.has_thumbnail:
            data = self._safe(lambda s: s.thumbnail(info.id), None)
            if data:
                pixmap = QPixmap()
                if pixmap.loadFromData(data):
                    return QIcon(pixmap)
        elif self.missing_thumbnail is not None:
            self.missing_thumbnail(info.id)  # sync may bring one down (the list reloads when it does)
        return themed_icon("ph.file")

    # ----------------------------------------------------------------- interaction
    def _on_section(self, item: QTreeWidgetItem | None) -> None:
        data = item.data(0, ROLE_ID) if item is not None else None
        if not data:
            return
        self.section, self.key = data
        self.reload_list()

    def show_tag(self, tag: str) -> None:
        """Filter the list by a tag (as clicking it under "Tags" does)."""
        self.section, self.key = "tag", tag
        self.reload()

    def _on_activated(self, item: QListWidgetItem) -> None:
        diagram_id = item.data(ROLE_ID)
        if not diagram_id:
            return
        if self.section == "trash" and not self.search.text().strip():
            self._do(lambda s: s.restore(str(diagram_id)))
        self.openRequested.emit(str(diagram_id))

    def open_session(self, diagram_id: str) -> tuple[Diagram, DocumentSession] | None:
        if self.source is None:
            return None
        try:
            return self.source.open_session(diagram_id)
        except Exception as exc:  # the library is the user's file: say why, keep the window
            QMessageBox.warning(self, "Cannot open diagram", f"The diagram could not be opened:\n{exc}")
            return None

    def store_thumbnail(self, diagram_id: str, doc: Diagram) -> None:
        """Keep a fresh thumbnail of an edited library diagram (the list is reloaded by the caller)."""
        self._safe(lambda s: s.update_thumbnail(diagram_id, doc), None)

    def update_thumbnail(self, diagram_id: str, doc: Diagram) -> None:
        """After a library diagram was edited: refresh its thumbnail and the list."""
        self.store_thumbnail(diagram_id, doc)
        self.reload_list()

    # ----------------------------------------------------------------- context menus
    def _context_menu(self, pos: QPoint) -> None:
        item = self.list.itemAt(pos)
        diagram_id = str(item.data(ROLE_ID) or "") if item is not None else ""
        if item is None or not diagram_id or self.source is None:
            return
        menu = self.diagram_menu(diagram_id, item.toolTip().split("\n")[0], list(item.data(ROLE_TAGS) or []),
                                 item.text().startswith("★"))
        menu.exec(self.list.viewport().mapToGlobal(pos))

    def diagram_menu(self, diagram_id: str, title: str, tags: list[str], starred: bool) -> QMenu:
        """The actions on one diagram of the list (tests and keyboard users reach them here too)."""
        menu = QMenu(self)
        if self.section == "trash":
            menu.addAction("Restore", lambda: self._do(lambda s: s.restore(diagram_id)))
            menu.addAction("Delete Permanently…", lambda: self.ask_delete(diagram_id, title))
            return menu
        menu.addAction("Open", lambda: self.openRequested.emit(diagram_id))
        menu.addAction("Rename…", lambda: self.ask_rename(diagram_id, title))
        menu.addAction("Unstar" if starred else "Star", lambda: self._do(lambda s: s.set_starred(diagram_id,
                                                                                                  not starred)))
        tag_menu = menu.addMenu("Tags")
        tag_menu.setObjectName("menu:Tags")
        known = sorted({name for name, _count in self._tags()} | set(tags), key=str.lower)
        for name in known:
            action = tag_menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(name in tags)
            action.toggled.connect(lambda on, n=name: self.set_tag(diagram_id, n, on))
        if known:
            tag_menu.addSeparator()
        tag_menu.addAction("New Tag…", lambda: self.ask_new_tag(diagram_id))
        menu.addSeparator()
        menu.addAction("Move to Trash", lambda: self._do(lambda s: s.move_to_trash(diagram_id)))
        return menu

    def _nav_menu(self, pos: QPoint) -> None:
        item = self.nav.itemAt(pos)
        data = item.data(0, ROLE_ID) if item is not None else None
        if not data or data[0] != "trash":
            return
        menu = QMenu(self)
        menu.addAction("Empty Trash…", self.ask_empty_trash)
        menu.exec(self.nav.viewport().mapToGlobal(pos))

    def set_tag(self, diagram_id: str, tag: str, on: bool) -> None:
        if on:
            self._do(lambda s: s.add_tag(diagram_id, tag))
        else:
            self._do(lambda s: s.remove_tag(diagram_id, tag))

    def ask_new_tag(self, diagram_id: str) -> None:
        name, ok = QInputDialog.getText(self, "New tag", "Tag:")
        name = " ".join(name.split())[:60]
        if ok and name:
            self.set_tag(diagram_id, name, True)

    def ask_rename(self, diagram_id: str, current: str) -> None:
        title, ok = QInputDialog.getText(self, "Rename diagram", "Title:", text=current)
        if ok and title.strip():
            self._do(lambda s: s.rename(diagram_id, title.strip()))
            self.renamed.emit(diagram_id, title.strip())

    def ask_delete(self, diagram_id: str, title: str) -> None:
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(self, "Delete permanently",
                                      f"Delete “{title}” for good? Its versions go too; this cannot be undone.",
                                      buttons.Yes | buttons.Cancel, buttons.Cancel)
        if answer == buttons.Yes:
            self._do(lambda s: s.delete_permanently(diagram_id))

    def ask_empty_trash(self) -> None:
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(self, "Empty trash", "Delete every diagram in the trash for good?",
                                      buttons.Yes | buttons.Cancel, buttons.Cancel)
        if answer == buttons.Yes:
            self._do(lambda s: s.empty_trash())


__all__ = ["LibrarySidebar", "LibrarySource", "StoreLibrarySource"]
