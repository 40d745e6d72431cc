"""Version history (`library.versions`): compressed full snapshots with labels and messages, and the policy
of when to take one on its own.

A version is taken on explicit save, after 5 minutes of edits since the last one, before a transaction
that deletes many elements, before the whole document is replaced (a Mermaid rebuild, an AI refinement),
before restoring an older version and before remote changes are applied. There is no count limit;
versions are zlib-compressed orjson (a 10k-element diagram is ~100 KB).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import insert, select, update

from autograph_desktop.model import DeleteElement, Diagram, Operation, Transaction, new_id
from autograph_desktop.store.codec import EncodeCache, pack_diagram, unpack_diagram
from autograph_desktop.store.db import Database
from autograph_desktop.store.diagrams import Diagrams
from autograph_desktop.store.diff import VersionDiff, diff_versions
from autograph_desktop.store.records import require_diagram
from autograph_desktop.store.schema import versions

#: Why a version was recorded, and how the timeline says it.
REASON_LABELS = {
    "manual": "Saved",
    "save": "Saved",
    "periodic": "Auto (5 min of edits)",
    "bulk-delete": "Before a big delete",
    "before-replace": "Before the diagram was replaced",
    "before-restore": "Before a restore",
    "before-sync": "Before sync",
    "import": "Imported",
}
REASONS = tuple(REASON_LABELS)
#: A transaction deleting this many elements is a big delete...
BULK_DELETE_THRESHOLD = 10
#: ... and so is one deleting at least this many that is half the diagram or more.
BULK_DELETE_SHARE_MIN = 3
PERIODIC_SECONDS = 300.0


class VersionNotFound(KeyError):
    """No such version number for that diagram."""


@dataclass(frozen=True, slots=True)
class VersionInfo:
    number: int
    label: str
    message: str
    author: str
    reason: str
    created_at: str
    element_count: int


def deleted_count(operation: Operation) -> int:
    if isinstance(operation, DeleteElement):
        return 1
    if isinstance(operation, Transaction):
        return sum(deleted_count(op) for op in operation.operations)
    return 0


def version_reason(transaction: Transaction, *, remote: bool = False, size: int | None = None) -> str | None:
    """The policy: should a version be recorded *before* this transaction runs, and why. `size` is the
    number of elements in the diagram it will run on (so that deleting 4 of 6 counts as big)."""
    if remote:
        return "before-sync"
    deleted = deleted_count(transaction)
    if deleted >= BULK_DELETE_THRESHOLD:
        return "bulk-delete"
    if size is not None and deleted >= BULK_DELETE_SHARE_MIN and 2 * deleted >= size:
        return "bulk-delete"
    return None


_COLUMNS = (versions.c.number, versions.c.label, versions.c.message, versions.c.author, versions.c.reason,
            versions.c.created_at, versions.c.element_count)


class Versions:
    def __init__(self, db: Database, diagrams: Diagrams) -> None:
        self._db = db
        self._diagrams = diagrams

    def record(self, diagram: Diagram, *, reason: str = "manual", label: str = "", message: str = "",
               author: str = "", cache: EncodeCache | None = None) -> int:
        """Store `diagram` (as it is now) as the next version and return its number. If it is identical to
        the newest version and carries no label or message, that version's number is returned instead."""
        if reason not in REASON_LABELS:
            raise ValueError(f"unknown version reason {reason!r}")
        blob = pack_diagram(diagram, cache)
        diagram_id = diagram.meta.id
        with self._db.write() as conn:
            require_diagram(conn, diagram_id)
            last = conn.execute(select(versions.c.number, versions.c.data).where(versions.c.diagram_id == diagram_id)
                                .order_by(versions.c.number.desc()).limit(1)).first()
            if last is not None and bytes(last.data) == blob and not label and not message:
                return int(last.number)
            number = (int(last.number) if last is not None else 0) + 1
            conn.execute(insert(versions).values(
                diagram_id=diagram_id, number=number, label=label, message=message, author=author, reason=reason,
                created_at=self._db.clock(), element_count=len(diagram), data=blob))
        return number

    def all(self, diagram_id: str) -> list[VersionInfo]:
        """Every version of a diagram, oldest first."""
        with self._db.read() as conn:
            rows = conn.execute(select(*_COLUMNS).where(versions.c.diagram_id == diagram_id)
                                .order_by(versions.c.number)).all()
        return [VersionInfo(*r) for r in rows]

    def load(self, diagram_id: str, number: int) -> Diagram:
        with self._db.read() as conn:
            data = conn.execute(select(versions.c.data).where(versions.c.diagram_id == diagram_id,
                                                              versions.c.number == number)).scalar()
        if data is None:
            raise VersionNotFound(f"{diagram_id} v{number}")
        return unpack_diagram(bytes(data))

    def label(self, diagram_id: str, number: int, label: str | None = None, message: str | None = None) -> None:
        """Name a version and/or describe it (None leaves that part as it is)."""
        values: dict[str, str] = {}
        if label is not None:
            values["label"] = label.strip()[:200]
        if message is not None:
            values["message"] = message
        this = (versions.c.diagram_id == diagram_id, versions.c.number == number)
        with self._db.write() as conn:
            if values:
                found = conn.execute(update(versions).where(*this).values(**values)).rowcount > 0
            else:
                found = conn.execute(select(1).where(*this)).first() is not None
        if not found:
            raise VersionNotFound(f"{diagram_id} v{number}")

    def compare(self, diagram_id: str, a: int, b: int) -> VersionDiff:
        return diff_versions(self.load(diagram_id, a), self.load(diagram_id, b))

    def fork(self, diagram_id: str, number: int, title: str | None = None) -> str:
        """A new diagram holding a version's content (same element ids: they are per diagram)."""
        old = self.load(diagram_id, number)
        folder_id = self._diagrams.get(diagram_id).folder_id
        meta = replace(old.meta, id=new_id(), title=title or f"{old.meta.title} (v{number})",
                       created=self._db.clock(), updated=self._db.clock())
        return self._diagrams.create(Diagram(meta, list(old)), folder_id=folder_id)
