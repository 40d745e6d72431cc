"""What documents are and where they go: new, open, import, save, save a copy, add to the library.

Library-first, as in Eraser, Excalidraw+ or Apple's apps: Ctrl+N makes a diagram in the library, which
saves itself. A file opened from disk is edited in place and Ctrl+S writes it back in its own format;
"Add to Library" moves it into the library. Import always makes new library diagrams (one per page, or the
pages as frames of one diagram). "Save a Copy As..." and Export write files and change nothing else.
Without a library (it could not be opened), new documents have no home until saved as files; the crash
journal keeps them meanwhile.
"""

from __future__ import annotations

import os
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog, QMessageBox

from autograph_desktop.gui import file_ops
from autograph_desktop.gui.homes import FileHome, Home, LibraryHome, ScratchHome, in_place_format
from autograph_desktop.model import Diagram, DiagramMeta, Problem

if TYPE_CHECKING:
    from autograph_desktop.gui.document_tab import DocumentTab
    from autograph_desktop.gui.main_window import MainWindow

#: File types "Save a Copy As..." offers: (format, label, extension).
COPY_FORMATS = (("autograph", "AutoGraph diagram", ".autograph"), ("drawio", "draw.io diagram", ".drawio"),
                ("excalidraw", "Excalidraw drawing", ".excalidraw"), ("mermaid", "Mermaid text", ".mmd"),
                ("svg", "SVG image", ".svg"), ("png", "PNG image", ".png"), ("pdf", "PDF document", ".pdf"))


