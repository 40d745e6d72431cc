"""Version history: compressed full snapshots with labels and messages, and when to take them.

A version is taken on explicit save, after 5 minutes of edits since the last one, before a transaction
that deletes 10 or more elements, before restoring an older version and before remote changes are
applied. There is no count limit; versions are zlib-compressed orjson (a 10k-element diagram is ~100 KB).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import text

from autograph_desktop.model import DeleteElement, Diagram, Operation, Transaction, new_id
from autograph_desktop.store.codec import EncodeCache, pack_diagram, unpack_diagram
from autograph_desktop.store.diagrams import DiagramsMixin
from autograph_desktop.store.diff import VersionDiff, diff_versions
from autograph_desktop.store.organise import require_diagram

#: Why a version was recorded (shown in the timeline).
REASONS = ("manual", "save", "periodic", "bulk-delete", "before-restore", "before-sync", "import")
BULK_DELETE_THRESHOLD = 10
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


def version_reason(transaction: Transaction, *, remote: bool = False) -> str | None:
    """The policy: should a version be recorded *before* this transaction runs, and why."""
    if remote:
        return "before-sync"
    if deleted_count(transaction) >= BULK_DELETE_THRESHOLD:
        return "bulk-delete"
    return None


class VersionsMixin(DiagramsMixin):
    def record_version(self, diagram: Diagram, *, reason: str = "manual", label: str = "", message: str = "",
                       author: str = "", cache: EncodeCache | None = None) -> int:
        """Store `diagram` (as it is now) as the next version and return its number. If it is identical to
        the newest version and carries no label or message, that version's number is returned instead."""
        if reason not in REASONS:
            raise ValueError(f"unknown version reason {reason!r}")
        blob = pack_diagram(diagram, cache)
        diagram_id = diagram.meta.id
        with self.write() as conn:
            require_diagram(conn, diagram_id)
            last = conn.execute(text("SELECT number, data FROM versions WHERE diagram_id = :d "
                                     "ORDER BY number DESC LIMIT 1"), {"d": diagram_id}).fetchone()
            if last is not None and bytes(last.data) == blob and not label and not message:
                return int(last.number)
            number = (int(last.number) if last is not None else 0) + 1
            conn.execute(text(
                "INSERT INTO versions (diagram_id, number, label, message, author, reason, created_at, "
                "element_count, data) VALUES (:d, :n, :label, :message, :author, :reason, :now, :count, :data)"),
                {"d": diagram_id, "n": number, "label": label, "message": message, "author": author,
                 "reason": reason, "now": self.clock(), "count": len(diagram), "data": blob})
        return number

    def versions(self, diagram_id: str) -> list[VersionInfo]:
        """Every version of a diagram, oldest first."""
        with self.read() as conn:
            rows = conn.execute(text(
                "SELECT number, label, message, author, reason, created_at, element_count FROM versions "
                "WHERE diagram_id = :d ORDER BY number"), {"d": diagram_id}).fetchall()
        return [VersionInfo(*r) for r in rows]

    def load_version(self, diagram_id: str, number: int) -> Diagram:
        with self.read() as conn:
            row = conn.execute(text("SELECT data FROM versions WHERE diagram_id = :d AND number = :n"),
                               {"d": diagram_id, "n": number}).fetchone()
        if row is None:
            raise VersionNotFound(f"{diagram_id} v{number}")
        return unpack_diagram(bytes(row[0]))

    def label_version(self, diagram_id: str, number: int, label: str | None = None,
                      message: str | None = None) -> None:
        with self.write() as conn:
            found = conn.execute(text("SELECT 1 FROM versions WHERE diagram_id = :d AND number = :n"),
                                 {"d": diagram_id, "n": number}).fetchone()
            if found is None:
                raise VersionNotFound(f"{diagram_id} v{number}")
            if label is not None:
                conn.execute(text("UPDATE versions SET label = :l WHERE diagram_id = :d AND number = :n"),
                             {"l": label.strip()[:200], "d": diagram_id, "n": number})
            if message is not None:
                conn.execute(text("UPDATE versions SET message = :m WHERE diagram_id = :d AND number = :n"),
                             {"m": message, "d": diagram_id, "n": number})

    def compare_versions(self, diagram_id: str, a: int, b: int) -> VersionDiff:
        return diff_versions(self.load_version(diagram_id, a), self.load_version(diagram_id, b))

    def fork_version(self, diagram_id: str, number: int, title: str | None = None) -> str:
        """A new diagram holding a version's content (same element ids: they are per diagram)."""
        old = self.load_version(diagram_id, number)
        folder_id = self.get(diagram_id).folder_id
        meta = replace(old.meta, id=new_id(), title=title or f"{old.meta.title} (v{number})",
                       created=self.clock(), updated=self.clock())
        return self.create_diagram(Diagram(meta, list(old)), folder_id=folder_id)
