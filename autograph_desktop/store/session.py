"""A diagram open for editing: a live Diagram whose changes are saved incrementally to the library.

The session subscribes to the document and collects which elements each change touched; `save` writes
only those rows, the operations for sync and the search words, in one transaction. It also carries the
version hooks (explicit save, periodic, before bulk deletes, before restore, before remote changes).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import orjson
from sqlalchemy import text

from autograph_desktop.model import ChangeSet, Diagram, History, Operation, Transaction, UpdateElement
from autograph_desktop.model.operations import squash
from autograph_desktop.store.autosave import AutosavePolicy, LatencyLog
from autograph_desktop.store.codec import EncodeCache
from autograph_desktop.store.diagrams import diagram_labels, write_meta
from autograph_desktop.store.diff import transition
from autograph_desktop.store.library import Library
from autograph_desktop.store.rows import (
    compact_diagram,
    load_diagram,
    next_seq,
    tombstone_elements,
    upsert_elements,
    write_snapshot,
)
from autograph_desktop.store.search import index_diagram
from autograph_desktop.store.versions import version_reason

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


def outbox_operations(ops: list[Operation]) -> list[Operation]:
    """What a save puts in the outbox: the executed operations, with each run of consecutive transactions
    of one label made only of updates (the mouse moves of one drag) merged into one, its updates squashed.

    A drag of a thousand shapes executes a transaction per mouse move; sync needs only where they started
    and ended, which the squashed updates say exactly (each keeps its first `before` and last `after`).
    """
    out: list[Operation] = []
    run: list[Transaction] = []

    def flush() -> None:
        if len(run) == 1:
            out.append(run[0])
        elif run:
            merged = [op for txn in run for op in txn.operations]
            out.append(Transaction(tuple(squash(merged)), run[0].label))
        run.clear()

    for op in ops:
        if isinstance(op, Transaction) and all(isinstance(o, UpdateElement) for o in op.operations):
            if run and run[0].label != op.label:
                flush()
            run.append(op)
            continue
        flush()
        out.append(op)
    flush()
    return out


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


class DocumentSession:
    """Open with `DocumentSession.open(library, diagram_id)`; edit through `history` (or `execute`)."""

    def __init__(self, library: Library, doc: Diagram, seq: int, rows_since_snapshot: int = 0,
                 policy: AutosavePolicy | None = None, cache: EncodeCache | None = None) -> None:
        self.library = library
        self.cache = cache or EncodeCache()
        self.doc = doc
        self.history = History(doc)
        self.policy = policy or AutosavePolicy()
        self.latency = LatencyLog()
        self.seq = seq
        self.rows_since_snapshot = rows_since_snapshot
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
            library.mark_opened(diagram_id)
        session = cls(library, doc, seq, newer, policy, cache)
        # A big diagram's deferred search words may have been lost to a crash: refresh them once, when idle.
        session.search_stale = len(doc) > SEARCH_INLINE_MAX_ELEMENTS
        return session

    @property
    def diagram_id(self) -> str:
        return self.doc.meta.id

    @property
    def dirty(self) -> bool:
        return bool(self._pending)

    @property
    def closed(self) -> bool:
        return self._unsubscribe is None

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
                outbox = outbox_operations(p.ops)
                if outbox:
                    conn.execute(text("INSERT INTO outbox (diagram_id, seq, op, created_at) "
                                      "VALUES (:d, :seq, :op, :now)"),
                                 [{"d": diagram_id, "seq": seq, "op": orjson.dumps(op.to_json()).decode(), "now": now}
                                  for op in outbox])
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
        self.policy.saved()
        return SaveResult(seq, len(upserts) + len(p.remove), len(outbox), seconds)

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
            current = conn.execute(text("SELECT change_seq FROM diagrams WHERE id = :d"),
                                   {"d": self.diagram_id}).scalar_one()
            if int(current) == self.seq:
                write_snapshot(conn, self.doc, self.seq, self.cache)
            else:  # another process wrote this diagram meanwhile: build the snapshot from the rows
                compact_diagram(conn, self.diagram_id)
        self.rows_since_snapshot = 0

    def tick(self) -> None:
        """Called by a timer: autosave after the quiet period, version after long unversioned editing,
        search words of a big diagram after a longer quiet period."""
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
    def execute(self, transaction: Transaction) -> bool:
        """Run a user's transaction through the undo history, first recording a version when the policy
        asks for one (e.g. it deletes 10 or more elements)."""
        reason = version_reason(transaction)
        if reason is not None:
            self.record_version(reason=reason)
        return self.history.execute(transaction)

    def apply_remote(self, transaction: Transaction) -> None:
        """Apply changes that came from sync: version first, not undoable, not echoed to the outbox."""
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
        number = self.library.record_version(self.doc, reason=reason, label=label, message=message, author=author,
                                             cache=self.cache)
        self.policy.versioned()
        return number

    def explicit_save(self, label: str = "", message: str = "", author: str = "") -> int:
        """What Ctrl+S does: save and record a version."""
        return self.record_version(reason="save", label=label, message=message, author=author)

    def restore_version(self, number: int) -> Transaction:
        """Make the document look like version `number`, as one undoable step (after recording the
        present as a version, so nothing is lost even if the undo history is)."""
        target = self.library.load_version(self.diagram_id, number)
        self.record_version(reason="before-restore")
        txn = transition(self.doc, target, label=f"Restore version {number}")
        self.history.execute(txn)
        self.save()
        return txn
