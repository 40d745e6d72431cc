"""Diagrams as whole records (`library.diagrams`): create, load, save in full, list, rename, move, star,
thumbnails, duplicate."""

from __future__ import annotations

from dataclasses import replace

import orjson
from sqlalchemy import Connection, bindparam, insert, select, update
from sqlalchemy.dialects.sqlite import insert as upsert

from autograph_desktop.model import Diagram, DiagramMeta, Operation, UpdateMeta, edits, new_id, update_meta
from autograph_desktop.model.transition import transition
from autograph_desktop.store.codec import EXTRA_META, EncodeCache
from autograph_desktop.store.db import Database
from autograph_desktop.store.organise import Tags, clean_name
from autograph_desktop.store.outbox import META_FIELDS, append_creation, append_operations
from autograph_desktop.store.records import (
    INFO_BY_ID,
    SORTS,
    DiagramInfo,
    DiagramNotFound,
    diagram_exists,
    info_from_row,
    list_filter,
    list_statement,
    require_diagram,
    require_folder,
)
from autograph_desktop.store.rows import compact_diagram, load_diagram, next_seq, write_all, write_snapshot
from autograph_desktop.store.schema import diagrams, sync_state
from autograph_desktop.store.search import index_diagram

#: A `sync_state` row with this prefix marks a diagram whose new thumbnail sync has not uploaded yet.
THUMBNAIL_SCOPE = "thumbnail:"
#: A PNG thumbnail larger than this is refused (thumbnails are small previews, not exports).
MAX_THUMBNAIL_BYTES = 2 * 1024 * 1024
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_MARK_OPENED = update(diagrams).where(diagrams.c.id == bindparam("d")).values(last_opened=bindparam("now"))
_WRITE_META = update(diagrams).where(diagrams.c.id == bindparam("d")).values(
    title=bindparam("t"), kind=bindparam("k"), meta=bindparam("m"))


def extra_meta_json(meta: DiagramMeta) -> str:
    return orjson.dumps({k: getattr(meta, k) for k in EXTRA_META if getattr(meta, k)}).decode()


def diagram_labels(diagram: Diagram) -> list[str]:
    """Search words of every element (text and connector labels)."""
    out: list[str] = []
    for element in diagram:
        if element.text:
            out.append(element.text)
        for label in getattr(element, "labels", ()):
            if label.text:
                out.append(label.text)
    return out


def _changes(before: Diagram, after: Diagram) -> list[Operation]:
    """What a whole-diagram save changed, as operations for the outbox."""
    out: list[Operation] = []
    meta = update_meta(before.meta, **{n: getattr(after.meta, n) for n in META_FIELDS if n != "updated"})
    if meta is not None:
        out.append(meta)
    txn = transition(before, after, label="Save diagram")
    if txn:
        out.append(txn)
    return out


def write_meta(conn: Connection, meta: DiagramMeta) -> None:
    conn.execute(_WRITE_META, {"t": meta.title, "k": meta.kind, "m": extra_meta_json(meta), "d": meta.id})


