"""Hot exit for the window: every tab's unsaved work reaches the disk within a second of an edit, and a
restart (after a crash, `kill -9`, or a normal quit) brings the tabs back as they were.

The journal itself is `autograph_desktop.journal` (no Qt); this module decides when to write it: a short
quiet period after an edit, and never more than a second after the first unsaved edit.
"""

from __future__ import annotations

import contextlib
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from autograph_desktop.apppaths import app_paths
from autograph_desktop.journal import (
    Session,
    TabJournal,
    TabRecord,
    forget_orphans,
    read_session,
    recover,
    recovery_dir,
    write_session,
)

if TYPE_CHECKING:
    from autograph_desktop.gui.document_tab import DocumentTab
    from autograph_desktop.gui.main_window import MainWindow
    from autograph_desktop.model import ChangeSet, Diagram, Operation

log = logging.getLogger(__name__)
#: Write this long after the last edit...
QUIET_MS = 200
#: ...but never later than this after the first unwritten one.
AT_MOST_MS = 800


class HotExit(QObject):
    """Keeps a journal per tab that has no library home, and the list of open tabs."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.root = recovery_dir(app_paths().data_dir)
        self._journals: dict[int, TabJournal] = {}
        self._quiet = QTimer(self)
        self._quiet.setSingleShot(True)
        self._quiet.setInterval(QUIET_MS)
        self._quiet.timeout.connect(self.flush)
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.setInterval(AT_MOST_MS)
        self._deadline.timeout.connect(self.flush)
        self._dirty_tabs: set[int] = set()
        self.enabled = True

    # ----------------------------------------------------------------- following tabs
    def _record(self, tab: DocumentTab) -> TabRecord:
        return TabRecord(tab.home.kind, tab.is_code, tab.library_id, None, tab.path, tab.doc.meta.title)

    def watch(self, tab: DocumentTab) -> None:
        tab.documentChanged.connect(lambda t=tab: self._edited(t))
        tab.codeChanged.connect(lambda t=tab: self._edited(t))
        def noted(_doc: Diagram, changes: ChangeSet, t: DocumentTab = tab) -> None:
            self._note(t, changes.operations)

        tab.doc.subscribe(noted)
        self.tabs_changed()

    def _journal(self, tab: DocumentTab) -> TabJournal | None:
        if tab.library_id is not None:
            return None  # the library commits every edit within a second itself
        key = id(tab)
        journal = self._journals.get(key)
        if journal is None:
            journal = TabJournal(self.root, self._record(tab))
            self._journals[key] = journal
        return journal

    def _note(self, tab: DocumentTab, operations: list[Operation]) -> None:
        journal = self._journal(tab)
        if journal is not None and not tab.is_code:
            journal.note(operations)

    def _edited(self, tab: DocumentTab) -> None:
        if tab.library_id is not None:
            return
        self._dirty_tabs.add(id(tab))
        self._quiet.start()
        if not self._deadline.isActive():
            self._deadline.start()

    def flush(self) -> None:
        """Write every pending journal now (the timers call this; so do tests and shut-down)."""
        self._quiet.stop()
        self._deadline.stop()
        if not self.enabled:
            return
        pending, self._dirty_tabs = self._dirty_tabs, set()
        listed = False
        for tab in self.window.document_tabs():
            if id(tab) not in pending:
                continue
            journal = self._journal(tab)
            if journal is None:
                continue
            try:
                if tab.is_code:
                    journal.flush_code(tab.code)
                else:
                    journal.flush_document(tab.doc)
            except OSError as exc:  # a full disk: keep editing; say it once in the log, retry on the next edit
                log.warning("could not write the recovery journal: %s", exc)
                continue
            listed = True
        if listed:
            self.tabs_changed()

    def saved(self, tab: DocumentTab) -> None:
        """The tab's work is safe where it lives now: its journal is no longer needed."""
        self.forget_journal(tab)
        self.tabs_changed()

    def forget_journal(self, tab: DocumentTab) -> None:
        journal = self._journals.pop(id(tab), None)
        self._dirty_tabs.discard(id(tab))
        if journal is not None:
            journal.discard()

    def forget(self, tab: DocumentTab) -> None:
        """The tab was closed on purpose (after any question about unsaved changes)."""
        self.forget_journal(tab)
        QTimer.singleShot(0, self.tabs_changed)

    # ----------------------------------------------------------------- the session file
    def _session(self, clean: bool) -> Session:
        records: list[TabRecord] = []
        for tab in self.window.document_tabs():
            record = self._record(tab)
            journal = self._journals.get(id(tab))
            if journal is not None and (journal.folder / "tab.json").is_file():
                journal.describe(record)
            if record.kind == "scratch" and record.journal is None:
                continue  # nothing typed yet: nothing to bring back
            records.append(record)
        return Session(records, max(0, self.window.tabs.currentIndex()), clean)

    def tabs_changed(self) -> None:
        """Tabs opened, closed, moved or given a home: rewrite the list (marked as not closed cleanly)."""
        if not self.enabled:
            return
        try:
            write_session(self.root, self._session(clean=False))
        except OSError as exc:
            log.warning("could not write the session file: %s", exc)

    def shut_down(self, tabs: list[DocumentTab]) -> None:
        """A normal quit: unsaved file work was saved or discarded by the user, so journals go; the tab
        list stays, to reopen the same diagrams next time."""
        self.flush()
        for tab in tabs:
            if not tab.needs_prompt:
                self.forget_journal(tab)
        with contextlib.suppress(OSError):
            write_session(self.root, self._session(clean=True))
        self.enabled = False

    # ----------------------------------------------------------------- coming back
    def restore(self) -> int:
        """Reopen the tabs of the last session (their unsaved work included); returns how many opened."""
        session = read_session(self.root)
        if session is None:
            return 0
        opened = 0
        notes: list[str] = []
        documents = self.window.documents
        for record in session.tabs:
            tab = None
            if record.kind == "library" and record.library_id:
                if self.window.has_library():
                    tab = documents.open_library_diagram(record.library_id)
            elif record.journal:
                tab = self._restore_journal(record, notes)
            elif record.kind == "file" and record.path:
                opened_now = documents.open_paths([record.path])
                tab = self.window.current_tab() if opened_now else None
            opened += tab is not None
        forget_orphans(self.root, [j.id for j in self._journals.values()])
        if opened:
            self.window.tabs.setCurrentIndex(min(session.current, self.window.tabs.count() - 1))
        if not session.clean and opened:
            notes.insert(0, "AutoGraph did not close normally last time; your open diagrams and their unsaved "
                            "changes have been brought back.")
        if notes:
            self.window.info_bar.show_message("\n".join(notes), "Recovered")
        self.tabs_changed()
        return opened

    def _restore_journal(self, record: TabRecord, notes: list[str]) -> DocumentTab | None:
        from autograph_desktop.gui.code.tab import CodeDocumentTab
        from autograph_desktop.gui.document_tab import DocumentTab
        from autograph_desktop.gui.homes import FileHome, Home, ScratchHome, in_place_format

        assert record.journal is not None
        found = recover(self.root, record.journal)
        if found is None:
            if record.kind == "file" and record.path:
                self.window.documents.open_paths([record.path])
                return self.window.current_tab()
            return None
        notes.extend(found.problems)
        fmt = in_place_format(record.path) if record.path else None
        home: Home = FileHome(record.path, fmt) if record.kind == "file" and record.path and fmt else ScratchHome()
        if found.code is not None:
            code_tab = CodeDocumentTab(found.code, None, self.window, home=home)
            if isinstance(home, FileHome):
                code_tab.set_saved_text_from_disk()
            tab: DocumentTab = code_tab
        elif found.document is not None:
            tab = DocumentTab(found.document, home, self.window)
            tab.revision = 1  # unsaved work, whatever its home
        else:
            return None
        journal = TabJournal(self.root, record, record.journal)
        self._journals[id(tab)] = journal
        self.window.install_tab(tab)
        return tab
