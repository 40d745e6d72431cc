"""The library's tables as SQLAlchemy ORM classes (the shape at the newest migration).

Alembic owns the schema: these classes never create tables; the revisions in `migrations/versions`
do, and a test checks that both agree. Timestamps are ISO-8601 UTC strings (as in `DiagramMeta`), so
they sort as text and travel unchanged through sync.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class FolderRow(Base):
    __tablename__ = "folders"
    id: Mapped[str] = mapped_column(String, primary_key=True)
    name: Mapped[str] = mapped_column(String, nullable=False)
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("folders.id", ondelete="CASCADE"), index=True)
    color: Mapped[str] = mapped_column(String, default="", nullable=False)
    created: Mapped[str] = mapped_column(String, nullable=False)


class DiagramRow(Base):
    __tablename__ = "diagrams"
    id: Mapped[str] = mapped_column(String, primary_key=True)
    title: Mapped[str] = mapped_column(String, nullable=False)
    kind: Mapped[str] = mapped_column(String, nullable=False, default="freeform")
    created: Mapped[str] = mapped_column(String, nullable=False)
    updated: Mapped[str] = mapped_column(String, nullable=False)
    folder_id: Mapped[str | None] = mapped_column(ForeignKey("folders.id", ondelete="SET NULL"), index=True)
    starred: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    deleted_at: Mapped[str | None] = mapped_column(String)
    last_opened: Mapped[str | None] = mapped_column(String)
    thumbnail: Mapped[bytes | None] = mapped_column(LargeBinary)
    #: The rest of DiagramMeta (theme, background, source, source_kind) as JSON.
    meta: Mapped[str] = mapped_column(Text, nullable=False, default="{}")
    #: Bumped by every save; element rows and snapshots record the value they were written at.
    change_seq: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    element_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class ElementRow(Base):
    """One element's JSON (`element_to_dict`). Deleted elements stay as tombstones for sync."""

    __tablename__ = "elements"
    diagram_id: Mapped[str] = mapped_column(ForeignKey("diagrams.id", ondelete="CASCADE"), primary_key=True)
    element_id: Mapped[str] = mapped_column(String, primary_key=True)
    kind: Mapped[str] = mapped_column(String, nullable=False)
    z: Mapped[str] = mapped_column(String, nullable=False)
    parent: Mapped[str | None] = mapped_column(String)
    props: Mapped[str] = mapped_column(Text, nullable=False)
    rev: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    seq: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    deleted: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    __table_args__ = (Index("ix_elements_diagram_seq", "diagram_id", "seq"),)


class SnapshotRow(Base):
    """The whole diagram compressed, valid up to `seq`: opening reads this plus newer element rows."""

    __tablename__ = "snapshots"
    diagram_id: Mapped[str] = mapped_column(ForeignKey("diagrams.id", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    data: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    created: Mapped[str] = mapped_column(String, nullable=False)


class VersionRow(Base):
    __tablename__ = "versions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    diagram_id: Mapped[str] = mapped_column(ForeignKey("diagrams.id", ondelete="CASCADE"), nullable=False)
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    label: Mapped[str] = mapped_column(String, nullable=False, default="")
    message: Mapped[str] = mapped_column(Text, nullable=False, default="")
    author: Mapped[str] = mapped_column(String, nullable=False, default="")
    reason: Mapped[str] = mapped_column(String, nullable=False, default="manual")
    created_at: Mapped[str] = mapped_column(String, nullable=False)
    element_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    data: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    __table_args__ = (UniqueConstraint("diagram_id", "number", name="uq_versions_diagram_number"),)


class TagRow(Base):
    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(collation="NOCASE"), nullable=False, unique=True)


class DiagramTagRow(Base):
    __tablename__ = "diagram_tags"
    diagram_id: Mapped[str] = mapped_column(ForeignKey("diagrams.id", ondelete="CASCADE"), primary_key=True)
    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True)


class SettingRow(Base):
    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String, primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)


class TemplateRow(Base):
    """A user's template: a diagram's content saved for reuse (built-in templates live in code)."""

    __tablename__ = "templates"
    id: Mapped[str] = mapped_column(String, primary_key=True)
    name: Mapped[str] = mapped_column(String, nullable=False)
    category: Mapped[str] = mapped_column(String, nullable=False, default="")
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    created: Mapped[str] = mapped_column(String, nullable=False)
    data: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)


class SyncStateRow(Base):
    """Where sync stands for one scope ("library" or a diagram id)."""

    __tablename__ = "sync_state"
    scope: Mapped[str] = mapped_column(String, primary_key=True)
    remote_rev: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    last_outbox_id: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    last_synced_at: Mapped[str | None] = mapped_column(String)
    data: Mapped[str] = mapped_column(Text, nullable=False, default="{}")


class OutboxRow(Base):
    """Operations (`op.to_json()`) waiting to be pushed; no foreign key, a deleted diagram still syncs."""

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    diagram_id: Mapped[str] = mapped_column(String, nullable=False, index=True)
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    op: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[str] = mapped_column(String, nullable=False)


class AiUsageRow(Base):
    """One AI request's cost and outcome (added by revision 0002)."""

    __tablename__ = "ai_usage"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    provider: Mapped[str] = mapped_column(String, nullable=False)
    model: Mapped[str] = mapped_column(String, nullable=False)
    tokens_in: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    tokens_out: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    cost: Mapped[float] = mapped_column(Float, nullable=False, default=0.0)
    latency_ms: Mapped[float] = mapped_column(Float, nullable=False, default=0.0)
    outcome: Mapped[str] = mapped_column(String, nullable=False)
    at: Mapped[str] = mapped_column(String, nullable=False, index=True)
    diagram_id: Mapped[str | None] = mapped_column(String)


#: The FTS5 table (revision 0002) is not an ORM class; `search.py` reads and writes it with SQL.
FTS_TABLE = "diagram_fts"
