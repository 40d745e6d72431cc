"""A diagram open for editing: a live Diagram whose changes are saved incrementally to the library.

The session subscribes to the document and collects which elements each change touched; `save` writes
only those rows, the operations for sync and the search words, in one transaction. `tick` (called by a
GUI timer) autosaves by the policy, so an edit reaches the disk within a second. Every change bumps
`revision`; `saved_through` is the revision the library holds, and `on_saved` listeners hear each commit,
so a status bar says "Saved" only once the last edit really is. Versions are taken on explicit save, on a
schedule, and before destructive transactions: the session's `history` checks every transaction it runs,
whoever runs it (the canvas included).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select

from autograph_desktop.model import ChangeSet, Diagram, History, Operation, Transaction
from autograph_desktop.model.transition import transition
from autograph_desktop.store.autosave import AutosavePolicy, LatencyLog
from autograph_desktop.store.codec import EncodeCache
from autograph_desktop.store.diagrams import diagram_labels, write_meta
from autograph_desktop.store.library import Library
from autograph_desktop.store.outbox import append_operations, outbox_operations
from autograph_desktop.store.rows import (
    compact_diagram,
    load_diagram,
    next_seq,
    tombstone_elements,
    upsert_elements,
    write_snapshot,
)
from autograph_desktop.store.schema import diagrams
from autograph_desktop.store.search import index_diagram
from autograph_desktop.store.versions import version_reason

__all__ = ["DocumentSession", "SaveResult", "VersionedHistory", "outbox_operations"]

#: Connectors re-routed because something they attach to moved report only this; their row is unchanged.
_DERIVED = frozenset({"geometry"})
_TEXT_FIELDS = frozenset({"text", "labels", "*"})
#: Rows written since the snapshot after which `save` suggests compaction.
COMPACT_AFTER_ROWS = 2000
#: Up to this many elements the search words are rewritten with every save that changes text. Beyond
#: it, rewriting them (FTS5 re-tokenises the old and new words) costs more than the save itself, so it is
#: deferred to `tick` after a longer quiet period, `compact` and `close`.
SEARCH_INLINE_MAX_ELEMENTS = 1000
SEARCH_REFRESH_QUIET_SECONDS = 10.0


class VersionedHistory(History):
    """The undo history of a library diagram: before each transaction runs, `before` may record a version
    (the canvas and the panels execute through the history, so every path is covered)."""

    def __init__(self, doc: Diagram, before: Callable[[Transaction], None]) -> None:
        super().__init__(doc)
        self._before = before
        self.checking = True

    def execute(self, transaction: Transaction) -> bool:
        if transaction and self.checking:
            self._before(transaction)
        return super().execute(transaction)


@dataclass
class _Pending:
    upsert: set[str] = field(default_factory=set)
    remove: set[str] = field(default_factory=set)
    #: Executed operations, serialised for the outbox only when saved (see `outbox_operations`).
    ops: list[Operation] = field(default_factory=list)
    meta: bool = False
    text: bool = False

    def __bool__(self) -> bool:
        return bool(self.upsert or self.remove or self.ops or self.meta)


@dataclass(frozen=True, slots=True)
class SaveResult:
    seq: int
    rows: int
    operations: int
    seconds: float
    #: The session revision this save made durable (see `DocumentSession.saved_through`).
    revision: int = 0


class DocumentSession:
    """Open with `DocumentSession.open(library, diagram_id)` (or `library.open_session`); edit through
    `history` (or `execute`)."""

    def __init__(self, library: Library, doc: Diagram, seq: int, rows_since_snapshot: int = 0,
                 policy: AutosavePolicy | None = None, cache: EncodeCache | None = None) -> None:
        self.library = library
        self.cache = cache or EncodeCache()
        self.doc = doc
        self.history: VersionedHistory = VersionedHistory(doc, self._before_transaction)
        self.policy = policy or AutosavePolicy()
        #: Seconds each save took (the last 200).
        self.latency = LatencyLog()
        #: Seconds from the oldest edit a save carried to its commit (what "within 1 s" measures).
        self.commit_delay = LatencyLog()
        self.seq = seq
        self.rows_since_snapshot = rows_since_snapshot
        #: Bumped by every change to the document this session sees.
        self.revision = 0
        #: The newest revision whose changes are committed to the library file.
        self.saved_through = 0
        self._saved_listeners: list[Callable[[int], None]] = []
        self._pending = _Pending()
        self._remote = False
        #: Saved text changes not yet in the search index (big diagrams; see SEARCH_INLINE_MAX_ELEMENTS).
        self.search_stale = False
        self._unsubscribe: Callable[[], None] | None = doc.subscribe(self._on_change)

    @classmethod
    def open(cls, library: Library, diagram_id: str, policy: AutosavePolicy | None = None, *,
             mark_opened: bool = True) -> DocumentSession:
        """Load a diagram for editing. `mark_opened=False` for work the user did not ask for (sync), so
        the "recent" list is not disturbed."""
        cache = EncodeCache()
        with library.read() as conn:
            doc, seq, newer = load_diagram(conn, diagram_id, cache)
        if mark_opened:
            library.diagrams.mark_opened(diagram_id)
        session = cls(library, doc, seq, newer, policy, cache)
        # A big diagram's deferred search words may have been lost to a crash: refresh them once, when idle.
        session.search_stale = len(doc) > SEARCH_INLINE_MAX_ELEMENTS
        return session

    @property
    def diagram_id(self) -> str:
        return self.doc.meta.id

    @property
    def dirty(self) -> bool:
        """Changes not yet committed to the library (the same as `saved_through < revision`)."""
        return bool(self._pending)

    @property
    def closed(self) -> bool:
        return self._unsubscribe is None

    @property
    def tick_interval(self) -> float:
        """How often, in seconds, the GUI should call `tick` for the autosave promise to hold."""
        return self.policy.tick_seconds

    def seconds_until_save(self) -> float | None:
        """When the next autosave is due (0: now; None: nothing to save)."""
        return self.policy.due_in(self.dirty)

    def on_saved(self, listener: Callable[[int], None]) -> Callable[[], None]:
        """Call `listener(saved_through)` after every commit; returns a function that stops it. The edit
        of revision r is durable once `saved_through >= r`."""
        self._saved_listeners.append(listener)
        return lambda: self._saved_listeners.remove(listener) if listener in self._saved_listeners else None

    # ------------------------------------------------------------------ tracking changes
    def _on_change(self, _doc: Diagram, changes: ChangeSet) -> None:
        p = self._pending
        for eid in changes.added:
            p.upsert.add(eid)
            p.remove.discard(eid)
        for eid in changes.removed:
            p.upsert.discard(eid)
            p.remove.add(eid)
        for eid, names in changes.updated.items():
            if names and names <= _DERIVED:
                continue
            p.upsert.add(eid)
            if names & _TEXT_FIELDS:
                p.text = True
        if changes.added or changes.removed:
            p.text = True
        if changes.meta:
            p.meta = True
        if not self._remote:
            p.ops.extend(changes.operations)
        self.revision += 1
        if not p:  # only derived changes (re-routed connectors) since the last save: all is still saved
            self.saved_through = self.revision
            return
        self.policy.edited()

    # ------------------------------------------------------------------ saving
    def save(self) -> SaveResult | None:
        """Write what changed since the last save in one transaction; None when nothing did."""
        if self.closed:
            raise RuntimeError("this session is closed")
        p = self._pending
        if not p:
            return None
        self._pending = _Pending()
        through = self.revision
        waited = self.policy.unsaved_for()
        started = time.perf_counter()
        diagram_id = self.diagram_id
        try:
            with self.library.write() as conn:
                now = self.library.clock()
                count = len(self.doc) if p.upsert or p.remove else None
                seq = next_seq(conn, diagram_id, now, count)
                upserts = [self.doc[i] for i in p.upsert if i in self.doc]
                upsert_elements(conn, diagram_id, upserts, seq, self.cache)
                tombstone_elements(conn, diagram_id, p.remove, seq)
                queued = append_operations(conn, diagram_id, seq, outbox_operations(p.ops), now)
                if p.meta:
                    write_meta(conn, self.doc.meta)
                inline = p.text and len(self.doc) <= SEARCH_INLINE_MAX_ELEMENTS
                if p.meta or inline:
                    index_diagram(conn, diagram_id, diagram_labels(self.doc) if inline else None)
        except BaseException:
            self._restore_pending(p)
            raise
        self.seq = seq
        if p.text and not inline:
            self.search_stale = True
        self.rows_since_snapshot += len(upserts) + len(p.remove)
        seconds = time.perf_counter() - started
        self.latency.add(seconds)
        self.commit_delay.add(waited + seconds)
        self.policy.saved()
        self._committed(through)
        return SaveResult(seq, len(upserts) + len(p.remove), queued, seconds, through)

    def _committed(self, through: int) -> None:
        self.saved_through = max(self.saved_through, through)
        for listener in list(self._saved_listeners):
            listener(self.saved_through)

    def _restore_pending(self, p: _Pending) -> None:
        """A failed save keeps its changes pending (merged with any made meanwhile) for the next try."""
        newer = self._pending
        p.upsert |= newer.upsert
        p.remove = (p.remove - newer.upsert) | newer.remove
        p.upsert -= newer.remove
        p.ops.extend(newer.ops)
        p.meta |= newer.meta
        p.text |= newer.text
        self._pending = p

    @property
    def needs_compaction(self) -> bool:
        return self.rows_since_snapshot >= COMPACT_AFTER_ROWS

    def refresh_search(self) -> None:
        """Bring the search index up to date with the saved text (deferred on big diagrams)."""
        self.save()
        if not self.search_stale:
            return
        with self.library.write() as conn:
            index_diagram(conn, self.diagram_id, diagram_labels(self.doc))
        self.search_stale = False

    def compact(self) -> None:
        """Save, then rewrite the snapshot from the live document (which now equals the rows)."""
        self.refresh_search()
        with self.library.write() as conn:
            current = conn.execute(select(diagrams.c.change_seq).where(diagrams.c.id == self.diagram_id)).scalar_one()
            if int(current) == self.seq:
                write_snapshot(conn, self.doc, self.seq, self.cache)
            else:  # another process wrote this diagram meanwhile: build the snapshot from the rows
                compact_diagram(conn, self.diagram_id)
        self.rows_since_snapshot = 0

    def tick(self) -> None:
        """Called by a timer (every `tick_interval` seconds): autosave when the policy says, a version after
        five minutes of unversioned editing, search words of a big diagram after a longer quiet period."""
        if self.policy.should_save(self.dirty):
            self.save()
        if self.policy.should_version():
            self.record_version(reason="periodic")
        if self.search_stale and self.policy.quiet_for(SEARCH_REFRESH_QUIET_SECONDS):
            self.refresh_search()

    def close(self) -> None:
        if self.closed:
            return
        self.compact()
        assert self._unsubscribe is not None
        self._unsubscribe()
        self._unsubscribe = None

    # ------------------------------------------------------------------ editing with version hooks
    def _before_transaction(self, transaction: Transaction) -> None:
        reason = version_reason(transaction, size=len(self.doc))
        if reason is not None:
            self.record_version(reason=reason)

    def execute(self, transaction: Transaction) -> bool:
        """Run a user's transaction through the undo history (which records a version first when the
        policy asks for one, e.g. it deletes many elements)."""
        return self.history.execute(transaction)

    def _execute_unchecked(self, transaction: Transaction) -> None:
        """Run a transaction whose version the caller has just recorded itself."""
        self.history.checking = False
        try:
            self.history.execute(transaction)
        finally:
            self.history.checking = True

    def replace_document(self, target: Diagram, label: str = "Replace diagram") -> Transaction:
        """Make the document equal `target` (a Mermaid rebuild, an AI refinement) as one undoable step,
        after recording the present as a version; saved at once."""
        self.record_version(reason="before-replace")
        txn = transition(self.doc, target, label=label)
        self._execute_unchecked(txn)
        self.save()
        return txn

    def apply_remote(self, transaction: Transaction, *, version: bool = True) -> None:
        """Apply changes that came from sync: version first (when `version`), not undoable, not echoed to
        the outbox."""
        if version:
            self.record_version(reason="before-sync")
        self._remote = True
        try:
            self.doc.execute(transaction)
        finally:
            self._remote = False
        self.save()

    # ------------------------------------------------------------------ versions
    def record_version(self, reason: str = "manual", label: str = "", message: str = "", author: str = "") -> int:
        self.save()
        number = self.library.versions.record(self.doc, reason=reason, label=label, message=message, author=author,
                                              cache=self.cache)
        self.policy.versioned()
        return number

    def explicit_save(self, label: str = "", message: str = "", author: str = "") -> int:
        """What Ctrl+S does: save and record a version."""
        return self.record_version(reason="save", label=label, message=message, author=author)

    def restore_version(self, number: int) -> Transaction:
        """Make the document look like version `number`, as one undoable step (after recording the
        present as a version, so nothing is lost even if the undo history is)."""
        target = self.library.versions.load(self.diagram_id, number)
        self.record_version(reason="before-restore")
        txn = transition(self.doc, target, label=f"Restore version {number}")
        self._execute_unchecked(txn)
        self.save()
        return txn
