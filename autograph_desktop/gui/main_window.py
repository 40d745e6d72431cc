"""The main window: tabs of canvases, the docked panels, menus and toolbar from the action registry."""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from autograph_desktop.gui import file_ops
from autograph_desktop.gui.actions import ActionRegistry
from autograph_desktop.gui.commands import MENUS, TOOLBAR, build_commands
from autograph_desktop.gui.document_tab import CanvasFactory, DocumentTab, default_canvas_factory
from autograph_desktop.gui.gcguard import settle_soon
from autograph_desktop.gui.history_panel import HistoryPanel
from autograph_desktop.gui.insert_panel import InsertPanel
from autograph_desktop.gui.library_sidebar import LibrarySidebar, LibrarySource
from autograph_desktop.gui.preferences import ui_settings
from autograph_desktop.gui.presentation import Presenter
from autograph_desktop.gui.properties_panel import PropertiesPanel
from autograph_desktop.gui.status import StatusBar
from autograph_desktop.model import Diagram, DiagramMeta

APP_TITLE = "AutoGraph"


class MainWindow(QMainWindow):
    """One window with any number of open diagrams; every command lives in `self.registry`."""

    def __init__(self, settings: QSettings | None = None, canvas_factory: CanvasFactory | None = None,
                 library: LibrarySource | None = None) -> None:
        super().__init__()
        self.settings = settings if settings is not None else ui_settings()
        self.canvas_factory = canvas_factory or default_canvas_factory
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
        self._build_central()
        self._build_docks(library)
        self.status = StatusBar(self)
        self.setStatusBar(self.status)
        self.registry = ActionRegistry(self, self.settings)
        self.registry.add_all(build_commands(self))
        for action in self.registry.actions():
            self.addAction(action)  # shortcuts work even when the menu bar is hidden (presentation mode)
        self._build_menus()
        self._build_toolbar()
        for command_id, default in (("file.new", True), ("file.open", False), ("help.palette", False)):
            button = QPushButton(self.registry.action(command_id).icon(),
                                 self.registry.command(command_id).text.replace("&", ""), self.empty)
            button.setDefault(default)
            button.setProperty("command", command_id)
            button.setAccessibleName(self.registry.command(command_id).text.replace("&", "").rstrip("…"))
            button.clicked.connect(self.registry.action(command_id).trigger)
            self._empty_buttons.addWidget(button)
        self._empty_buttons.addStretch(1)
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
        self.empty = QWidget(self)
        self.empty.setObjectName("EmptyState")
        layout = QVBoxLayout(self.empty)
        layout.addStretch(2)
        title = QLabel("No diagram open", self.empty)
        title.setObjectName("EmptyTitle")
        hint = QLabel("Create one with Ctrl+N, open a file with Ctrl+O,\npick one from the library, "
                      "or press Ctrl+K to search every command.", self.empty)
        hint.setObjectName("EmptyHint")
        for label in (title, hint):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        self._empty_buttons = QHBoxLayout()
        self._empty_buttons.setSpacing(8)
        self._empty_buttons.addStretch(1)
        layout.addSpacing(12)
        layout.addLayout(self._empty_buttons)
        layout.addStretch(3)
        container = QWidget(self)
        box = QVBoxLayout(container)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.tabs)
        box.addWidget(self.empty)
        self.setCentralWidget(container)

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
        """Dock another engineer's panel (e.g. the code panel); its layout is remembered like the others."""
        where = Qt.DockWidgetArea.LeftDockWidgetArea if area == "left" else Qt.DockWidgetArea.RightDockWidgetArea
        dock = self._dock(name, title, widget, where)
        if area != "left":
            self.tabifyDockWidget(self.docks["properties"], dock)
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
        self.resizeDocks([self.docks["library"], self.docks["properties"]], [250, 280], Qt.Orientation.Horizontal)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        for title, items in MENUS:
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

    # ----------------------------------------------------------------- tabs and documents
    def current_tab(self) -> DocumentTab | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, DocumentTab) else None

    def current_view(self) -> Any:
        tab = self.current_tab()
        return tab.view if tab is not None else None

    def document_tabs(self) -> list[DocumentTab]:
        return [w for i in range(self.tabs.count()) if isinstance(w := self.tabs.widget(i), DocumentTab)]

    def add_document(self, doc: Diagram, path: str | None = None, session: Any = None) -> DocumentTab:
        return self._install_tab(DocumentTab(doc, self.canvas_factory, path, session, self), path)

    def add_code_document(self, text: str, path: str | None = None) -> DocumentTab:
        """A diagram-as-code tab: Mermaid on the left, its live canvas on the right."""
        from autograph_desktop.gui.code.tab import CodeDocumentTab

        tab = CodeDocumentTab(text, path, self, canvas_factory=self.canvas_factory)
        tab.panel.rebuilt.connect(lambda _r, t=tab: self._code_rebuilt(t))
        return self._install_tab(tab, path)

    def _code_rebuilt(self, tab: DocumentTab) -> None:
        tab.history.subscribe(lambda _h: self._on_history())
        if tab is self.current_tab():
            self._on_selection()
            self._on_history()

    def new_mermaid_document(self) -> DocumentTab:
        from autograph_desktop.mermaid.snippets import SNIPPETS

        return self.add_code_document(SNIPPETS["flowchart"])

    def has_library_document(self) -> bool:
        tab = self.current_tab()
        return tab is not None and tab.session is not None and hasattr(tab.session, "restore_version")

    def show_version_history(self) -> None:
        """Dock the version timeline of the current library diagram."""
        from autograph_desktop.gui.versions import VersionTimeline

        tab = self.current_tab()
        if tab is None or not self.has_library_document():
            QMessageBox.information(self, "Version history",
                                    "Version history is kept for diagrams in the library. "
                                    "Use File > New Library Diagram, or open one from the library.")
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

    def _install_tab(self, tab: DocumentTab, path: str | None) -> DocumentTab:
        view = tab.view
        self._configure_view(view)
        view.selectionChanged.connect(self._on_selection)
        view.zoomChanged.connect(lambda z: self.status.set_zoom(z))
        view.toolChanged.connect(self._on_tool_changed)
        view.cursorScenePosChanged.connect(lambda x, y: self.status.set_cursor(x, y))
        if hasattr(view, "insertRequested"):
            view.insertRequested.connect(self.show_insert_panel)
        tab.dirtyChanged.connect(lambda _d, t=tab: self._update_tab_title(t))
        tab.documentChanged.connect(lambda t=tab: self._on_document_changed(t))
        tab.history.subscribe(lambda _h: self._on_history())
        index = self.tabs.addTab(tab, tab.title)
        self.tabs.setTabToolTip(index, path or tab.title)
        self.tabs.setCurrentIndex(index)
        self._show_empty_state()
        view.setFocus()
        settle_soon()
        return tab

    def _configure_view(self, view: Any) -> None:
        for setter, value in (("set_grid_visible", self.grid_visible), ("set_snap_enabled", self.snap_enabled),
                              ("set_rulers_visible", self.rulers_visible),
                              ("set_minimap_visible", self.minimap_visible),
                              ("set_canvas_theme", self.canvas_theme)):
            if hasattr(view, setter):
                getattr(view, setter)(value)
        if hasattr(view, "set_icon_provider"):
            view.set_icon_provider(file_ops.canvas_icon_provider)

    def _update_tab_title(self, tab: DocumentTab) -> None:
        index = self.tabs.indexOf(tab)
        if index >= 0:
            self.tabs.setTabText(index, ("● " if tab.dirty else "") + tab.title)
            self.tabs.setTabToolTip(index, tab.path or tab.title)
        self._update_window_title()
        if tab is self.current_tab():
            self.status.set_tab(tab)

    def _update_window_title(self) -> None:
        tab = self.current_tab()
        self.setWindowTitle(f"{tab.title}[*] — {APP_TITLE}" if tab else f"{APP_TITLE}[*]")
        self.setWindowModified(bool(tab and tab.dirty))

    def _show_empty_state(self) -> None:
        has_tabs = self.tabs.count() > 0
        self.tabs.setVisible(has_tabs)
        self.empty.setVisible(not has_tabs)

    def step_tab(self, delta: int) -> None:
        if self.tabs.count():
            self.tabs.setCurrentIndex((self.tabs.currentIndex() + delta) % self.tabs.count())

    def close_tab(self, index: int) -> bool:
        """Close one tab, asking about unsaved changes first; False if the user cancelled."""
        tab = self.tabs.widget(index)
        if not isinstance(tab, DocumentTab):
            return True
        if tab.needs_prompt and not self._confirm_discard(tab):
            return False
        self._closing_library_tab(tab)
        tab.close_document()
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
        if tab.library_id and tab.history.steps:
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

    # ----------------------------------------------------------------- file commands
    def new_document(self) -> DocumentTab:
        count = sum(1 for t in self.document_tabs() if t.path is None) + 1
        return self.add_document(Diagram(DiagramMeta(title=f"Untitled {count}")))

    def open_dialog(self) -> None:
        for path in file_ops.ask_open_paths(self):
            self.open_paths([path])

    def open_paths(self, paths: list[str]) -> int:
        """Open files as tabs (every page of multi-page files); returns the number of tabs opened."""
        opened = 0
        for path in paths:
            for tab in self.document_tabs():
                if tab.path and os.path.abspath(tab.path) == os.path.abspath(path):
                    self.tabs.setCurrentWidget(tab)
                    opened += 1
                    break
            else:
                if path.lower().endswith((".mmd", ".mermaid")):
                    text = file_ops.read_text(self, path)
                    if text is not None:
                        self.add_code_document(text, path)
                        file_ops.add_recent(self.settings, path)
                        opened += 1
                    continue
                docs = file_ops.read_documents(self, path)
                native = path.lower().endswith(".autograph")
                for doc in docs:
                    tab = self.add_document(doc, path if native and len(docs) == 1 else None)
                    if not native:
                        tab.imported_from = path
                        tab.path = None
                    opened += 1
                if docs:
                    file_ops.add_recent(self.settings, path)
        self.refresh()
        return opened

    def save_tab(self, tab: DocumentTab) -> bool:
        try:
            if tab.save():
                self._after_save(tab)
                return True
        except OSError as exc:
            QMessageBox.critical(self, "Could not save", f"{tab.title} was not saved:\n{exc}")
            return False
        return self.save_tab_as(tab)

    def save_tab_as(self, tab: DocumentTab) -> bool:
        path = file_ops.ask_save_path(self, tab)
        if not path:
            return False
        try:
            tab.save_to(path)
        except OSError as exc:
            QMessageBox.critical(self, "Could not save", f"{path} was not saved:\n{exc}")
            return False
        file_ops.add_recent(self.settings, path)
        self._after_save(tab)
        return True

    def _after_save(self, tab: DocumentTab) -> None:
        self._update_tab_title(tab)
        self.status.show_message(f"Saved {tab.title}")
        if tab.library_id:
            self.library_panel.update_thumbnail(tab.library_id, tab.doc)

    def new_library_diagram(self) -> DocumentTab | None:
        """Create a diagram in the library and open it (it autosaves from the first edit)."""
        diagram_id = self.library_panel.create_diagram("Untitled diagram")
        if diagram_id is None:
            return None
        self.open_library_diagram(diagram_id)
        return self.current_tab()

    def _library_renamed(self, diagram_id: str, title: str) -> None:
        """Keep an open tab's title in step (as an undoable meta change, so the session saves it too)."""
        from autograph_desktop.model import Transaction, update_meta

        for tab in self.document_tabs():
            if tab.library_id == diagram_id and tab.doc.meta.title != title:
                op = update_meta(tab.doc.meta, title=title)
                if op is not None:
                    tab.history.execute(Transaction((op,), "Rename"))
                self._update_tab_title(tab)

    def has_library(self) -> bool:
        return self.library_panel.source is not None

    def save_current(self) -> None:
        if (tab := self.current_tab()) is not None:
            self.save_tab(tab)

    def save_as_current(self) -> None:
        if (tab := self.current_tab()) is not None:
            self.save_tab_as(tab)

    def import_dialog(self) -> None:
        tab = self.current_tab()
        if tab is not None:
            file_ops.import_into(self, tab)

    def can_export(self, fmt: str) -> bool:
        return self.has_document() and file_ops.export_available(fmt)

    def export(self, fmt: str) -> None:
        if (tab := self.current_tab()) is not None:
            file_ops.export_tab(self, tab, fmt, self.canvas_theme)

    def clear_recent(self) -> None:
        file_ops.clear_recent(self.settings)

    def open_library_diagram(self, diagram_id: str) -> None:
        for tab in self.document_tabs():
            if tab.library_id == diagram_id:
                self.tabs.setCurrentWidget(tab)
                return
        opened = self.library_panel.open_session(diagram_id)
        if opened is not None:
            doc, session = opened
            tab = self.add_document(doc, None, session)
            tab.library_id = diagram_id

    # ----------------------------------------------------------------- state for commands
    def has_document(self) -> bool:
        return self.current_tab() is not None

    def selection_count(self) -> int:
        view = self.current_view()
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

    def call_controller(self, method: str, *args: Any, **kwargs: Any) -> Any:
        view = self.current_view()
        if view is None:
            return None
        controller = getattr(view, "controller", None)
        func = getattr(controller, method, None)
        if func is None:
            self.status.show_message(f"{method.replace('_', ' ')} is not available yet")
            return None
        return func(*args, **kwargs)

    def view_call(self, method: str, *args: Any) -> Any:
        view = self.current_view()
        func = getattr(view, method, None) if view is not None else None
        return func(*args) if func is not None else None

    def set_style(self, **fields: Any) -> None:
        """Style the whole selection in one undo step."""
        self.call_controller("set_style", **fields)

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
        view = self.current_view()
        if view is not None:
            view.set_zoom(float(view.zoom) * factor)

    def _set_view_flag(self, attr: str, setter: str, key: str) -> None:
        value = not getattr(self, attr)
        setattr(self, attr, value)
        self.settings.setValue(key, value)
        for tab in self.document_tabs():
            if hasattr(tab.view, setter):
                getattr(tab.view, setter)(value)

    def toggle_grid(self) -> None:
        self._set_view_flag("grid_visible", "set_grid_visible", "view/grid")

    def toggle_snap(self) -> None:
        self._set_view_flag("snap_enabled", "set_snap_enabled", "view/snap")

    def toggle_rulers(self) -> None:
        self._set_view_flag("rulers_visible", "set_rulers_visible", "view/rulers")

    def toggle_minimap(self) -> None:
        self._set_view_flag("minimap_visible", "set_minimap_visible", "view/minimap")

    def set_canvas_theme(self, theme: str) -> None:
        self.canvas_theme = "dark" if theme == "dark" else "light"
        self.settings.setValue("view/canvas_theme", self.canvas_theme)
        for tab in self.document_tabs():
            if hasattr(tab.view, "set_canvas_theme"):
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

    def set_tool(self, name: str) -> None:
        self.current_tool = name
        self.view_call("set_tool", name)
        self.refresh()

    def tool_is(self, name: str) -> bool:
        return self.current_tool == name

    def _on_tool_changed(self, name: str) -> None:
        self.current_tool = name
        self.registry.refresh()

    def show_insert_panel(self) -> None:
        self.docks["insert"].show()
        self.docks["insert"].raise_()
        self.insert_panel.focus_search()

    def show_ai_panel(self, mode: str = "generate") -> None:
        """The AI dock (made on first use): generate, refine and explain diagrams in words."""
        from autograph_desktop.gui.ai_panel import install_ai_panel

        install_ai_panel(self).show_mode(mode)

    def insert_icon(self, icon_id: str) -> None:
        if self.current_tab() is None:
            self.new_document()
        self.call_controller("insert_icon", icon_id)
        self.insert_panel.note_used(icon_id)

    def insert_shape(self, kind: str) -> None:
        if self.current_tab() is None:
            self.new_document()
        self.call_controller("insert_shape", kind)

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

        PreferencesDialog(self.registry, self.settings, self).exec()

    def show_about(self) -> None:
        from autograph_desktop import __version__ as version  # type: ignore[attr-defined]

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
        view = self.current_view()
        name = getattr(view, "tool_name", None) if view is not None else None
        self.current_tool = str(name() if callable(name) else name or "select")
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
        for button in self.empty.findChildren(QPushButton):
            button.setIcon(self.registry.action(str(button.property("command"))).icon())
        self.refresh()

    # ----------------------------------------------------------------- window state
    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)

    def save_layout(self) -> None:
        if self.presenting:
            self.presenter.stop()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        for tab in self.document_tabs():
            if tab.needs_prompt and not self._confirm_discard(tab):
                event.ignore()
                return
        self.save_layout()
        for tab in self.document_tabs():
            self._closing_library_tab(tab)
            tab.close_document()
        event.accept()
