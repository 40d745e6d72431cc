"""Organising the library: nested folders (no cycles) and tags (`library.folders`, `library.tags`)."""

from __future__ import annotations

from sqlalchemy import Connection, and_, delete, func, insert, literal, select, update
from sqlalchemy.dialects.sqlite import insert as upsert

from autograph_desktop.model import InvalidInput, Problem, new_id
from autograph_desktop.store.db import Database
from autograph_desktop.store.records import FolderInfo, FolderNotFound, require_diagram, require_folder
from autograph_desktop.store.schema import diagram_tags, diagrams, folders, tags
from autograph_desktop.store.search import index_diagram

MAX_NAME_CHARS = 200

__all__ = ["MAX_NAME_CHARS", "FolderNotFound", "Folders", "Tags", "clean_name"]


def clean_name(name: str, what: str) -> str:
    """A trimmed, single-line name, or InvalidInput saying why it cannot be one."""
    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise InvalidInput([Problem(f"a {what} name cannot be empty")])
    if len(cleaned) > MAX_NAME_CHARS:
        raise InvalidInput([Problem(f"a {what} name is limited to {MAX_NAME_CHARS} characters")])
    return cleaned


class Folders:
    """Nested folders; a diagram is in at most one (`library.folders`)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def create(self, name: str, parent_id: str | None = None, color: str = "") -> str:
        folder_id = new_id()
        with self._db.write() as conn:
            if parent_id is not None:
                require_folder(conn, parent_id)
            conn.execute(insert(folders).values(id=folder_id, name=clean_name(name, "folder"), parent_id=parent_id,
                                                color=color, created=self._db.clock()))
        return folder_id

    def rename(self, folder_id: str, name: str) -> None:
        self._update(folder_id, name=clean_name(name, "folder"))

    def set_color(self, folder_id: str, color: str) -> None:
        self._update(folder_id, color=color)

    def _update(self, folder_id: str, **values: str) -> None:
        with self._db.write() as conn:
            require_folder(conn, folder_id)
            conn.execute(update(folders).where(folders.c.id == folder_id).values(**values))

    def move(self, folder_id: str, parent_id: str | None) -> None:
        """Move a folder under another (None: to the top). Moving it into itself or its own subtree fails."""
        with self._db.write() as conn:
            require_folder(conn, folder_id)
            if parent_id is not None:
                require_folder(conn, parent_id)
                if parent_id in self._subtree(conn, folder_id):
                    raise InvalidInput([Problem("a folder cannot be moved into itself or one of its subfolders")])
            conn.execute(update(folders).where(folders.c.id == folder_id).values(parent_id=parent_id))

    def delete(self, folder_id: str) -> int:
        """Delete a folder with its subfolders; their diagrams go to the trash. Returns how many."""
        now = self._db.clock()
        with self._db.write() as conn:
            require_folder(conn, folder_id)
            inside = diagrams.c.folder_id.in_(self._subtree(conn, folder_id))
            ids = list(conn.execute(select(diagrams.c.id).where(inside)).scalars())
            conn.execute(update(diagrams).where(inside).values(
                deleted_at=func.coalesce(diagrams.c.deleted_at, now), folder_id=None))
            conn.execute(delete(folders).where(folders.c.id == folder_id))
        return len(ids)

    @staticmethod
    def _subtree(conn: Connection, folder_id: str) -> set[str]:
        """A folder's id with those of every folder below it (one recursive query)."""
        sub = select(folders.c.id).where(folders.c.id == folder_id).cte("subtree", recursive=True)
        sub = sub.union(select(folders.c.id).join(sub, folders.c.parent_id == sub.c.id))
        return set(conn.execute(select(sub.c.id)).scalars())

    def all(self) -> list[FolderInfo]:
        """Every folder, with its children's ids, sorted by name (a tree view builds from this)."""
        with self._db.read() as conn:
            rows = conn.execute(select(folders.c.id, folders.c.name, folders.c.parent_id, folders.c.color,
                                       folders.c.created).order_by(folders.c.name.collate("NOCASE"),
                                                                   folders.c.id)).all()
        children: dict[str, list[str]] = {}
        for r in rows:
            if r.parent_id is not None:
                children.setdefault(r.parent_id, []).append(r.id)
        return [FolderInfo(r.id, r.name, r.parent_id, r.color, r.created, tuple(children.get(r.id, ())))
                for r in rows]


_UNUSED_TAGS = delete(tags).where(tags.c.id.not_in(select(diagram_tags.c.tag_id)))


def drop_unused_tags(conn: Connection) -> None:
    conn.execute(_UNUSED_TAGS)


class Tags:
    """Free-form labels on diagrams, matched without regard to case (`library.tags`)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, diagram_id: str, name: str) -> None:
        tag = clean_name(name, "tag")
        with self._db.write() as conn:
            require_diagram(conn, diagram_id)
            conn.execute(upsert(tags).values(name=tag).on_conflict_do_nothing(index_elements=[tags.c.name]))
            conn.execute(upsert(diagram_tags).from_select(
                ["diagram_id", "tag_id"], select(literal(diagram_id), tags.c.id).where(tags.c.name == tag))
                .on_conflict_do_nothing())
            index_diagram(conn, diagram_id)

    def remove(self, diagram_id: str, name: str) -> None:
        with self._db.write() as conn:
            conn.execute(delete(diagram_tags).where(
                diagram_tags.c.diagram_id == diagram_id,
                diagram_tags.c.tag_id.in_(select(tags.c.id).where(tags.c.name == name))))
            drop_unused_tags(conn)
            index_diagram(conn, diagram_id)

    def all(self) -> list[tuple[str, int]]:
        """Every tag with how many diagrams (not in the trash) carry it."""
        stmt = (select(tags.c.name, func.count(diagrams.c.id))
                .select_from(tags.outerjoin(diagram_tags, diagram_tags.c.tag_id == tags.c.id)
                             .outerjoin(diagrams, and_(diagrams.c.id == diagram_tags.c.diagram_id,
                                                       diagrams.c.deleted_at.is_(None))))
                .group_by(tags.c.id).order_by(tags.c.name.collate("NOCASE")))
        with self._db.read() as conn:
            return [(r[0], int(r[1])) for r in conn.execute(stmt)]
