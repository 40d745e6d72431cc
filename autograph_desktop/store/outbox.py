"""The sync outbox (`library.outbox`): operations saved locally and not yet pushed to the server.

Every entry has a `sequence`, this client's mutation number: it only grows (the table is AUTOINCREMENT,
revision 0003), so a push is idempotent on the server side (client id + highest sequence seen, as in
Replicache) and "after position N" never skips an entry. Saves append in the same transaction as the rows
they describe; `mark_pushed` drops what the server has acknowledged and remembers the position.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import Connection, bindparam, column, delete, func, insert, select, table, update
from sqlalchemy.dialects.sqlite import insert as upsert

from autograph_desktop.model import (
    AddElement,
    Diagram,
    DiagramMeta,
    Operation,
    Transaction,
    UpdateElement,
    new_id,
)
from autograph_desktop.model.operations import squash
from autograph_desktop.store.db import Database
from autograph_desktop.store.schema import outbox, sync_state

#: The sync_state row of the whole library's outbox.
SCOPE = "library"
#: The change number recorded with a diagram's deletion (it has no rows any more).
DELETED_SEQ = -1
DELETE_DIAGRAM = orjson.dumps({"op": "delete_diagram"}).decode()
#: The first entry of a diagram made here: `{"op": "create_diagram", "meta": {...}}`, then its elements' adds.
CREATE_DIAGRAM = "create_diagram"
#: The diagram metadata that sync carries (the wire's MetaValues names).
META_FIELDS = ("title", "kind", "created", "updated", "theme", "background", "source", "source_kind")
#: Adds of a new diagram's elements go in transactions of at most this many (a push holds at most 5,000).
CREATE_CHUNK = 1000

_APPEND = insert(outbox).values(diagram_id=bindparam("d"), seq=bindparam("seq"), op=bindparam("op"),
                                created_at=bindparam("now"))
#: SQLite's own record of the highest id an AUTOINCREMENT table ever handed out.
_sqlite_sequence = table("sqlite_sequence", column("name"), column("seq"))
_LAST_SEQUENCE = select(_sqlite_sequence.c.seq).where(_sqlite_sequence.c.name == outbox.name)


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    #: This client's mutation number: increasing, never reused.
    sequence: int
    diagram_id: str
    #: The diagram's change number the operation was saved at (DELETED_SEQ for a deleted diagram).
    seq: int
    #: The operation as JSON (`Operation.to_json()`; `{"op": "delete_diagram"}` for a deletion).
    op: dict[str, Any]
    created_at: str


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


def append(conn: Connection, diagram_id: str, seq: int, payloads: Iterable[str], now: str) -> int:
    """Queue operations (JSON text) inside the caller's write transaction; returns how many."""
    params = [{"d": diagram_id, "seq": seq, "op": p, "now": now} for p in payloads]
    if params:
        conn.execute(_APPEND, params)
    return len(params)


def meta_values(meta: DiagramMeta) -> dict[str, str]:
    return {name: str(getattr(meta, name)) for name in META_FIELDS}


def append_creation(conn: Connection, doc: Diagram, seq: int, now: str) -> int:
    """Queue a new diagram: its metadata, then its elements (in order) as adds."""
    payloads = [orjson.dumps({"op": CREATE_DIAGRAM, "meta": meta_values(doc.meta)}).decode()]
    elements = list(doc)
    for start in range(0, len(elements), CREATE_CHUNK):
        adds = tuple(AddElement(e) for e in elements[start:start + CREATE_CHUNK])
        payloads.append(orjson.dumps(Transaction(adds, "Create diagram").to_json()).decode())
    return append(conn, doc.meta.id, seq, payloads, now)


def append_operations(conn: Connection, diagram_id: str, seq: int, ops: Iterable[Operation], now: str) -> int:
    return append(conn, diagram_id, seq, (orjson.dumps(op.to_json()).decode() for op in ops), now)


