"""Diagrams as whole records: create, load, save in full, rename, thumbnails, duplicate, metadata."""

from __future__ import annotations

from dataclasses import replace

import orjson
from sqlalchemy import Connection, text

from autograph_desktop.model import Diagram, DiagramMeta, edits, new_id
from autograph_desktop.store.base import INFO_SQL, DiagramInfo, info_from_row
from autograph_desktop.store.codec import EXTRA_META, EncodeCache
from autograph_desktop.store.organise import OrganiseMixin, clean_name, require_diagram, require_folder
from autograph_desktop.store.rows import DiagramNotFound, load_diagram, next_seq, write_all, write_snapshot
from autograph_desktop.store.search import index_diagram

#: A PNG thumbnail larger than this is refused (thumbnails are small previews, not exports).
MAX_THUMBNAIL_BYTES = 2 * 1024 * 1024
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


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


def write_meta(conn: Connection, meta: DiagramMeta) -> None:
    conn.execute(text("UPDATE diagrams SET title = :t, kind = :k, meta = :m WHERE id = :d"),
                 {"t": meta.title, "k": meta.kind, "m": extra_meta_json(meta), "d": meta.id})


class DiagramsMixin(OrganiseMixin):
    def create_diagram(self, diagram: Diagram | None = None, *, title: str | None = None,
                       folder_id: str | None = None) -> str:
        """Store a new diagram (empty when none is given) and return its id. A diagram whose id is already
        in the library (the same file imported twice) gets a fresh id."""
        doc = diagram.copy() if diagram is not None else Diagram()
        meta = doc.meta
        if title is not None:
            meta = replace(meta, title=clean_name(title, "diagram"))
        now = self.clock()
        with self.write() as conn:
            if folder_id is not None:
                require_folder(conn, folder_id)
            exists = conn.execute(text("SELECT 1 FROM diagrams WHERE id = :d"), {"d": meta.id}).fetchone()
            if exists is not None or not meta.id:
                meta = replace(meta, id=new_id())
            doc = Diagram(meta, list(doc))
            conn.execute(text(
                "INSERT INTO diagrams (id, title, kind, created, updated, folder_id, starred, meta, change_seq, "
                "element_count) VALUES (:id, :title, :kind, :created, :now, :folder, 0, :meta, 0, 0)"),
                {"id": meta.id, "title": meta.title, "kind": meta.kind, "created": meta.created or now,
                 "now": now, "folder": folder_id, "meta": extra_meta_json(meta)})
            seq = next_seq(conn, meta.id, now)
            cache = EncodeCache()  # rows and snapshot share one encoding of each element
            write_all(conn, doc, seq, cache)
            write_snapshot(conn, doc, seq, cache)
            index_diagram(conn, meta.id, diagram_labels(doc))
        return meta.id

    def save_diagram(self, diagram: Diagram) -> int:
        """Write a whole diagram over its stored rows (import, restore outside a session). Returns the change
        number. Editing sessions save incrementally instead (see `session.py`)."""
        with self.write() as conn:
            require_diagram(conn, diagram.meta.id)
            seq = next_seq(conn, diagram.meta.id, self.clock())
            write_meta(conn, diagram.meta)
            cache = EncodeCache()
            write_all(conn, diagram, seq, cache)
            write_snapshot(conn, diagram, seq, cache)
            index_diagram(conn, diagram.meta.id, diagram_labels(diagram))
        return seq

    def load_diagram(self, diagram_id: str) -> Diagram:
        with self.read() as conn:
            return load_diagram(conn, diagram_id)[0]

    def get(self, diagram_id: str) -> DiagramInfo:
        with self.read() as conn:
            row = conn.execute(text(f"SELECT {INFO_SQL} FROM diagrams d WHERE d.id = :d"), {"d": diagram_id}).fetchone()
        if row is None:
            raise DiagramNotFound(diagram_id)
        return info_from_row(row)

    def exists(self, diagram_id: str) -> bool:
        with self.read() as conn:
            return conn.execute(text("SELECT 1 FROM diagrams WHERE id = :d"), {"d": diagram_id}).fetchone() is not None

    def rename_diagram(self, diagram_id: str, title: str) -> None:
        """Rename a diagram that is not open (an open one is renamed through an UpdateMeta on its document)."""
        with self.write() as conn:
            require_diagram(conn, diagram_id)
            conn.execute(text("UPDATE diagrams SET title = :t WHERE id = :d"),
                         {"t": clean_name(title, "diagram"), "d": diagram_id})
            index_diagram(conn, diagram_id)

    def mark_opened(self, diagram_id: str) -> None:
        with self.write() as conn:
            conn.execute(text("UPDATE diagrams SET last_opened = :now WHERE id = :d"),
                         {"now": self.clock(), "d": diagram_id})

    def set_thumbnail(self, diagram_id: str, png: bytes | None) -> None:
        if png is not None and (not png.startswith(_PNG_MAGIC) or len(png) > MAX_THUMBNAIL_BYTES):
            raise ValueError("a thumbnail must be a PNG of at most 2 MB")
        with self.write() as conn:
            require_diagram(conn, diagram_id)
            conn.execute(text("UPDATE diagrams SET thumbnail = :p WHERE id = :d"), {"p": png, "d": diagram_id})

    def thumbnail(self, diagram_id: str) -> bytes | None:
        with self.read() as conn:
            row = conn.execute(text("SELECT thumbnail FROM diagrams WHERE id = :d"), {"d": diagram_id}).fetchone()
        if row is None:
            raise DiagramNotFound(diagram_id)
        return bytes(row[0]) if row[0] is not None else None

    def duplicate(self, diagram_id: str, title: str | None = None) -> str:
        """A copy with new element ids and a fresh history, in the same folder, starred or not as it was."""
        source = self.load_diagram(diagram_id)
        info = self.get(diagram_id)
        originals = list(source)
        copies = edits.clone_elements(originals)
        # clone_elements clears order keys; the originals' keys are valid in the copy and keep the order.
        copies = [replace(c, z=o.z) for o, c in zip(originals, copies, strict=True)]
        meta = replace(source.meta, id=new_id(), title=title or f"{source.meta.title} (copy)",
                       created=self.clock(), updated=self.clock())
        new = self.create_diagram(Diagram(meta, copies), folder_id=info.folder_id)
        for tag in info.tags:
            self.add_tag(new, tag)
        return new
