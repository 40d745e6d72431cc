"""The main window: tabs of diagrams, the docked panels, menus and toolbar from the action registry.

The window talks to the front tab's canvas through typed calls (`canvas()`, `on_canvas()`), never by
method names. What documents are and where they are saved is `documents.DocumentActions`; keeping every
tab safe from crashes is `recovery.HotExit`; the empty window shows `start_screen.StartScreen`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from autograph_desktop.gui import file_ops
from autograph_desktop.gui.actions import ActionRegistry
from autograph_desktop.gui.commands import MENUS, TOOLBAR, build_commands, mermaid_kinds
from autograph_desktop.gui.documents import DocumentActions
from autograph_desktop.gui.gcguard import settle_soon
from autograph_desktop.gui.history_panel import HistoryPanel
from autograph_desktop.gui.info_bar import InfoBar
from autograph_desktop.gui.insert_panel import InsertPanel
from autograph_desktop.gui.library_sidebar import LibrarySidebar, LibrarySource
from autograph_desktop.gui.presentation import Presenter
from autograph_desktop.gui.properties_panel import PropertiesPanel
from autograph_desktop.gui.recovery import HotExit
from autograph_desktop.gui.start_screen import StartScreen
from autograph_desktop.gui.status import StatusBar
from autograph_desktop.gui.ui_settings import ui_settings
from autograph_desktop.model import Diagram

if TYPE_CHECKING:
    from autograph_desktop.gui.app import LibraryOpener
    from autograph_desktop.gui.canvas import CanvasView, EditorController
    from autograph_desktop.gui.document_tab import DocumentTab
    from autograph_desktop.gui.sync_ui import SyncController
    from autograph_desktop.sync.worker import Timing

APP_TITLE = "AutoGraph"
#: Side panels never take more than this share of the window's width, so the canvas keeps its room.
PANEL_MAX_SHARE = 0.22
PANEL_MIN_WIDTH = 200
#: Library diagrams up to this size get a fresh sidebar thumbnail whenever their edits pause.
LIVE_THUMBNAIL_LIMIT = 2000


class MainWindow(QMainWindow):
    """One window with any number of open diagrams; every command lives in `self.registry`."""

    def __init__(self, settings: QSettings | None = None, library: LibrarySource | None = None,
                 sync_timing: Timing | None = None) -> None:
        super().__init__()
        #: Sync for the attached library (made in `attach_library`); None without a library file.
        self.sync: SyncController | None = None
        self._sync_timing = sync_timing
        self.settings = settings if settings is not None else ui_settings()
        self.setObjectName("MainWindow")
        self.setWindowTitle(APP_TITLE)
        self.setAccessibleName("AutoGraph main window")
        self.resize(1320, 840)
        self.setDockNestingEnabled(True)
        self.setAcceptDrops(True)
        self.grid_visible = bool(self.settings.value("view/grid", True, type=bool))
        self.snap_enabled = bool(self.settings.value("view/snap", True, type=bool))
        self.rulers_visible = bool(self.settings.value("view/rulers", False, type=bool))
        self.minimap_visible = bool(self.settings.value("view/minimap", False, type=bool))
        self.canvas_theme = "dark" if self.settings.value("view/canvas_theme", "light") == "dark" else "light"
        self.current_tool = "select"
        self.presenter = Presenter(self)
        #: Set by `app.start` while the library loads in the background (see `ensure_library`).
        self.library_opener: LibraryOpener | None = None
        self.documents = DocumentActions(self)
        self.hot_exit = HotExit(self)
        self._keep_unsaved = False
        self._build_central()
        self._build_docks(library)
        # Saved library diagrams change the sidebar (counts, dates, thumbnails): refresh it when edits pause.
        self._library_refresh = QTimer(self)
        self._library_refresh.setSingleShot(True)
        self._library_refresh.setInterval(1500)
        self._library_refresh.timeout.connect(self._refresh_library_views)
        self._thumbnails_due: set[DocumentTab] = set()
        self.status = StatusBar(self)
        self.setStatusBar(self.status)
        self.registry = ActionRegistry(self, self.settings)
        self.registry.add_all(build_commands(self))
        for action in self.registry.actions():
            self.addAction(action)  # shortcuts work even when the menu bar is hidden (presentation mode)
        self._build_menus()
        self._attach_sync(library)
        self._build_toolbar()
        self.start_screen.set_actions(self.registry)
        self.registry.commandRun.connect(self._after_command)
        self._restore_layout()
        self._show_empty_state()
        self.refresh()

    # ----------------------------------------------------------------- construction
    def _build_central(self) -> None:
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("DocumentTabs")
        self.tabs.setAccessibleName("Open diagrams")
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(True)
        self.tabs.tabBar().setDrawBase(False)
        self.tabs.tabCloseRequested.connect(lambda i: self.close_tab(i))
        self.tabs.currentChanged.connect(self._on_current_tab)
        self.tabs.tabBar().tabMoved.connect(lambda _a, _b: self.hot_exit.tabs_changed())
        self.info_bar = InfoBar(self)
        self.start_screen = StartScreen(self)
        self.start_screen.templateChosen.connect(self.documents.new_from_template)
        self.start_screen.libraryDiagramChosen.connect(self.open_library_diagram)
        self.start_screen.recentFileChosen.connect(lambda path: self.open_paths([path]))
        container = QWidget(self)
        box = QVBoxLayout(container)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.info_bar)
        box.addWidget(self.tabs, 1)
        box.addWidget(self.start_screen, 1)
        self.setCentralWidget(container)
        self.empty = self.start_screen

    def _dock(self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock:{name}")
        dock.setAccessibleName(f"{title} panel")
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        dock.visibilityChanged.connect(lambda _v: QTimer.singleShot(0, self.refresh))
        self.addDockWidget(area, dock)
        self.docks[name] = dock
        return dock

    def add_panel(self, name: str, title: str, widget: QWidget, area: str = "right") -> QDockWidget:
        """Dock another panel (versions, the AI panel...); its layout is remembered like the others."""
        where = Qt.DockWidgetArea.LeftDockWidgetArea if area == "left" else Qt.DockWidgetArea.RightDockWidgetArea
        dock = self._dock(name, title, widget, where)
        if area != "left":
            self.tabifyDockWidget(self.docks["properties"], dock)
        self._fit_docks()
        return dock

    def _build_docks(self, library: LibrarySource | None) -> None:
        self.docks: dict[str, QDockWidget] = {}
        self.library_panel = LibrarySidebar(library, self)
        self.library_panel.openRequested.connect(self.open_library_diagram)
        self.library_panel.renamed.connect(self._library_renamed)
        self.properties = PropertiesPanel(self)
        self.insert_panel = InsertPanel(self.settings, self)
        self.insert_panel.iconChosen.connect(self.insert_icon)
        self.insert_panel.shapeChosen.connect(self.insert_shape)
        self.history_panel = HistoryPanel(self)
        left = Qt.DockWidgetArea.LeftDockWidgetArea
        right = Qt.DockWidgetArea.RightDockWidgetArea
        self._dock("library", "Library", self.library_panel, left)
        self._dock("properties", "Properties", self.properties, right)
        self._dock("insert", "Insert", self.insert_panel, right)
        self._dock("history", "History", self.history_panel, right)
        # One tabified group only: PySide6 6.11 leaves stale, visible tab bars behind with two groups.
        self.tabifyDockWidget(self.docks["properties"], self.docks["insert"])
        self.tabifyDockWidget(self.docks["insert"], self.docks["history"])
        self.docks["properties"].raise_()
        self.docks["insert"].visibilityChanged.connect(self._insert_panel_shown)
        for dock in self.docks.values():
            panel = dock.widget()
            panel.setMinimumWidth(max(PANEL_MIN_WIDTH, panel.minimumSizeHint().width()))

    def _insert_panel_shown(self, shown: bool) -> None:
        if shown:
            self.insert_panel.ensure_filled()

    def _fit_docks(self) -> None:
        """Give the side panels a share of the window that leaves the canvas most of the width."""
        share = max(PANEL_MIN_WIDTH, int(self.width() * PANEL_MAX_SHARE))
        left = [d for d in self.docks.values() if self.dockWidgetArea(d) == Qt.DockWidgetArea.LeftDockWidgetArea]
        right = [d for d in self.docks.values() if self.dockWidgetArea(d) == Qt.DockWidgetArea.RightDockWidgetArea]
        for group in (left, right):
            shown = [d for d in group if not d.isHidden()]
            if shown:
                self.resizeDocks(shown, [share] * len(shown), Qt.Orientation.Horizontal)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit_docks()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        #: Sign-in, sync now, folders, the sync log and sign-out (filled when a library is attached).
        self.account_menu = QMenu("&Account", self)
        self.account_menu.menuAction().setVisible(False)
        for title, items in MENUS:
            if title == "&Help":  # Help stays last, as on every desktop
                bar.addMenu(self.account_menu)
            menu = bar.addMenu(title)
            menu.setObjectName(f"menu:{title.replace('&', '')}")
            self._fill_menu(menu, items)

    def _fill_menu(self, menu: QMenu, items: tuple[object, ...]) -> None:
        for item in items:
            if item == "-":
                menu.addSeparator()
            elif isinstance(item, str):
                menu.addAction(self.registry.action(item))
            elif isinstance(item, tuple):
                title, content = item
                sub = menu.addMenu(str(title))
                if content == "recent":
                    self.recent_menu = sub
                    sub.aboutToShow.connect(self._fill_recent_menu)
                    self._fill_recent_menu()
                elif content == "mermaid":
                    sub.setObjectName("menu:New Mermaid Diagram")
                    self._fill_menu(sub, ("file.new_mermaid", *(f"file.new_mermaid.{k}" for k in mermaid_kinds()[1:])))
                else:
                    self._fill_menu(sub, content)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = file_ops.recent_files(self.settings)
        for path in files:
            action = self.recent_menu.addAction(os.path.basename(path))
            action.setToolTip(path)
            action.triggered.connect(lambda _c=False, p=path: self.open_paths([p]))
        if not files:
            self.recent_menu.addAction("No recent files").setEnabled(False)
        self.recent_menu.addSeparator()
        self.recent_menu.addAction(self.registry.action("file.clear_recent"))

    def _build_toolbar(self) -> None:
        bar = QToolBar("Tools", self)
        bar.setObjectName("toolbar:main")
        bar.setAccessibleName("Main toolbar")
        bar.setMovable(False)
        bar.setIconSize(bar.iconSize().scaled(20, 20, Qt.AspectRatioMode.IgnoreAspectRatio))
        for item in TOOLBAR:
            if item == "-":
                bar.addSeparator()
            else:
                bar.addAction(self.registry.action(item))
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.toolbar = bar

    # ----------------------------------------------------------------- the library
    def attach_library(self, library: LibrarySource | None, note: str | None = None) -> None:
        """Connect the library once it is open (after the window is on screen: start-up stays fast)."""
        self.library_panel.set_source(library)
        self.start_screen.set_library(library)
        self._attach_sync(library)
        if note:
            self.info_bar.show_message(note, "Library")
        self.refresh()

    def ensure_library(self) -> None:
        """A command needs the library now: finish opening it if it is still loading."""
        opener = self.library_opener
        if opener is not None and not opener.done:
            opener.finish_now()

    def _attach_sync(self, library: LibrarySource | None) -> None:
        if self.sync is not None:
            self.sync.stop()
            self.sync = None
        self.account_menu.clear()
        self.account_menu.menuAction().setVisible(False)
        if library is None:
            return  # the window's first paint must not wait for sync's modules (keyring, the store)
        from autograph_desktop.gui.library_source import StoreLibrarySource
        from autograph_desktop.gui.sync_ui import SyncController

        if isinstance(library, StoreLibrarySource):
            self.sync = SyncController(self, library.library, self._sync_timing)
            self.sync.build_menu(self.account_menu)
        self.account_menu.menuAction().setVisible(self.sync is not None)

    def library_changed(self) -> None:
        """Library diagrams changed behind the window's back (sync): refresh the views when it settles."""
        self._library_refresh.start()

    @property
    def library(self) -> LibrarySource | None:
        return self.library_panel.source

    def has_library(self) -> bool:
        return self.library_panel.source is not None

    # ----------------------------------------------------------------- tabs
    def current_tab(self) -> DocumentTab | None:
        return cast("DocumentTab | None", self.tabs.currentWidget())

    def canvas(self) -> CanvasView | None:
        """The canvas of the front tab (a code tab's too), or None in an empty window."""
        tab = self.current_tab()
        return tab.view if tab is not None else None

    def current_view(self) -> CanvasView | None:
        return self.canvas()

    def controller(self) -> EditorController | None:
        view = self.canvas()
        return view.controller if view is not None else None

    def on_canvas(self, command: Callable[[EditorController], object]) -> None:
        """Run an editing command on the front canvas (menus and shortcuts do nothing without one)."""
        controller = self.controller()
        if controller is not None:
            command(controller)

    def document_tabs(self) -> list[DocumentTab]:
        return [cast("DocumentTab", self.tabs.widget(i)) for i in range(self.tabs.count())]

    def add_document(self, doc: Diagram, path: str | None = None, session: Any = None) -> DocumentTab:
        """Open a document as a canvas tab: in the library (with its session), in a file, or homeless."""
        return self.documents.open_document(doc, path=path, session=session)

    def install_tab(self, tab: DocumentTab) -> DocumentTab:
        view = tab.view
        self._configure_view(view)
        view.selectionChanged.connect(self._on_selection)
        view.zoomChanged.connect(lambda z: self.status.set_zoom(z))
        view.toolChanged.connect(self._on_tool_changed)
        view.cursorScenePosChanged.connect(lambda x, y: self.status.set_cursor(x, y))
        view.insertRequested.connect(self.show_insert_panel)
        tab.dirtyChanged.connect(lambda _d, t=tab: self._update_tab_title(t))
        tab.saved.connect(lambda t=tab: self._tab_saved(t))
        tab.documentChanged.connect(lambda t=tab: self._on_document_changed(t))
        tab.history.subscribe(lambda _h: self._on_history())
        index = self.tabs.addTab(tab, tab.title)
        self.tabs.setTabToolTip(index, tab.home.describe())
        self.tabs.setCurrentIndex(index)
        self._show_empty_state()
        tab.setFocus()
        self.hot_exit.watch(tab)
        settle_soon()
        return tab

    def _configure_view(self, view: CanvasView) -> None:
        view.set_grid_visible(self.grid_visible)
        view.set_snap_enabled(self.snap_enabled)
        view.set_rulers_visible(self.rulers_visible)
        view.set_minimap_visible(self.minimap_visible)
        view.set_canvas_theme(self.canvas_theme)
        view.set_icon_provider(file_ops.canvas_icon_provider)

    def _update_tab_title(self, tab: DocumentTab) -> None:
        index = self.tabs.indexOf(tab)
        if index >= 0:
            unsaved = tab.dirty and tab.save_state.value != "saving"
            self.tabs.setTabText(index, ("● " if unsaved else "") + tab.title)
            self.tabs.setTabToolTip(index, tab.home.describe())
        self._update_window_title()
        if tab is self.current_tab():
            self.status.set_tab(tab)

    def _tab_saved(self, tab: DocumentTab) -> None:
        self._update_tab_title(tab)
        if tab.library_id is not None:
            self._thumbnails_due.add(tab)
            self._library_refresh.start()

    def _refresh_library_views(self) -> None:
        """After library diagrams were saved: fresh thumbnails for them, then the sidebar's list."""
        due, self._thumbnails_due = self._thumbnails_due, set()
        open_tabs = set(self.document_tabs())
        for tab in due:  # big diagrams get theirs when closed: drawing one costs a second or more
            if tab in open_tabs and tab.library_id is not None and len(tab.doc) <= LIVE_THUMBNAIL_LIMIT:
                self.library_panel.store_thumbnail(tab.library_id, tab.doc)
        self.library_panel.reload_list()

    def _update_window_title(self) -> None:
        tab = self.current_tab()
        self.setWindowTitle(f"{tab.title}[*] — {APP_TITLE}" if tab else f"{APP_TITLE}[*]")
        self.setWindowModified(bool(tab and tab.dirty and tab.save_state.value != "saving"))

    def _show_empty_state(self) -> None:
        has_tabs = self.tabs.count() > 0
        self.tabs.setVisible(has_tabs)
        self.start_screen.setVisible(not has_tabs)
        if not has_tabs:
            self.start_screen.refresh()

    def step_tab(self, delta: int) -> None:
        if self.tabs.count():
            self.tabs.setCurrentIndex((self.tabs.currentIndex() + delta) % self.tabs.count())

    def close_tab(self, index: int) -> bool:
        """Close one tab, asking about unsaved changes first; False if the user cancelled."""
        if not 0 <= index < self.tabs.count():
            return True
        tab = cast("DocumentTab", self.tabs.widget(index))
        if tab.needs_prompt and not self._confirm_discard(tab):
            return False
        self._closing_library_tab(tab)
        tab.close_document()
        self.hot_exit.forget(tab)
        self.tabs.removeTab(index)
        tab.deleteLater()
        self._show_empty_state()
        self.refresh()
        settle_soon()
        return True

    def close_current_tab(self) -> None:
        if self.tabs.count():
            self.close_tab(self.tabs.currentIndex())

    def _closing_library_tab(self, tab: DocumentTab) -> None:
        if tab.library_id and tab.revision:
            self.library_panel.update_thumbnail(tab.library_id, tab.doc)

    def _confirm_discard(self, tab: DocumentTab) -> bool:
        self.tabs.setCurrentWidget(tab)
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self, "Unsaved changes", f"Save the changes to “{tab.title}” before closing?",
            buttons.Save | buttons.Discard | buttons.Cancel, buttons.Save)
        if answer == buttons.Save:
            return self.save_tab(tab)
        return answer == buttons.Discard

    # ----------------------------------------------------------------- documents (see documents.py)
    def new_document(self) -> DocumentTab:
        return self.documents.new_diagram()

    def new_library_diagram(self) -> DocumentTab | None:
        return self.documents.new_diagram() if self.has_library() else None

    def new_mermaid_document(self, kind: str = "flowchart") -> DocumentTab:
        return self.documents.new_mermaid(kind)

    def add_code_document(self, text: str, path: str | None = None) -> DocumentTab:
        return self.documents.open_code(text, path)

    def open_paths(self, paths: list[str]) -> int:
        return self.documents.open_paths(paths)

    def open_library_diagram(self, diagram_id: str) -> None:
        self.documents.open_library_diagram(diagram_id)

    def save_tab(self, tab: DocumentTab) -> bool:
        return self.documents.save(tab)

    def save_tab_as(self, tab: DocumentTab) -> bool:
        return self.documents.save_copy_as(tab)

    def _library_renamed(self, diagram_id: str, title: str) -> None:
        """Keep an open tab's title in step (as a meta change, so the session saves it too)."""
        from autograph_desktop.model import Transaction, update_meta

        for tab in self.document_tabs():
            if tab.library_id == diagram_id and tab.doc.meta.title != title:
                op = update_meta(tab.doc.meta, title=title)
                if op is not None:
                    tab.history.execute(Transaction((op,), "Rename"))
                self._update_tab_title(tab)

    def has_library_document(self) -> bool:
        tab = self.current_tab()
        return tab is not None and tab.library_id is not None

    def show_version_history(self) -> None:
        """Dock the version timeline of the current library diagram."""
        from autograph_desktop.gui.versions import VersionTimeline

        tab = self.current_tab()
        if tab is None or tab.session is None:
            QMessageBox.information(self, "Version history",
                                    "Version history is kept for diagrams in the library. "
                                    "Use File > Add to Library to keep this one there.")
            return
        timeline = VersionTimeline(tab.session, self)
        timeline.forked.connect(self.open_library_diagram)
        old = self.docks.pop("versions", None)
        if old is not None:
            self.removeDockWidget(old)
            old.deleteLater()
        dock = self.add_panel("versions", "Versions", timeline)
        dock.show()
        dock.raise_()

    # ----------------------------------------------------------------- state for commands
    def has_document(self) -> bool:
        return self.current_tab() is not None

    def selection_count(self) -> int:
        view = self.canvas()
        return len(view.selected_ids()) if view is not None else 0

    def has_selection(self) -> bool:
        return self.selection_count() > 0

    def has_multi_selection(self) -> bool:
        return self.selection_count() > 1

    def can_undo(self) -> bool:
        tab = self.current_tab()
        return bool(tab and tab.history.can_undo)

    def can_redo(self) -> bool:
        tab = self.current_tab()
        return bool(tab and tab.history.can_redo)

    def set_style(self, **fields: Any) -> None:
        """Style the whole selection in one undo step."""
        self.on_canvas(lambda c: c.set_style(**fields))

    def toggle_font_flag(self, flag: str) -> None:
        styles = self.properties.selected_styles()
        if not styles:
            return
        if flag == "bold":
            self.set_style(font_weight=400 if all(s.font_weight >= 600 for s in styles) else 700)
        else:
            self.set_style(font_italic=not all(s.font_italic for s in styles))

    def step_font_size(self, delta: float) -> None:
        styles = self.properties.selected_styles()
        if styles:
            self.set_style(font_size=max(4.0, min(400.0, styles[0].font_size + delta)))

    # ----------------------------------------------------------------- view commands
    def zoom_by(self, factor: float) -> None:
        view = self.canvas()
        if view is not None:
            view.set_zoom(float(view.zoom) * factor)

    def on_view(self, command: Callable[[CanvasView], object]) -> None:
        view = self.canvas()
        if view is not None:
            command(view)

    def _set_view_flag(self, value: bool, key: str, apply: Callable[[CanvasView, bool], None]) -> None:
        """Remember a view option and apply it to every open canvas."""
        self.settings.setValue(key, value)
        for tab in self.document_tabs():
            apply(tab.view, value)

    def toggle_grid(self) -> None:
        self.grid_visible = not self.grid_visible
        self._set_view_flag(self.grid_visible, "view/grid", lambda v, on: v.set_grid_visible(on))

    def toggle_snap(self) -> None:
        self.snap_enabled = not self.snap_enabled
        self._set_view_flag(self.snap_enabled, "view/snap", lambda v, on: v.set_snap_enabled(on))

    def toggle_rulers(self) -> None:
        self.rulers_visible = not self.rulers_visible
        self._set_view_flag(self.rulers_visible, "view/rulers", lambda v, on: v.set_rulers_visible(on))

    def toggle_minimap(self) -> None:
        self.minimap_visible = not self.minimap_visible
        self._set_view_flag(self.minimap_visible, "view/minimap", lambda v, on: v.set_minimap_visible(on))

    def set_canvas_theme(self, theme: str) -> None:
        self.canvas_theme = "dark" if theme == "dark" else "light"
        self.settings.setValue("view/canvas_theme", self.canvas_theme)
        for tab in self.document_tabs():
            tab.view.set_canvas_theme(self.canvas_theme)
        self.properties.refresh()
        self.refresh()

    def toggle_canvas_theme(self) -> None:
        self.set_canvas_theme("light" if self.canvas_theme == "dark" else "dark")

    def toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def panel_visible(self, name: str) -> bool:
        dock = self.docks.get(name)
        return bool(dock and not dock.isHidden())

    def toggle_panel(self, name: str) -> None:
        dock = self.docks[name]
        dock.setVisible(dock.isHidden())
        if not dock.isHidden():
            dock.raise_()
            self._fit_docks()

    def set_tool(self, name: str) -> None:
        self.current_tool = name
        self.on_view(lambda v: v.set_tool(name))
        self.refresh()

    def tool_is(self, name: str) -> bool:
        return self.current_tool == name

    def _on_tool_changed(self, name: str) -> None:
        self.current_tool = name
        self.registry.refresh()

    def show_insert_panel(self) -> None:
        self.docks["insert"].show()
        self.docks["insert"].raise_()
        self.insert_panel.ensure_filled()
        self.insert_panel.focus_search()

    def show_ai_panel(self, mode: str = "generate") -> None:
        """The AI dock (made on first use): generate, refine and explain diagrams in words."""
        from autograph_desktop.gui.ai_panel import install_ai_panel

        install_ai_panel(self).show_mode(mode)

    def insert_icon(self, icon_id: str) -> None:
        if self.current_tab() is None:
            self.new_document()
        label = self.insert_panel.label_for(icon_id)
        self.on_canvas(lambda c: c.insert_icon(icon_id, label))
        self.insert_panel.note_used(icon_id)

    def insert_shape(self, kind: str) -> None:
        if self.current_tab() is None:
            self.new_document()
        self.on_canvas(lambda c: c.insert_shape(kind))

    def focus_library_search(self) -> None:
        self.docks["library"].show()
        self.library_panel.focus_search()

    # ----------------------------------------------------------------- presentation mode
    @property
    def presenting(self) -> bool:
        return self.presenter.active

    def toggle_presentation(self) -> None:
        self.presenter.toggle()

    def present_step(self, delta: int) -> None:
        self.presenter.step(delta)

    # ----------------------------------------------------------------- dialogs
    def show_palette(self) -> None:
        from autograph_desktop.gui.command_palette import CommandPalette

        palette = CommandPalette(self.registry, self.settings, self.library_panel.source, self)
        palette.libraryDiagramChosen.connect(self.open_library_diagram)
        self.command_palette = palette
        palette.popup()

    def show_shortcuts(self) -> None:
        from autograph_desktop.gui.shortcuts_dialog import ShortcutsDialog

        ShortcutsDialog(self.registry, self).exec()

    def show_preferences(self) -> None:
        from autograph_desktop.gui.preferences import PreferencesDialog

        PreferencesDialog(self.registry, self.settings, self, self.library).exec()

    def show_templates(self) -> None:
        from autograph_desktop.gui.start_screen import TemplateDialog

        dialog = TemplateDialog(self.library_panel.source, self)
        dialog.templateChosen.connect(self.documents.new_from_template)
        dialog.exec()

    def clear_recent(self) -> None:
        file_ops.clear_recent(self.settings)
        self.start_screen.refresh()

    def show_about(self) -> None:
        from autograph_desktop import __version__ as version

        QMessageBox.about(self, "About AutoGraph",
                          f"<b>AutoGraph Desktop</b> {version}<br>Offline-first diagramming for software people."
                          "<br><br>Icons: see resources/icons/SOURCES.md for each set's licence.")

    def _after_command(self, _command_id: str) -> None:
        """Commands change documents and selections; show the result at once rather than on a timer."""
        self.properties.refresh()
        self.status.refresh_counts()

    # ----------------------------------------------------------------- reactions
    def refresh(self) -> None:
        """Bring actions, panels and the status bar in line with the current tab and selection."""
        self.registry.refresh()
        tab = self.current_tab()
        self.properties.set_target(tab.view if tab else None, tab.doc if tab else None, self.canvas_theme)
        self.history_panel.set_history(tab.history if tab else None)
        self.status.set_document(tab.doc if tab else None, tab.view if tab else None)
        self.status.set_tab(tab)
        self._update_window_title()

    def _on_current_tab(self, _index: int) -> None:
        """Each canvas keeps its own tool; the toolbar shows the one of the tab now in front."""
        view = self.canvas()
        self.current_tool = view.tool_name if view is not None else "select"
        self.hot_exit.tabs_changed()
        self.refresh()

    def _on_selection(self) -> None:
        self.registry.refresh()
        self.properties.refresh()
        self.status.refresh_counts()

    def _on_history(self) -> None:
        self.registry.refresh()

    def _on_document_changed(self, tab: DocumentTab) -> None:
        if tab is self.current_tab():
            self.status.refresh_counts()
            self.status.set_tab(tab)
            self.properties.schedule_refresh()

    # ----------------------------------------------------------------- drag and drop, appearance
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths)

    @property
    def appearance(self) -> str:
        return str(self.settings.value("view/appearance", "system"))

    def set_appearance(self, mode: str) -> None:
        """Light, dark or follow the OS for the whole application (the canvas has its own theme)."""
        from autograph_desktop.gui.theme import apply_theme

        mode = mode if mode in ("light", "dark") else "system"
        self.settings.setValue("view/appearance", mode)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, mode)  # type: ignore[arg-type]
        self.registry.retheme()
        self.properties.refresh()
        self.insert_panel.update_results()
        self.library_panel.reload()
        self.start_screen.set_actions(self.registry)
        self.refresh()

    # ----------------------------------------------------------------- window state
    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        self._fit_docks()

    def save_layout(self) -> None:
        if self.presenting:
            self.presenter.stop()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.sync()

    def close_keeping_work(self) -> None:
        """Close without asking about unsaved files (the system is ending the app): their work stays in the
        recovery journal and comes back at the next start."""
        self._keep_unsaved = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        for tab in self.document_tabs():
            if tab.needs_prompt and not self._keep_unsaved and not self._confirm_discard(tab):
                event.ignore()
                return
        self.save_layout()
        if self.sync is not None:
            self.sync.stop()
        self.hot_exit.shut_down([t for t in self.document_tabs()])
        for tab in self.document_tabs():
            self._closing_library_tab(tab)
            tab.close_document()
        event.accept()
