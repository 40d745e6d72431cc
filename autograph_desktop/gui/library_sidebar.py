"""The library sidebar: sections (all, recent, starred, folders, trash), search, and diagrams with thumbnails.

It talks to a `LibrarySource` (a small protocol defined here) so that it can be shown and tested without
a database; `StoreLibrarySource` adapts the real `store.Library` to it.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import QSize, Qt, QTimer, Signal
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

from autograph_desktop.gui.theme import themed_icon
from autograph_desktop.model import Diagram

ROLE_ID = Qt.ItemDataRole.UserRole + 1


class LibrarySource(Protocol):
    """What the sidebar and the command palette need from a library."""

    def folders(self) -> list[Any]: ...  # items with id, name, parent_id
    def list_diagrams(self, section: str, folder_id: str | None = None) -> list[Any]: ...  # items with id, title
    def search(self, query: str, limit: int = 50) -> list[Any]: ...  # DiagramInfo-like items
    def thumbnail(self, diagram_id: str) -> bytes | None: ...
    def open_session(self, diagram_id: str) -> tuple[Diagram, Any]: ...
    def set_starred(self, diagram_id: str, starred: bool) -> None: ...
    def move_to_trash(self, diagram_id: str) -> None: ...
    def restore(self, diagram_id: str) -> None: ...


class StoreLibrarySource:
    """`LibrarySource` over `autograph_desktop.store.Library` (SQLite library with autosaving sessions)."""

    def __init__(self, library: Any) -> None:
        self.library = library

    def folders(self) -> list[Any]:
        return list(self.library.folders.all())

    def list_diagrams(self, section: str, folder_id: str | None = None) -> list[Any]:
        lib = self.library
        if section == "recent":
            items = [d for d in lib.diagrams.all(sort="opened", limit=30) if d.last_opened]
            return items
        if section == "starred":
            return list(lib.diagrams.all(starred=True))
        if section == "trash":
            return list(lib.diagrams.all(trash=True))
        if section == "folder":
            return list(lib.diagrams.all(folder=folder_id))
        return list(lib.diagrams.all())

    def search(self, query: str, limit: int = 50) -> list[Any]:
        return [hit.info for hit in self.library.search.find(query, limit=limit)]

    def thumbnail(self, diagram_id: str) -> bytes | None:
        data: bytes | None = self.library.diagrams.thumbnail(diagram_id)
        return data

    def open_session(self, diagram_id: str) -> tuple[Diagram, Any]:
        from autograph_desktop.store import DocumentSession

        session = DocumentSession.open(self.library, diagram_id)
        return session.doc, session

    def set_starred(self, diagram_id: str, starred: bool) -> None:
        self.library.diagrams.star(diagram_id, starred)

    def move_to_trash(self, diagram_id: str) -> None:
        self.library.trash.add(diagram_id)

    def restore(self, diagram_id: str) -> None:
        self.library.trash.restore(diagram_id)

    def update_thumbnail(self, diagram_id: str, doc: Diagram) -> None:
        """Store a fresh thumbnail (drawn by the shared painter, icons included) for the list."""
        from autograph_desktop.gui.file_ops import canvas_icon_provider
        from autograph_desktop.render.thumbnail import thumbnail_png

        self.library.diagrams.set_thumbnail(diagram_id, thumbnail_png(doc, icon_provider=canvas_icon_provider))

    def create_diagram(self, title: str) -> str:
        diagram_id: str = self.library.diagrams.create(title=title)
        return diagram_id

    def create_from(self, doc: Diagram) -> str:
        """A new library diagram holding this document (a new, imported or templated one)."""
        diagram_id: str = self.library.diagrams.create(doc)
        return diagram_id

    def templates(self) -> list[Any]:
        return list(self.library.templates.all())

    def template_diagram(self, template_id: str) -> Diagram:
        doc: Diagram = self.library.templates.diagram(template_id)
        return doc

    def rename(self, diagram_id: str, title: str) -> None:
        self.library.diagrams.rename(diagram_id, title)


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
        self.section = "all"
        self.folder_id: str | None = None
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
        self.nav.setAccessibleName("Library sections and folders")
        self.nav.setHeaderHidden(True)
        self.nav.setIndentation(14)
        self.nav.setRootIsDecorated(False)
        self.nav.currentItemChanged.connect(self._on_section)
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
        split.setSizes([170, 400])
        layout.addWidget(split, 1)
        self.setTabOrder(self.search, self.nav)
        self.setTabOrder(self.nav, self.list)
        self.reload()

    def set_source(self, source: LibrarySource | None) -> None:
        self.source = source
        self.reload()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # ----------------------------------------------------------------- filling
    def reload(self) -> None:
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
        folders = self._safe(lambda s: s.folders(), [])
        if folders:
            root = QTreeWidgetItem(["Folders"])
            root.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.nav.insertTopLevelItem(3, root)
            by_parent: dict[str | None, list[Any]] = {}
            for folder in folders:
                by_parent.setdefault(folder.parent_id, []).append(folder)
            self._add_folders(root, None, by_parent)
            root.setExpanded(True)
        if current is not None:
            self.nav.setCurrentItem(current)
        self.nav.blockSignals(False)
        self.reload_list()

    def _add_folders(self, parent: QTreeWidgetItem, parent_id: str | None, by_parent: dict[str | None, list[Any]],
                     depth: int = 0) -> None:
        if depth > 32:  # a corrupt folder cycle must not hang the window
            return
        for folder in sorted(by_parent.get(parent_id, []), key=lambda f: f.name.lower()):
            item = QTreeWidgetItem([folder.name])
            item.setIcon(0, themed_icon("ph.folder-simple"))
            item.setData(0, ROLE_ID, ("folder", folder.id))
            parent.addChild(item)
            self._add_folders(item, folder.id, by_parent, depth + 1)

    def _safe(self, call: Any, default: Any) -> Any:
        """Library errors show in the list instead of breaking the window."""
        if self.source is None:
            return default
        try:
            return call(self.source)
        except Exception as exc:
            self._error = f"Library unavailable: {exc}"
            return default

    def reload_list(self) -> None:
        self._error = ""
        query = self.search.text().strip()
        if query:
            items = self._safe(lambda s: s.search(query, 50), [])
        else:
            items = self._safe(lambda s: s.list_diagrams(self.section, self.folder_id), [])
        self.list.clear()
        if self.source is None or self._error:
            self.list.addItem(self._error or "No library connected")
            return
        for info in items:
            item = QListWidgetItem(self._thumbnail(info), self._label(info))
            item.setData(ROLE_ID, info.id)
            item.setToolTip(info.title)
            self.list.addItem(item)
        if not items:
            self.list.addItem("No matches" if query else "Nothing here yet")
            self.list.item(0).setFlags(Qt.ItemFlag.NoItemFlags)

    @staticmethod
    def _label(info: Any) -> str:
        star = "★ " if getattr(info, "starred", False) else ""
        count = getattr(info, "element_count", None)
        updated = str(getattr(info, "updated", "") or "")[:10]
        detail = " · ".join(x for x in (updated, f"{count} elements" if count is not None else "") if x)
        return f"{star}{info.title}\n{detail}" if detail else f"{star}{info.title}"

    def _thumbnail(self, info: Any) -> QIcon:
        if getattr(info, "has_thumbnail", False):
            data = self._safe(lambda s: s.thumbnail(info.id), None)
            if data:
                pixmap = QPixmap()
                if pixmap.loadFromData(data):
                    return QIcon(pixmap)
        return themed_icon("ph.file")

    # ----------------------------------------------------------------- interaction
    def _on_section(self, item: QTreeWidgetItem | None) -> None:
        data = item.data(0, ROLE_ID) if item is not None else None
        if not data:
            return
        self.section, self.folder_id = data
        self.reload_list()

    def _on_activated(self, item: QListWidgetItem) -> None:
        diagram_id = item.data(ROLE_ID)
        if not diagram_id:
            return
        if self.section == "trash" and not self.search.text().strip():
            self._safe(lambda s: s.restore(diagram_id), None)
            self.reload_list()
        self.openRequested.emit(str(diagram_id))

    def open_session(self, diagram_id: str) -> tuple[Diagram, Any] | None:
        if self.source is None:
            return None
        try:
            return self.source.open_session(diagram_id)
        except Exception as exc:
            QMessageBox.warning(self, "Cannot open diagram", f"The diagram could not be opened:\n{exc}")
            return None

    def store_thumbnail(self, diagram_id: str, doc: Diagram) -> None:
        """Keep a fresh thumbnail of an edited library diagram (the list is reloaded by the caller)."""
        update = getattr(self.source, "update_thumbnail", None)
        if update is not None:
            self._safe(lambda _s: update(diagram_id, doc), None)

    def update_thumbnail(self, diagram_id: str, doc: Diagram) -> None:
        """After a library diagram was edited: refresh its thumbnail if the source can store one."""
        self.store_thumbnail(diagram_id, doc)
        self.reload_list()

    def create_diagram(self, title: str) -> str | None:
        create = getattr(self.source, "create_diagram", None)
        if create is None:
            return None
        created: str | None = self._safe(lambda _s: create(title), None)
        self.reload_list()
        return created

    def _context_menu(self, pos: Any) -> None:
        item = self.list.itemAt(pos)
        diagram_id = item.data(ROLE_ID) if item is not None else None
        if item is None or not diagram_id or self.source is None:
            return
        menu = QMenu(self)
        menu.addAction("Open", lambda: self.openRequested.emit(str(diagram_id)))
        if hasattr(self.source, "rename"):
            menu.addAction("Rename…", lambda: self.ask_rename(str(diagram_id), item.toolTip()))
        starred = item.text().startswith("★")
        menu.addAction("Unstar" if starred else "Star", lambda: self._do(lambda s: s.set_starred(diagram_id, not starred)))
        if self.section == "trash":
            menu.addAction("Restore", lambda: self._do(lambda s: s.restore(diagram_id)))
        else:
            menu.addAction("Move to Trash", lambda: self._do(lambda s: s.move_to_trash(diagram_id)))
        menu.exec(self.list.viewport().mapToGlobal(pos))

    def ask_rename(self, diagram_id: str, current: str) -> None:
        title, ok = QInputDialog.getText(self, "Rename diagram", "Title:", text=current)
        if ok and title.strip():
            self._do(lambda s: s.rename(diagram_id, title.strip()))
            self.renamed.emit(diagram_id, title.strip())

    def _do(self, call: Any) -> None:
        self._safe(call, None)
        self.reload_list()
