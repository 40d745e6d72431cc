"""The insert panel: fuzzy search over shapes and every catalogue icon, with recent and favourite icons.

Recents and favourites persist in QSettings (`insert/recent`, `insert/favourites`). The catalogue is built
on first use so that opening the window does not wait for ~17,000 icon names to be indexed.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence

from PySide6.QtCore import QByteArray, QMimeData, QModelIndex, QPoint, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QPixmap, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QListView, QMenu, QVBoxLayout, QWidget

from autograph_desktop.gui.mime import INSERT_MIME
from autograph_desktop.gui.theme import color, themed_icon
from autograph_desktop.icons import IconCatalogue, shared_catalogue
from autograph_desktop.icons.search import FuzzyIndex
from autograph_desktop.model import SHAPES

RECENT_KEY = "insert/recent"
FAVOURITES_KEY = "insert/favourites"
RECENT_LIMIT = 24
RESULT_LIMIT = 60
ROLE_KIND = Qt.ItemDataRole.UserRole + 1  # "shape" or "icon"
ROLE_ID = Qt.ItemDataRole.UserRole + 2
ROLE_LABEL = Qt.ItemDataRole.UserRole + 3

#: A glyph that previews each shape kind in the grid.
SHAPE_GLYPHS = {
    "rectangle": "mdi6.rectangle-outline", "rounded": "mdi6.square-rounded-outline", "ellipse": "mdi6.ellipse-outline",
    "circle": "mdi6.circle-outline", "diamond": "mdi6.rhombus-outline", "hexagon": "mdi6.hexagon-outline",
    "triangle": "mdi6.triangle-outline", "cylinder": "mdi6.database-outline", "cloud": "mdi6.cloud-outline",
    "document": "mdi6.file-document-outline", "actor": "mdi6.account-outline", "note": "mdi6.note-outline",
    "star": "mdi6.star-outline", "cross": "mdi6.cross", "stadium": "mdi6.stadium", "card": "mdi6.card-outline",
    "callout": "mdi6.message-outline", "double_circle": "mdi6.circle-double",
}


def shape_preview(shape: str) -> QIcon:
    """The shape as the canvas draws it (shared painter), so the grid shows what will be inserted."""
    key = (shape, color("icon"))
    cached = _PREVIEWS.get(key)
    if cached is not None:
        return cached
    try:
        from autograph_desktop.model import Diagram, Shape, Style, edits
        from autograph_desktop.model.shapes import definition
        from autograph_desktop.render.raster import render_image

        dw, dh = definition(shape).default_size
        doc = Diagram()
        element = Shape(x=0, y=0, w=120 if dw >= 1.7 * dh else 80, h=80, shape=shape,
                        style=Style(fill="none", stroke=color("icon"), stroke_width=8))
        doc.execute(edits.add_elements(doc, [element]))
        image = render_image(doc, width=56, background=None, padding=6)
        icon = QIcon(QPixmap.fromImage(image))
    except Exception:  # an unknown shape in an older painter: fall back to a generic glyph
        icon = themed_icon(SHAPE_GLYPHS.get(shape, "mdi6.shape-outline"))
    _PREVIEWS[key] = icon
    return icon


_PREVIEWS: dict[tuple[str, str], QIcon] = {}


def icon_label(name: str) -> str:
    """An inserted icon is named after what it shows (brand names keep their spelling)."""
    name = name.replace("-", " ").replace("_", " ").strip()
    return name if any(c.isupper() for c in name) else name[:1].upper() + name[1:]


class _InsertModel(QStandardItemModel):
    """The results; a drag out of them carries "shape:<kind>" or "icon:<id>", which the canvas accepts."""

    def mimeTypes(self) -> list[str]:
        return [INSERT_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # type: ignore[override]
        data = QMimeData()
        item = self.itemFromIndex(indexes[0]) if indexes else None
        if item is not None:
            payload = {"kind": item.data(ROLE_KIND), "id": item.data(ROLE_ID), "label": item.data(ROLE_LABEL) or ""}
            data.setData(INSERT_MIME, QByteArray(json.dumps(payload).encode("utf-8")))
        return data


class InsertPanel(QWidget):
    iconChosen = Signal(str)
    shapeChosen = Signal(str)

    def __init__(self, settings: QSettings, parent: QWidget | None = None,
                 catalogue: IconCatalogue | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("InsertPanel")
        self.setAccessibleName("Insert shapes and icons")
        self.settings = settings
        self._catalogue = catalogue
        self._shape_index = FuzzyIndex([(s.replace("_", " "), ("shape",)) for s in SHAPES])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 10)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search shapes and 17,000+ icons…")
        self.search.setAccessibleName("Search shapes and icons")
        self.search.setClearButtonEnabled(True)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(60)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self.insert_first)
        layout.addWidget(self.search)
        self.caption = QLabel("", self)
        self.caption.setObjectName("SectionLabel")
        layout.addWidget(self.caption)
        self.model = _InsertModel(self)
        self.results = QListView(self)
        self.results.setObjectName("InsertResults")
        self.results.setAccessibleName("Shapes and icons")
        self.results.setViewMode(QListView.ViewMode.IconMode)
        self.results.setResizeMode(QListView.ResizeMode.Adjust)
        self.results.setMovement(QListView.Movement.Static)
        self.results.setIconSize(QSize(28, 28))
        self.results.setGridSize(QSize(46, 46))
        self.results.setSpacing(2)
        self.results.setUniformItemSizes(True)
        self.results.setModel(self.model)
        # One click inserts (a double click must not insert twice); Enter inserts the current one; drag and
        # drop places it where it is dropped (see INSERT_MIME).
        self.results.clicked.connect(lambda index: self._activate(index.row()))
        self.results.activated.connect(lambda index: self._activate(index.row()))
        self.results.setDragEnabled(True)
        self.results.setDragDropMode(QListView.DragDropMode.DragOnly)
        self._last_activation: tuple[int, float] = (-1, 0.0)
        self.results.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.results.customContextMenuRequested.connect(self._context_menu)
        layout.addWidget(self.results, 1)
        self.setFocusProxy(self.search)
        self._debounce.timeout.connect(self.update_results)
        self._filled = False  # the grid is drawn when the panel is first shown (start-up does not wait for it)

    # ----------------------------------------------------------------- data
    @property
    def catalogue(self) -> IconCatalogue:
        """The injected catalogue, else the shared one (rebuilt after an icon pack is installed)."""
        return self._catalogue if self._catalogue is not None else shared_catalogue()

    def _list(self, key: str) -> list[str]:
        value = self.settings.value(key, [])
        items = value if isinstance(value, list) else ([value] if value else [])
        return [str(v) for v in items if isinstance(v, str)]

    def recent_icons(self) -> list[str]:
        return self._list(RECENT_KEY)

    def favourite_icons(self) -> list[str]:
        return self._list(FAVOURITES_KEY)

    def note_used(self, icon_id: str) -> None:
        recent = [icon_id, *(i for i in self.recent_icons() if i != icon_id)][:RECENT_LIMIT]
        self.settings.setValue(RECENT_KEY, recent)
        if not self.search.text().strip():
            self.update_results()

    def toggle_favourite(self, icon_id: str) -> bool:
        favourites = self.favourite_icons()
        now = icon_id not in favourites
        favourites = [*favourites, icon_id] if now else [i for i in favourites if i != icon_id]
        self.settings.setValue(FAVOURITES_KEY, favourites)
        if not self.search.text().strip():
            self.update_results()
        return now

    # ----------------------------------------------------------------- results
    def _icon_item(self, icon_id: str, name: str) -> QStandardItem:
        from autograph_desktop.icons.render import render

        tint = None if icon_id.startswith(("si.", "diagrams.")) else color("icon")  # brands keep their colours
        image = render(icon_id, 28, color=tint, device_pixel_ratio=2.0)
        item = QStandardItem(QIcon(QPixmap.fromImage(image)) if image is not None else QIcon(), "")
        item.setToolTip(f"{name}\n{icon_id}")
        item.setData("icon", ROLE_KIND)
        item.setData(icon_id, ROLE_ID)
        item.setData(icon_label(name), ROLE_LABEL)
        item.setEditable(False)
        item.setAccessibleText(f"Icon {name}")
        return item

    def _shape_item(self, shape: str) -> QStandardItem:
        label = shape.replace("_", " ")
        item = QStandardItem(shape_preview(shape), "")
        item.setToolTip(f"Shape: {label}")
        item.setData("shape", ROLE_KIND)
        item.setData(shape, ROLE_ID)
        item.setEditable(False)
        item.setAccessibleText(f"Shape {label}")
        return item

    def update_results(self) -> None:
        self._filled = True
        query = self.search.text().strip()
        self.model.clear()
        if not query:
            favourites = self.favourite_icons()
            recent = [i for i in self.recent_icons() if i not in favourites]
            for shape in SHAPES:
                self.model.appendRow(self._shape_item(shape))
            parts = ["Shapes"]
            for icon_id in [*favourites, *recent]:
                entry = self.catalogue.get(icon_id)
                if entry is not None:
                    self.model.appendRow(self._icon_item(entry.id, entry.name))
            if favourites:
                parts.append("favourites")
            if recent:
                parts.append("recent icons")
            self.caption.setText(" · ".join(parts))
            return
        shapes = [SHAPES[n] for n in self._shape_index.search(query, 6)]
        for shape in shapes:
            self.model.appendRow(self._shape_item(shape))
        entries = self.catalogue.search(query, RESULT_LIMIT)
        for entry in entries:
            self.model.appendRow(self._icon_item(entry.id, entry.name))
        total = len(shapes) + len(entries)
        self.caption.setText(f"{total} result{'s' if total != 1 else ''}" if total else "No matches")

    def ensure_filled(self) -> None:
        """Fill the grid the first time the panel is really on screen (its dock tab chosen)."""
        if not self._filled:
            self.update_results()

    def result_ids(self) -> list[tuple[str, str]]:
        """(kind, id) of each shown result in order (what a keyboard user would walk through)."""
        self.ensure_filled()
        return [(str(self.model.item(r).data(ROLE_KIND)), str(self.model.item(r).data(ROLE_ID)))
                for r in range(self.model.rowCount())]

    def label_for(self, icon_id: str) -> str:
        entry = self.catalogue.get(icon_id)
        return icon_label(entry.name) if entry is not None else ""

    def _activate(self, row: int) -> None:
        item = self.model.item(row)
        if item is None:
            return
        now = time.monotonic()
        last_row, when = self._last_activation
        if row == last_row and now - when < QApplication.doubleClickInterval() / 1000:
            return  # the second click of a double click
        self._last_activation = (row, now)
        kind, item_id = str(item.data(ROLE_KIND)), str(item.data(ROLE_ID))
        if kind == "shape":
            self.shapeChosen.emit(item_id)
        else:
            self.iconChosen.emit(item_id)

    def insert_first(self) -> None:
        """Enter in the search box inserts the best match (the first icon when icons matched)."""
        self._debounce.stop()
        self.update_results()
        ids = self.result_ids()
        icons = [i for i, (kind, _) in enumerate(ids) if kind == "icon"]
        if icons:
            self._activate(icons[0])
        elif ids:
            self._activate(0)

    def _context_menu(self, pos: QPoint) -> None:
        index = self.results.indexAt(pos)
        item = self.model.item(index.row()) if index.isValid() else None
        if item is None or item.data(ROLE_KIND) != "icon":
            return
        icon_id = str(item.data(ROLE_ID))
        menu = QMenu(self)
        label = "Remove from Favourites" if icon_id in self.favourite_icons() else "Add to Favourites"
        menu.addAction(label, lambda: self.toggle_favourite(icon_id))
        menu.exec(self.results.viewport().mapToGlobal(pos))

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()
