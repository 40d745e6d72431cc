"""What every part of the library shares: the engine, transactions, the clock and the row records."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from autograph_desktop.model import now_iso
from autograph_desktop.store import db


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


class LibraryBase:
    """Engine and transaction helpers; the feature mixins of `Library` build on these."""

    engine: Engine
    path: Path

    def __init__(self, engine: Engine, path: Path, clock: Callable[[], str] = now_iso) -> None:
        self.engine = engine
        self.path = path
        #: ISO-8601 "now"; injectable so trash expiry and timestamps can be tested.
        self.clock = clock

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction (BEGIN IMMEDIATE): committed on success, rolled back on error."""
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with db.read(self.engine) as conn:
            yield conn

    @contextmanager
    def orm(self) -> Iterator[Session]:
        """An ORM session in one write transaction."""
        with Session(self.engine) as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()


#: The columns behind DiagramInfo, for `SELECT {INFO_SQL} FROM diagrams d ...`.
INFO_SQL = (
    "d.id, d.title, d.kind, d.created, d.updated, d.folder_id, d.starred, d.deleted_at, d.last_opened, "
    "d.element_count, d.thumbnail IS NOT NULL AS has_thumbnail, "
    "(SELECT group_concat(t.name, char(31)) FROM diagram_tags dt JOIN tags t ON t.id = dt.tag_id "
    "WHERE dt.diagram_id = d.id) AS tag_names"
)


def info_from_row(row: object) -> DiagramInfo:
    r = row._mapping  # type: ignore[attr-defined]
    tags = tuple(sorted(r["tag_names"].split("\x1f"), key=str.lower)) if r["tag_names"] else ()
    return DiagramInfo(
        id=r["id"], title=r["title"], kind=r["kind"], created=r["created"], updated=r["updated"],
        folder_id=r["folder_id"], starred=bool(r["starred"]), deleted_at=r["deleted_at"],
        last_opened=r["last_opened"], element_count=int(r["element_count"]), tags=tags,
        has_thumbnail=bool(r["has_thumbnail"]),
    )
