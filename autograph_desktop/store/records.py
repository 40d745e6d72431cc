"""The records the library lists (diagrams without their elements, folders) and the query that lists them."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Connection,
    Select,
    and_,
    bindparam,
    exists,
    func,
    literal_column,
    select,
)

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
    """A DiagramInfo from a row that starts with INFO_COLUMNS (search rows carry more after them)."""
    (diagram_id, title, kind, created, updated, folder_id, starred, deleted_at, last_opened, element_count,
     has_thumbnail, names) = row[:12]
    return DiagramInfo(
        id=diagram_id, title=title, kind=kind, created=created, updated=updated, folder_id=folder_id,
        starred=bool(starred), deleted_at=deleted_at, last_opened=last_opened, element_count=int(element_count),
        tags=tuple(sorted(names.split(TAG_SEPARATOR), key=str.lower)) if names else (),
        has_thumbnail=bool(has_thumbnail),
    )


@dataclass(frozen=True, slots=True)
class Filter:
    """A list or search filter: its shape (which picks a statement, built once) and its values (bound)."""

    shape: tuple[str, bool, bool, bool]
    params: dict[str, object]


def list_filter(folder: str | None, starred: bool | None, tag: str | None, trash: bool) -> Filter:
    """`folder=""` means "in no folder"; None means anywhere."""
    params: dict[str, object] = {}
    if folder:
        params["folder"] = folder
    if starred is not None:
        params["starred"] = bool(starred)
    if tag is not None:
        params["tag"] = tag
    mode = "anywhere" if folder is None else "top" if folder == "" else "in"
    return Filter((mode, starred is not None, tag is not None, bool(trash)), params)


@cache
def filter_clause(shape: tuple[str, bool, bool, bool]) -> ColumnElement[bool]:
    """The WHERE clause of a filter shape, with its values as bound parameters."""
    mode, starred, tag, trash = shape
    clauses: list[ColumnElement[bool]] = [diagrams.c.deleted_at.is_not(None) if trash
                                          else diagrams.c.deleted_at.is_(None)]
    if mode == "top":
        clauses.append(diagrams.c.folder_id.is_(None))
    elif mode == "in":
        clauses.append(diagrams.c.folder_id == bindparam("folder"))
    if starred:
        clauses.append(diagrams.c.starred == bindparam("starred", type_=Boolean))
    if tag:
        clauses.append(exists().where(diagram_tags.c.diagram_id == diagrams.c.id, tags.c.id == diagram_tags.c.tag_id,
                                      tags.c.name == bindparam("tag")))
    return and_(*clauses)


@cache
def list_statement(shape: tuple[str, bool, bool, bool], sort: str, limited: bool) -> Select[Any]:
    """Built once per filter shape and sort: SQLAlchemy then only binds the values (the hot path of the
    sidebar). `limited` adds `LIMIT :limit`."""
    stmt = select(*INFO_COLUMNS).where(filter_clause(shape)).order_by(*SORTS[sort])
    return stmt.limit(bindparam("limit")) if limited else stmt


INFO_BY_ID = select(*INFO_COLUMNS).where(diagrams.c.id == bindparam("d"))
_DIAGRAM_EXISTS = select(1).where(diagrams.c.id == bindparam("d"))
_FOLDER_EXISTS = select(1).where(folders.c.id == bindparam("f"))


def diagram_exists(conn: Connection, diagram_id: str) -> bool:
    return conn.execute(_DIAGRAM_EXISTS, {"d": diagram_id}).first() is not None


def require_diagram(conn: Connection, diagram_id: str) -> None:
    if not diagram_exists(conn, diagram_id):
        raise DiagramNotFound(diagram_id)


def require_folder(conn: Connection, folder_id: str) -> None:
    if conn.execute(_FOLDER_EXISTS, {"f": folder_id}).first() is None:
        raise FolderNotFound(folder_id)
