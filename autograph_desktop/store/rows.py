"""Reading and writing element rows and snapshots: the hot path of opening and saving a diagram.

Rows are the truth (one per element, tombstones for deleted ones); the snapshot is a compressed copy of
the whole diagram at some change number, so opening a big diagram decodes one blob plus the few rows
written since, instead of thousands of rows.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import orjson
from sqlalchemy import Connection, bindparam, false, func, select, update
from sqlalchemy.dialects.sqlite import insert

from autograph_desktop.model import Diagram, DiagramMeta, Element, element_to_dict, now_iso
from autograph_desktop.store.codec import (
    EXTRA_META,
    CorruptBlob,
    EncodeCache,
    decode_element,
    meta_from_json,
    pack,
    unpack,
)
from autograph_desktop.store.db import DriverStatement
from autograph_desktop.store.records import DiagramNotFound
from autograph_desktop.store.schema import diagrams, elements, snapshots

log = logging.getLogger(__name__)

__all__ = ["DiagramNotFound"]

# The hot statements are built once: SQLAlchemy then finds their compiled form in its cache at once.
_new_row = insert(elements).values(
    diagram_id=bindparam("d"), element_id=bindparam("e"), kind=bindparam("kind"), z=bindparam("z"),
    parent=bindparam("parent"), props=bindparam("props"), rev=1, seq=bindparam("seq"), deleted=False)
_UPSERT = _new_row.on_conflict_do_update(
    index_elements=[elements.c.diagram_id, elements.c.element_id],
    set_={"kind": _new_row.excluded.kind, "z": _new_row.excluded.z, "parent": _new_row.excluded.parent,
          "props": _new_row.excluded.props, "rev": elements.c.rev + 1, "seq": _new_row.excluded.seq,
          "deleted": False})
_TOMBSTONE = (update(elements)
              .where(elements.c.diagram_id == bindparam("d"), elements.c.element_id == bindparam("e"),
                     elements.c.deleted == false())
              .values(deleted=True, rev=elements.c.rev + 1, seq=bindparam("seq")))
_BULK_UPSERT = DriverStatement(_UPSERT)
_BULK_TOMBSTONE = DriverStatement(_TOMBSTONE)
_NEXT_SEQ = (update(diagrams).where(diagrams.c.id == bindparam("d"))
             .values(change_seq=diagrams.c.change_seq + 1, updated=bindparam("now"),
                     element_count=func.coalesce(bindparam("count"), diagrams.c.element_count))
             .returning(diagrams.c.change_seq))
_new_snapshot = insert(snapshots).values(diagram_id=bindparam("d"), seq=bindparam("seq"), data=bindparam("data"),
                                         created=bindparam("now"))
_WRITE_SNAPSHOT = _new_snapshot.on_conflict_do_update(
    index_elements=[snapshots.c.diagram_id],
    set_={"seq": _new_snapshot.excluded.seq, "data": _new_snapshot.excluded.data,
          "created": _new_snapshot.excluded.created})
_DIAGRAM_ROW = select(diagrams.c.id, diagrams.c.title, diagrams.c.kind, diagrams.c.created, diagrams.c.updated,
                      diagrams.c.meta, diagrams.c.change_seq).where(diagrams.c.id == bindparam("d"))
_SNAPSHOT = select(snapshots.c.seq, snapshots.c.data).where(snapshots.c.diagram_id == bindparam("d"))
_NEWER_ROWS = select(elements.c.element_id, elements.c.props, elements.c.deleted).where(
    elements.c.diagram_id == bindparam("d"), elements.c.seq > bindparam("s"))
_LIVE_IDS = select(elements.c.element_id).where(elements.c.diagram_id == bindparam("d"), elements.c.deleted == false())


def _row_params(diagram_id: str, element: Element, seq: int, cache: EncodeCache | None) -> dict[str, Any]:
    data = cache.encode(element) if cache is not None else element_to_dict(element)
    return {
        "d": diagram_id, "e": element.id, "kind": element.kind, "z": element.z, "parent": element.parent,
        "props": orjson.dumps(data).decode(), "seq": seq,
    }


def next_seq(conn: Connection, diagram_id: str, now: str | None = None, element_count: int | None = None) -> int:
    """Claim the next change number of a diagram (inside the caller's write transaction), stamping it as
    updated and, when given, storing its element count in the same statement."""
    row = conn.execute(_NEXT_SEQ, {"d": diagram_id, "now": now or now_iso(), "count": element_count}).first()
    if row is None:
        raise DiagramNotFound(diagram_id)
    return int(row[0])


def upsert_elements(conn: Connection, diagram_id: str, items: Iterable[Element], seq: int,
                    cache: EncodeCache | None = None) -> int:
    params = [_row_params(diagram_id, e, seq, cache) for e in items]
    _BULK_UPSERT.executemany(conn, params)
    return len(params)


def tombstone_elements(conn: Connection, diagram_id: str, ids: Iterable[str], seq: int) -> int:
    params = [{"d": diagram_id, "e": i, "seq": seq} for i in ids]
    _BULK_TOMBSTONE.executemany(conn, params)
    return len(params)


def write_all(conn: Connection, diagram: Diagram, seq: int, cache: EncodeCache | None = None) -> None:
    """Make the rows match a whole diagram: upsert every element, tombstone the ones no longer in it."""
    diagram_id = diagram.meta.id
    live = live_element_ids(conn, diagram_id)
    upsert_elements(conn, diagram_id, diagram, seq, cache)
    tombstone_elements(conn, diagram_id, live - {e.id for e in diagram}, seq)
    set_element_count(conn, diagram_id, len(diagram))


def live_element_ids(conn: Connection, diagram_id: str) -> set[str]:
    return set(conn.execute(_LIVE_IDS, {"d": diagram_id}).scalars())


def set_element_count(conn: Connection, diagram_id: str, count: int) -> None:
    conn.execute(update(diagrams).where(diagrams.c.id == diagram_id).values(element_count=count))


def write_snapshot(conn: Connection, diagram: Diagram, seq: int, cache: EncodeCache | None = None) -> None:
    blob = pack(cache.encode_all(diagram) if cache is not None else [element_to_dict(e) for e in diagram])
    conn.execute(_WRITE_SNAPSHOT, {"d": diagram.meta.id, "seq": seq, "data": blob, "now": now_iso()})


def meta_of_row(row: Any) -> DiagramMeta:
    """DiagramMeta from a diagrams row (id, title, kind, created, updated, meta JSON)."""
    try:
        extra = orjson.loads(row.meta or "{}")
    except orjson.JSONDecodeError:
        extra = {}
    data = {k: extra[k] for k in EXTRA_META if isinstance(extra, dict) and k in extra}
    data.update(id=row.id, title=row.title, kind=row.kind, created=row.created, updated=row.updated)
    return meta_from_json(data)


def load_diagram(conn: Connection, diagram_id: str, cache: EncodeCache | None = None) -> tuple[Diagram, int, int]:
    """The diagram as stored, its current change number, and how many rows were read past the snapshot.
    With `cache`, the decoded dicts are remembered as the elements' encodings."""
    row = conn.execute(_DIAGRAM_ROW, {"d": diagram_id}).first()
    if row is None:
        raise DiagramNotFound(diagram_id)
    by_id: dict[str, Any] = {}
    since = -1
    snap = conn.execute(_SNAPSHOT, {"d": diagram_id}).first()
    if snap is not None:
        try:
            by_id = {e["id"]: e for e in unpack(snap.data)}
            since = int(snap.seq)
        except (CorruptBlob, KeyError, TypeError):
            by_id, since = {}, -1  # a damaged snapshot is only a cache: fall back to the rows
    newer = conn.execute(_NEWER_ROWS, {"d": diagram_id, "s": since}).all()
    damaged: list[str] = []
    for element_id, props, deleted in newer:
        if deleted:
            by_id.pop(element_id, None)
            continue
        try:
            by_id[element_id] = orjson.loads(props)
        except orjson.JSONDecodeError:
            by_id.pop(element_id, None)
            damaged.append(element_id)
    loaded: list[Element] = []
    for element_id, data in by_id.items():
        element = decode_element(data)
        if element is None:
            damaged.append(element_id)
            continue
        loaded.append(element)
        if cache is not None:
            cache.remember(element, data)
    if damaged:
        log.warning("diagram %s: skipped %d damaged element records: %s", diagram_id, len(damaged), damaged[:10])
    diagram = Diagram(meta_of_row(row), loaded)
    return diagram, int(row.change_seq), len(newer)


def compact_diagram(conn: Connection, diagram_id: str) -> int:
    """Rewrite a diagram's snapshot from its rows (safe from any thread: it never touches a live document)."""
    doc, seq, _ = load_diagram(conn, diagram_id)
    write_snapshot(conn, doc, seq)
    return seq
