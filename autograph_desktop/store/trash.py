"""The trash (`library.trash`): diagrams put aside, restorable, and deleted for good after some days."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Connection, bindparam, delete, select, update

from autograph_desktop.store import outbox
from autograph_desktop.store.db import Database, DriverStatement
from autograph_desktop.store.organise import drop_unused_tags
from autograph_desktop.store.records import require_diagram
from autograph_desktop.store.schema import diagrams
from autograph_desktop.store.search import unindex_diagram

TRASH_DAYS = 30
_STAMP = "%Y-%m-%dT%H:%M:%S.%fZ"
#: Run at every open, on a new engine: compiled once per process (see DriverStatement).
_EXPIRED = DriverStatement(select(diagrams.c.id).where(diagrams.c.deleted_at.is_not(None),
                                                       diagrams.c.deleted_at < bindparam("cutoff")))


class Trash:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, diagram_id: str) -> None:
        """Move a diagram to the trash (it keeps its folder, tags and versions until deleted)."""
        with self._db.write() as conn:
            require_diagram(conn, diagram_id)
            conn.execute(update(diagrams).where(diagrams.c.id == diagram_id, diagrams.c.deleted_at.is_(None))
                         .values(deleted_at=self._db.clock()))

    def restore(self, diagram_id: str) -> None:
        """Take a diagram out of the trash (back to its folder, or to the top if that folder is gone)."""
        with self._db.write() as conn:
            require_diagram(conn, diagram_id)
            conn.execute(update(diagrams).where(diagrams.c.id == diagram_id).values(deleted_at=None))

    def delete(self, diagram_id: str) -> None:
        """Remove a diagram for good, with its elements, snapshot and versions. Its pending outbox entries
        stay so sync can tell the server, and a tombstone operation records the deletion."""
        with self._db.write() as conn:
            require_diagram(conn, diagram_id)
            self._delete_rows(conn, [diagram_id])

    def empty(self) -> int:
        """Delete everything in the trash for good; returns how many diagrams."""
        with self._db.write() as conn:
            ids = list(conn.execute(select(diagrams.c.id).where(diagrams.c.deleted_at.is_not(None))).scalars())
            self._delete_rows(conn, ids)
        return len(ids)

    def purge(self, days: int = TRASH_DAYS) -> int:
        """Delete for good what has been in the trash for more than `days` days (run at open)."""
        cutoff = (datetime.strptime(self._db.clock(), _STAMP) - timedelta(days=days)).strftime(_STAMP)
        with self._db.write() as conn:
            ids = _EXPIRED.scalars(conn, {"cutoff": cutoff})
            self._delete_rows(conn, ids)
        return len(ids)

    def _delete_rows(self, conn: Connection, ids: list[str]) -> None:
        now = self._db.clock()
        for diagram_id in ids:
            unindex_diagram(conn, diagram_id)
            outbox.append(conn, diagram_id, outbox.DELETED_SEQ, [outbox.DELETE_DIAGRAM], now)
            conn.execute(delete(diagrams).where(diagrams.c.id == diagram_id))
        if ids:
            drop_unused_tags(conn)