class DocumentActions:
    """The window's file and library commands; every tab it makes goes through `install_tab`."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    # ----------------------------------------------------------------- making tabs
    def _tab(self, doc: Diagram, home: Home) -> DocumentTab:
        from autograph_desktop.gui.code.tab import CodeDocumentTab
        from autograph_desktop.gui.document_tab import DocumentTab

        if doc.meta.source_kind == "mermaid" and not isinstance(home, FileHome):
            tab: DocumentTab = CodeDocumentTab(doc.meta.source, home=home, doc=doc, parent=self.window)
        else:
            tab = DocumentTab(doc, home, self.window)
        return self.window.install_tab(tab)

    def open_document(self, doc: Diagram, path: str | None = None, session: Any = None) -> DocumentTab:
        if session is not None:
            home: Home = LibraryHome(session)
        elif path is not None and (fmt := in_place_format(path)) is not None:
            home = FileHome(path, fmt)
        else:
            home = ScratchHome()
        return self._tab(doc, home)

    def open_code(self, text: str, path: str | None = None) -> DocumentTab:
        from autograph_desktop.gui.code.tab import CodeDocumentTab

        return self.window.install_tab(CodeDocumentTab(text, path, self.window))

    # ----------------------------------------------------------------- new documents
    def _create_in_library(self, doc: Diagram) -> str | None:
        library = self.window.library
        if library is None:
            return None
        try:
            return library.create_from(doc)
        except Exception as exc:  # the library is another process's file: say why and carry on homeless
            self.window.info_bar.show_message(f"The library could not store the new diagram: {exc}", "Library")
            return None

    def new_diagram(self, doc: Diagram | None = None) -> DocumentTab:
        """A new diagram in the library (it saves itself); homeless only when there is no library."""
        self.window.ensure_library()
        if doc is None:
            count = sum(1 for t in self.window.document_tabs() if t.doc.meta.title.startswith("Untitled")) + 1
            doc = Diagram(DiagramMeta(title="Untitled diagram" if self.window.has_library() else f"Untitled {count}"))
        diagram_id = self._create_in_library(doc) if self.window.has_library() else None
        if diagram_id is not None:
            tab = self.open_library_diagram(diagram_id)
            if tab is not None:
                self.window.library_panel.reload_list()
                return tab
        return self._tab(doc, ScratchHome())

    def new_mermaid(self, kind: str = "flowchart") -> DocumentTab:
        from autograph_desktop.mermaid.snippets import SNIPPETS

        text = SNIPPETS.get(kind, SNIPPETS["flowchart"])
        doc = Diagram(DiagramMeta(title=f"Mermaid {kind}", source=text, source_kind="mermaid"))
        return self.new_diagram(doc)

    def new_from_template(self, template_id: str) -> DocumentTab | None:
        from autograph_desktop.gui.start_screen import template_document

        doc = template_document(self.window.library, template_id)
        if doc is None:
            QMessageBox.warning(self.window, "Template", "That template could not be read.")
            return None
        return self.new_diagram(doc)

    # ----------------------------------------------------------------- opening
    def open_dialog(self) -> None:
        self.open_paths(file_ops.ask_open_paths(self.window))

    def open_library_diagram(self, diagram_id: str) -> DocumentTab | None:
        for tab in self.window.document_tabs():
            if tab.library_id == diagram_id:
                self.window.tabs.setCurrentWidget(tab)
                return tab
        opened = self.window.library_panel.open_session(diagram_id)
        if opened is None:
            return None
        doc, session = opened
        return self._tab(doc, LibraryHome(session))

    def open_paths(self, paths: list[str]) -> int:
        """Open files as tabs; returns how many tabs show them (already open ones are brought forward)."""
        opened = 0
        for path in paths:
            existing = next((t for t in self.window.document_tabs()
                             if t.path and os.path.abspath(t.path) == os.path.abspath(path)), None)
            if existing is not None:
                self.window.tabs.setCurrentWidget(existing)
                opened += 1
                continue
            opened += self._open_path(path)
        self.window.refresh()
        return opened

    def _open_path(self, path: str) -> int:
        if path.lower().endswith((".mmd", ".mermaid")):
            text = file_ops.read_text(self.window, path)
            if text is None:
                return 0
            self.open_code(text, path)
            file_ops.add_recent(self.window.settings, path)
            return 1
        read = file_ops.read_result(self.window, path)
        if read is None:
            return 0
        docs, warnings = list(read.diagrams), list(read.warnings)
        fmt = in_place_format(path)
        in_place = fmt is not None and len(docs) == 1
        for doc in docs:
            tab = self._tab(doc, FileHome(path, fmt) if in_place and fmt else ScratchHome())
            if not in_place:
                tab.imported_from = path
        if docs:
            file_ops.add_recent(self.window.settings, path)
            self._tell(path, warnings, copies=not in_place and len(docs) > 1)
        return len(docs)

    def _tell(self, path: str, warnings: list[Problem], copies: bool) -> None:
        name = os.path.basename(path)
        lines = [str(w) for w in warnings[:6]]
        if len(warnings) > 6:
            lines.append(f"… and {len(warnings) - 6} more")
        if copies:
            lines.insert(0, f"{name} has several pages; each opened in its own tab. Save adds them to the library.")
        if lines:
            self.window.info_bar.show_message("\n".join(lines), f"Read {name}")

    # ----------------------------------------------------------------- importing
    def import_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self.window, "Import as New Diagram", file_ops.last_folder(
            self.window.settings), file_ops.OPEN_FILTER)
        self.import_paths(paths)

    def import_paths(self, paths: list[str]) -> int:
        """Each file becomes new diagrams (never merged into an open one): one per page, or the pages as
        frames of one diagram when the user prefers."""
        made = 0
        for path in paths:
            file_ops.remember_folder(self.window.settings, path)
            read = file_ops.read_result(self.window, path)
            if read is None:
                continue
            docs, warnings = list(read.diagrams), list(read.warnings)
            if len(docs) > 1:
                choice = self._ask_pages(path, len(docs))
                if choice is None:
                    continue
                if choice == 1:
                    from autograph_desktop.model.pages import pages_as_frames

                    docs = [pages_as_frames(docs, os.path.splitext(os.path.basename(path))[0], read.page_names)]
            for doc in docs:
                self.new_diagram(doc)
                made += 1
            self._tell(path, warnings, copies=False)
        return made

    def _ask_pages(self, path: str, pages: int) -> int | None:
        """0: one diagram per page, 1: the pages as frames of one diagram, None: cancelled."""
        from autograph_desktop.gui import dialogs

        return dialogs.ask_choice(self.window, "Import pages", f"{os.path.basename(path)} has {pages} pages.",
                                  "Import each page as its own diagram, or all pages as frames side by side "
                                  "in one diagram?", ["One Diagram per Page", "Pages as Frames"])

    # ----------------------------------------------------------------- saving
    def save_current(self) -> None:
        if (tab := self.window.current_tab()) is not None:
            self.save(tab)

    def save(self, tab: DocumentTab) -> bool:
        """Ctrl+S: save where the document lives, and confirm; a homeless one goes to the library (or a file)."""
        try:
            message = tab.save()
        except OSError as exc:
            QMessageBox.critical(self.window, "Could not save", f"{tab.title} was not saved:\n{exc}")
            return False
        if message is None:
            if self.window.has_library():
                return self.add_to_library(tab)
            return self.save_as_file(tab)
        self._after_save(tab, message)
        return True

    def save_as_file(self, tab: DocumentTab) -> bool:
        """Give a homeless document a file home (`.autograph`, or `.mmd` for code)."""
        path = file_ops.ask_save_path(self.window, tab, self.window.settings)
        if not path:
            return False
        try:
            tab.save_to(path)
        except OSError as exc:
            QMessageBox.critical(self.window, "Could not save", f"{path} was not saved:\n{exc}")
            return False
        file_ops.add_recent(self.window.settings, path)
        self.window.hot_exit.tabs_changed()
        self._after_save(tab, f"Saved {os.path.basename(path)}")
        return True

    def save_copy_as(self, tab: DocumentTab) -> bool:
        """Write the document to a file in any format; the tab keeps editing where it was."""
        filters = ";;".join(f"{label} (*{ext})" for _fmt, label, ext in COPY_FORMATS)
        first = ".mmd" if tab.is_code else ".autograph"
        start = os.path.join(file_ops.last_folder(self.window.settings), tab.title + first)
        path, chosen = QFileDialog.getSaveFileName(self.window, "Save a Copy As", start, filters)
        if not path:
            return False
        fmt, ext = next(((f, e) for f, label, e in COPY_FORMATS if chosen.startswith(label)),
                        ("autograph", ".autograph"))
        by_extension = next(((f, e) for f, _l, e in COPY_FORMATS if path.lower().endswith(e)), None)
        if by_extension is not None:
            fmt, ext = by_extension
        elif not path.lower().endswith(ext):
            path += ext
        try:
            file_ops.write_document(tab, path, fmt, self.window.canvas_theme)
        except (OSError, ValueError) as exc:
            QMessageBox.critical(self.window, "Could not save", f"{path} was not written:\n{exc}")
            return False
        file_ops.remember_folder(self.window.settings, path)
        self.window.status.show_message(f"Saved a copy as {os.path.basename(path)}")
        return True

    def add_to_library(self, tab: DocumentTab) -> bool:
        """Keep this document in the library from now on (the file on disk, if any, is left as it is).

        The tab is replaced by the library diagram's own tab at the same place; its undo history starts
        afresh, as after any reopening.
        """
        if not self.window.has_library() or isinstance(tab.home, LibraryHome):
            return False
        if tab.is_code:  # the code is the document: keep the latest in the metadata it is stored in
            tab.doc.set_meta(replace(tab.doc.meta, source=tab.code, source_kind="mermaid"))
        diagram_id = self._create_in_library(tab.doc)
        if diagram_id is None:
            return False
        tabs = self.window.tabs
        index = tabs.indexOf(tab)
        tab.close_document()
        self.window.hot_exit.forget(tab)
        tabs.removeTab(index)
        tab.deleteLater()
        new_tab = self.open_library_diagram(diagram_id)
        if new_tab is None:
            return False
        tabs.tabBar().moveTab(tabs.indexOf(new_tab), max(0, min(index, tabs.count() - 1)))
        tabs.setCurrentWidget(new_tab)
        self.window.library_panel.reload_list()
        self._after_save(new_tab, f"Added “{new_tab.title}” to the library; it saves itself from now on")
        return True

    def can_add_to_library(self) -> bool:
        tab = self.window.current_tab()
        return tab is not None and self.window.has_library() and not isinstance(tab.home, LibraryHome)

    def _after_save(self, tab: DocumentTab, message: str) -> None:
        self.window.hot_exit.saved(tab)
        self.window._update_tab_title(tab)
        self.window.status.show_message(message)
        if tab.library_id:
            self.window.library_panel.update_thumbnail(tab.library_id, tab.doc)

    # ----------------------------------------------------------------- exporting
    def export(self, fmt: str) -> None:
        tab = self.window.current_tab()
        if tab is None:
            return
        path = file_ops.export_tab(self.window, tab, fmt, self.window.settings, self.window.canvas_theme)
        if path is not None:
            self.window.status.show_message(f"Exported {os.path.basename(path)} to {os.path.dirname(path)}")