class Diagrams:
    def __init__(self, db: Database, tags: Tags) -> None:
        self._db = db
        self._tags = tags

    def create(self, diagram: Diagram | None = None, *, title: str | None = None,
               folder_id: str | None = None, record: bool = True) -> str:
        """Store a new diagram (empty when none is given) and return its id. A diagram whose id is already
        in the library (the same file imported twice) gets a fresh id. It is queued for sync in the same
        transaction, unless `record` is False (a diagram that came from the server)."""
        doc = diagram.copy() if diagram is not None else Diagram()
        if title is not None:
            doc.meta = replace(doc.meta, title=clean_name(title, "diagram"))
        with self._db.write() as conn:
            if folder_id is not None:
                require_folder(conn, folder_id)
            return self._insert(conn, doc, folder_id, record, self._db.clock())

    def create_many(self, docs: list[Diagram], *, record: bool = True) -> list[str]:
        """Store several new diagrams in one transaction (a first sync brings hundreds): one commit, not one
        per diagram."""
        now = self._db.clock()
        with self._db.write() as conn:
            return [self._insert(conn, doc.copy(), None, record, now) for doc in docs]

    def _insert(self, conn: Connection, doc: Diagram, folder_id: str | None, record: bool, now: str) -> str:
        meta = doc.meta
        if not meta.id or diagram_exists(conn, meta.id):
            meta = replace(meta, id=new_id())
        doc = Diagram(meta, list(doc))
        conn.execute(insert(diagrams).values(
            id=meta.id, title=meta.title, kind=meta.kind, created=meta.created or now, updated=now,
            folder_id=folder_id, starred=False, meta=extra_meta_json(meta), change_seq=0, element_count=0))
        seq = next_seq(conn, meta.id, now)
        cache = EncodeCache()  # rows and snapshot share one encoding of each element
        write_all(conn, doc, seq, cache)
        write_snapshot(conn, doc, seq, cache)
        index_diagram(conn, meta.id, diagram_labels(doc))
        if record:
            append_creation(conn, doc, seq, now)
        return meta.id

    def save(self, diagram: Diagram) -> int:
        """Write a whole diagram over its stored rows (import, restore outside a session). Returns the change
        number. Editing sessions save incrementally instead (see `session.py`)."""
        with self._db.write() as conn:
            require_diagram(conn, diagram.meta.id)
            before = load_diagram(conn, diagram.meta.id)[0]
            now = self._db.clock()
            seq = next_seq(conn, diagram.meta.id, now)
            append_operations(conn, diagram.meta.id, seq, _changes(before, diagram), now)
            write_meta(conn, diagram.meta)
            cache = EncodeCache()
            write_all(conn, diagram, seq, cache)
            write_snapshot(conn, diagram, seq, cache)
            index_diagram(conn, diagram.meta.id, diagram_labels(diagram))
        return seq

    def load(self, diagram_id: str) -> Diagram:
        with self._db.read() as conn:
            return load_diagram(conn, diagram_id)[0]

    def get(self, diagram_id: str) -> DiagramInfo:
        with self._db.read() as conn:
            row = conn.execute(INFO_BY_ID, {"d": diagram_id}).first()
        if row is None:
            raise DiagramNotFound(diagram_id)
        return info_from_row(row)

    def exists(self, diagram_id: str) -> bool:
        with self._db.read() as conn:
            return diagram_exists(conn, diagram_id)

    def all(self, *, sort: str = "updated", folder: str | None = None, starred: bool | None = None,
            tag: str | None = None, trash: bool = False, limit: int | None = None) -> list[DiagramInfo]:
        """The diagrams in one view of the library. `folder=""` means "in no folder"; None means anywhere."""
        if sort not in SORTS:
            raise ValueError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
        where = list_filter(folder, starred, tag, trash)
        params = dict(where.params) if limit is None else {**where.params, "limit": int(limit)}
        with self._db.read() as conn:
            rows = conn.execute(list_statement(where.shape, sort, limit is not None), params).all()
        return [info_from_row(r) for r in rows]

    def rename(self, diagram_id: str, title: str) -> None:
        """Rename a diagram that is not open (an open one is renamed through an UpdateMeta on its document)."""
        with self._db.write() as conn:
            require_diagram(conn, diagram_id)
            old = conn.execute(select(diagrams.c.title).where(diagrams.c.id == diagram_id)).scalar_one()
            new = clean_name(title, "diagram")
            conn.execute(update(diagrams).where(diagrams.c.id == diagram_id).values(title=new))
            index_diagram(conn, diagram_id)
            if new != old:
                now = self._db.clock()
                seq = next_seq(conn, diagram_id, now)
                append_operations(conn, diagram_id, seq, [UpdateMeta({"title": old}, {"title": new})], now)

    def move(self, diagram_id: str, folder_id: str | None) -> None:
        """Put a diagram in a folder (None: in no folder)."""
        with self._db.write() as conn:
            require_diagram(conn, diagram_id)
            if folder_id is not None:
                require_folder(conn, folder_id)
            conn.execute(update(diagrams).where(diagrams.c.id == diagram_id).values(folder_id=folder_id))

    def star(self, diagram_id: str, starred: bool = True) -> None:
        with self._db.write() as conn:
            require_diagram(conn, diagram_id)
            conn.execute(update(diagrams).where(diagrams.c.id == diagram_id).values(starred=bool(starred)))

    def mark_opened(self, diagram_id: str) -> None:
        with self._db.write() as conn:
            conn.execute(_MARK_OPENED, {"d": diagram_id, "now": self._db.clock()})

    def set_thumbnail(self, diagram_id: str, png: bytes | None, *, record: bool = True) -> None:
        """Store a diagram's preview; unless `record` is False (one that came from the server) it is marked
        for sync to upload, in the same transaction."""
        if png is not None and (not png.startswith(_PNG_MAGIC) or len(png) > MAX_THUMBNAIL_BYTES):
            raise ValueError("a thumbnail must be a PNG of at most 2 MB")
        with self._db.write() as conn:
            require_diagram(conn, diagram_id)
            conn.execute(update(diagrams).where(diagrams.c.id == diagram_id).values(thumbnail=png))
            if record and png is not None:
                conn.execute(upsert(sync_state).values(scope=THUMBNAIL_SCOPE + diagram_id)
                             .on_conflict_do_nothing(index_elements=[sync_state.c.scope]))

    def thumbnail(self, diagram_id: str) -> bytes | None:
        with self._db.read() as conn:
            row = conn.execute(select(diagrams.c.thumbnail).where(diagrams.c.id == diagram_id)).first()
        if row is None:
            raise DiagramNotFound(diagram_id)
        return bytes(row[0]) if row[0] is not None else None

    def duplicate(self, diagram_id: str, title: str | None = None) -> str:
        """A copy with new element ids and a fresh history, in the same folder, with the same tags."""
        source = self.load(diagram_id)
        info = self.get(diagram_id)
        originals = list(source)
        copies = edits.clone_elements(originals)
        # clone_elements clears order keys; the originals' keys are valid in the copy and keep the order.
        copies = [replace(c, z=o.z) for o, c in zip(originals, copies, strict=True)]
        meta = replace(source.meta, id=new_id(), title=title or f"{source.meta.title} (copy)",
                       created=self._db.clock(), updated=self._db.clock())
        new = self.create(Diagram(meta, copies), folder_id=info.folder_id)
        for tag in info.tags:
            self._tags.add(new, tag)
        return new

    def compact(self, diagram_id: str) -> int:
        """Rewrite a diagram's snapshot from its rows. Safe on a worker thread while the diagram is open in
        a session (it reads only the database), so the GUI can compact in the background."""
        with self._db.write() as conn:
            return compact_diagram(conn, diagram_id)