class Outbox:
    """What the sync engine reads and acknowledges."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def client_id(self) -> str:
        """This library's client id for sync (made once, kept in the file, so it survives restarts)."""
        with self._db.read() as conn:
            found = _state_data(conn).get("client_id")
        if isinstance(found, str) and found:
            return found
        with self._db.write() as conn:  # re-read under the write lock: another process may have made one
            data = _state_data(conn)
            if not isinstance(data.get("client_id"), str) or not data["client_id"]:
                data["client_id"] = new_id()
                _ensure_state(conn)
                conn.execute(update(sync_state).where(sync_state.c.scope == SCOPE)
                             .values(data=orjson.dumps(data).decode()))
            return str(data["client_id"])

    def position(self) -> int:
        """The sequence of the last entry the server acknowledged (0 before the first push)."""
        with self._db.read() as conn:
            return _position(conn)

    def last_sequence(self) -> int:
        """The highest sequence ever handed out (0 when nothing was ever queued)."""
        with self._db.read() as conn:
            return _last_sequence(conn)

    def pending_count(self) -> int:
        with self._db.read() as conn:
            after = _position(conn)
            return int(conn.execute(select(func.count()).where(outbox.c.id > after)).scalar_one())

    def batch(self, after: int | None = None, limit: int = 1000) -> list[OutboxEntry]:
        """Entries with a sequence above `after` (default: the acknowledged position), oldest first."""
        with self._db.read() as conn:
            start = _position(conn) if after is None else int(after)
            rows = conn.execute(select(outbox.c.id, outbox.c.diagram_id, outbox.c.seq, outbox.c.op,
                                       outbox.c.created_at)
                                .where(outbox.c.id > start).order_by(outbox.c.id).limit(max(1, int(limit)))).all()
        return [OutboxEntry(int(r.id), r.diagram_id, int(r.seq), orjson.loads(r.op), r.created_at) for r in rows]

    def pending_for(self, diagram_id: str) -> list[dict[str, Any]]:
        """The operations of one diagram not yet acknowledged by the server, oldest first."""
        with self._db.read() as conn:
            after = _position(conn)
            rows = conn.execute(select(outbox.c.op).where(outbox.c.id > after, outbox.c.diagram_id == diagram_id)
                                .order_by(outbox.c.id)).scalars().all()
        return [orjson.loads(r) for r in rows]

    def mark_pushed(self, up_to: int) -> None:
        """The server has every entry up to sequence `up_to`: drop them and remember the position (which
        never moves back, so a late duplicate acknowledgement is harmless)."""
        with self._db.write() as conn:
            if up_to > _last_sequence(conn):
                raise ValueError(f"sequence {up_to} was never handed out (the last is {_last_sequence(conn)})")
            conn.execute(delete(outbox).where(outbox.c.id <= up_to))
            _ensure_state(conn)
            conn.execute(update(sync_state).where(sync_state.c.scope == SCOPE).values(
                last_outbox_id=func.max(sync_state.c.last_outbox_id, up_to), last_synced_at=self._db.clock()))


def _ensure_state(conn: Connection) -> None:
    conn.execute(upsert(sync_state).values(scope=SCOPE).on_conflict_do_nothing(index_elements=[sync_state.c.scope]))


def _state_data(conn: Connection) -> dict[str, Any]:
    raw = conn.execute(select(sync_state.c.data).where(sync_state.c.scope == SCOPE)).scalar()
    try:
        data = orjson.loads(raw) if raw else {}
    except orjson.JSONDecodeError:
        data = {}
    return data if isinstance(data, dict) else {}


def _position(conn: Connection) -> int:
    found = conn.execute(select(sync_state.c.last_outbox_id).where(sync_state.c.scope == SCOPE)).scalar()
    return int(found or 0)


def _last_sequence(conn: Connection) -> int:
    return int(conn.execute(_LAST_SEQUENCE).scalar() or 0)
