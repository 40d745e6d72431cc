"""The records the library lists (diagrams without their elements, folders) and the query that lists them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, and_, exists, func, literal_column, select

from autograph_desktop.store.schema import diagram_tags, diagrams, folders, tags

#: Separates tag names inside one column (a character no name can hold: names are single-line text).
TAG_SEPARATOR = "\x1f"


class DiagramNotFound(KeyError):
    """No diagram with that id in the library."""


class FolderNotFound(KeyError):
    """No folder with that id."""


@dataclass(frozen=True, slots=True)
class DiagramInfo:
    """A diagram as the library lists it (no elements)."""

    id: str
    title: str
    kind: str
    created: str
    updated: str
    folder_id: str | None
    starred: bool
    deleted_at: str | None
    last_opened: str | None
    element_count: int
    tags: tuple[str, ...] = ()
    has_thumbnail: bool = False

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id, "title": self.title, "kind": self.kind, "created": self.created,
            "updated": self.updated, "folder_id": self.folder_id, "starred": self.starred,
            "deleted_at": self.deleted_at, "last_opened": self.last_opened,
            "element_count": self.element_count, "tags": list(self.tags),
        }


@dataclass(frozen=True, slots=True)
class FolderInfo:
    id: str
    name: str
    parent_id: str | None
    color: str
    created: str
    children: tuple[str, ...] = field(default=())


_TAG_NAMES = (
    select(func.group_concat(tags.c.name, literal_column("char(31)")))
    .select_from(diagram_tags.join(tags, tags.c.id == diagram_tags.c.tag_id))
    .where(diagram_tags.c.diagram_id == diagrams.c.id)
    .scalar_subquery()
)

#: The columns behind DiagramInfo; add FROM/WHERE/ORDER BY to it.
INFO_COLUMNS = (
    diagrams.c.id, diagrams.c.title, diagrams.c.kind, diagrams.c.created, diagrams.c.updated,
    diagrams.c.folder_id, diagrams.c.starred, diagrams.c.deleted_at, diagrams.c.last_opened,
    diagrams.c.element_count, diagrams.c.thumbnail.is_not(None).label("has_thumbnail"),
    _TAG_NAMES.label("tag_names"),
)

#: How lists can be sorted (the sidebar's and the CLI's choices).
SORTS: dict[str, tuple[ColumnElement[Any], ...]] = {
    "name": (diagrams.c.title.collate("NOCASE").asc(), diagrams.c.id),
    "created": (diagrams.c.created.desc(), diagrams.c.id),
    "updated": (diagrams.c.updated.desc(), diagrams.c.id),
    "opened": (diagrams.c.last_opened.is_(None), diagrams.c.last_opened.desc(), diagrams.c.id),
}


def info_from_row(row: Any) -> DiagramInfo:
    r = row._mapping
    names = r["tag_names"]
    return DiagramInfo(
        id=r["id"], title=r["title"], kind=r["kind"], created=r["created"], updated=r["updated"],
        folder_id=r["folder_id"], starred=bool(r["starred"]), deleted_at=r["deleted_at"],
        last_opened=r["last_opened"], element_count=int(r["element_count"]),
        tags=tuple(sorted(names.split(TAG_SEPARATOR), key=str.lower)) if names else (),
        has_thumbnail=bool(r["has_thumbnail"]),
    )


def filters(folder: str | None, starred: bool | None, tag: str | None, trash: bool) -> ColumnElement[bool]:
    """The list and search filters. `folder=""` means "in no folder"; None means anywhere."""
    clauses: list[ColumnElement[bool]] = [diagrams.c.deleted_at.is_not(None) if trash
                                          else diagrams.c.deleted_at.is_(None)]
    if folder is not None:
        clauses.append(diagrams.c.folder_id.is_(None) if folder == "" else diagrams.c.folder_id == folder)
    if starred is not None:
        clauses.append(diagrams.c.starred == bool(starred))
    if tag is not None:
        clauses.append(exists().where(diagram_tags.c.diagram_id == diagrams.c.id, tags.c.id == diagram_tags.c.tag_id,
                                      tags.c.name == tag))
    return and_(*clauses)


def info_query(*where: ColumnElement[bool]) -> Select[Any]:
    return select(*INFO_COLUMNS).where(*where)


def require_diagram(conn: Connection, diagram_id: str) -> None:
    if conn.execute(select(1).where(diagrams.c.id == diagram_id)).first() is None:
        raise DiagramNotFound(diagram_id)


def require_folder(conn: Connection, folder_id: str) -> None:
    if conn.execute(select(1).where(folders.c.id == folder_id)).first() is None:
        raise FolderNotFound(folder_id)
