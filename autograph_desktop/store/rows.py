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
from sqlalchemy import Connection, text

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

log = logging.getLogger(__name__)

_UPSERT = text(
    "INSERT INTO elements (diagram_id, element_id, kind, z, parent, props, rev, seq, deleted) "
    "VALUES (:d, :e, :kind, :z, :parent, :props, 1, :seq, 0) "
    "ON CONFLICT (diagram_id, element_id) DO UPDATE SET kind = excluded.kind, z = excluded.z, "
    "parent = excluded.parent, props = excluded.props, rev = elements.rev + 1, seq = excluded.seq, deleted = 0"
)
_TOMBSTONE = text(
    "UPDATE elements SET deleted = 1, rev = rev + 1, seq = :seq "
    "WHERE diagram_id = :d AND element_id = :e AND deleted = 0"
)


class DiagramNotFound(KeyError):
    """No diagram with that id in the library."""


def _row_params(diagram_id: str, element: Element, seq: int, cache: EncodeCache | None) -> dict[str, Any]:
    data = cache.encode(element) if cache is not None else element_to_dict(element)
    return {
        "d": diagram_id, "e": element.id, "kind": element.kind, "z": element.z, "parent": element.parent,
        "props": orjson.dumps(data).decode(), "seq": seq,
    }


def next_seq(conn: Connection, diagram_id: str, now: str | None = None, element_count: int | None = None) -> int:
    """Claim the next change number of a diagram (inside the caller's write transaction), stamping it as
    updated and, when given, storing its element count in the same statement."""
    row = conn.execute(
        text("UPDATE diagrams SET change_seq = change_seq + 1, updated = :now, "
             "element_count = COALESCE(:count, element_count) WHERE id = :d RETURNING change_seq"),
        {"d": diagram_id, "now": now or now_iso(), "count": element_count},
    ).fetchone()
    if row is None:
        raise DiagramNotFound(diagram_id)
    return int(row[0])


def upsert_elements(conn: Connection, diagram_id: str, elements: Iterable[Element], seq: int,
                    cache: EncodeCache | None = None) -> int:
    params = [_row_params(diagram_id, e, seq, cache) for e in elements]
    if params:
        conn.execute(_UPSERT, params)
    return len(params)


def tombstone_elements(conn: Connection, diagram_id: str, ids: Iterable[str], seq: int) -> int:
    params = [{"d": diagram_id, "e": i, "seq": seq} for i in ids]
    if params:
        conn.execute(_TOMBSTONE, params)
    return len(params)


def write_all(conn: Connection, diagram: Diagram, seq: int, cache: EncodeCache | None = None) -> None:
    """Make the rows match a whole diagram: upsert every element, tombstone the ones no longer in it."""
    diagram_id = diagram.meta.id
    live = {r[0] for r in conn.execute(
        text("SELECT element_id FROM elements WHERE diagram_id = :d AND deleted = 0"), {"d": diagram_id})}
    upsert_elements(conn, diagram_id, diagram, seq, cache)
    tombstone_elements(conn, diagram_id, live - {e.id for e in diagram}, seq)
    set_element_count(conn, diagram_id, len(diagram))


def set_element_count(conn: Connection, diagram_id: str, count: int) -> None:
    conn.execute(text("UPDATE diagrams SET element_count = :n WHERE id = :d"), {"n": count, "d": diagram_id})


def write_snapshot(conn: Connection, diagram: Diagram, seq: int, cache: EncodeCache | None = None) -> None:
    blob = pack(cache.encode_all(diagram) if cache is not None else [element_to_dict(e) for e in diagram])
    conn.execute(
        text("INSERT INTO snapshots (diagram_id, seq, data, created) VALUES (:d, :seq, :data, :now) "
             "ON CONFLICT (diagram_id) DO UPDATE SET seq = excluded.seq, data = excluded.data, "
             "created = excluded.created"),
        {"d": diagram.meta.id, "seq": seq, "data": blob, "now": now_iso()},
    )


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
    row = conn.execute(text("SELECT id, title, kind, created, updated, meta, change_seq FROM diagrams "
                            "WHERE id = :d"), {"d": diagram_id}).fetchone()
    if row is None:
        raise DiagramNotFound(diagram_id)
    by_id: dict[str, Any] = {}
    since = -1
    snap = conn.execute(text("SELECT seq, data FROM snapshots WHERE diagram_id = :d"), {"d": diagram_id}).fetchone()
    if snap is not None:
        try:
            by_id = {e["id"]: e for e in unpack(snap.data)}
            since = int(snap.seq)
        except (CorruptBlob, KeyError, TypeError):
            by_id, since = {}, -1  # a damaged snapshot is only a cache: fall back to the rows
    newer = conn.execute(
        text("SELECT element_id, props, deleted FROM elements WHERE diagram_id = :d AND seq > :s"),
        {"d": diagram_id, "s": since},
    ).fetchall()
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
    elements: list[Element] = []
    for element_id, data in by_id.items():
        element = decode_element(data)
        if element is None:
            damaged.append(element_id)
            continue
        elements.append(element)
        if cache is not None:
            cache.remember(element, data)
    if damaged:
        log.warning("diagram %s: skipped %d damaged element records: %s", diagram_id, len(damaged), damaged[:10])
    diagram = Diagram(meta_of_row(row), elements)
    return diagram, int(row.change_seq), len(newer)


def compact_diagram(conn: Connection, diagram_id: str) -> int:
    """Rewrite a diagram's snapshot from its rows (safe from any thread: it never touches a live document)."""
    doc, seq, _ = load_diagram(conn, diagram_id)
    write_snapshot(conn, doc, seq)
    return seq
