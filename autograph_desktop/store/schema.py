"""The library's tables (SQLAlchemy Core): the one schema source for the runtime queries and Alembic.

Alembic owns the schema on disk: the revisions in `migrations/versions` create and change it, and
`migrations/env.py` hands `metadata` below to autogenerate, so a test (`test_store_schema.py`) can prove
that the migrations produce exactly these tables, columns, defaults, indexes and keys. The runtime builds
its statements from the same `Table` objects. Timestamps are ISO-8601 UTC strings (as in `DiagramMeta`),
so they sort as text and travel unchanged through sync.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

metadata = MetaData()

folders = Table(
    "folders", metadata,
    Column("id", String, primary_key=True),
    Column("name", String, nullable=False),
    Column("parent_id", String, ForeignKey("folders.id", ondelete="CASCADE")),
    Column("color", String, nullable=False, server_default=""),
    Column("created", String, nullable=False),
    Index("ix_folders_parent_id", "parent_id"),
)

diagrams = Table(
    "diagrams", metadata,
    Column("id", String, primary_key=True),
    Column("title", String, nullable=False),
    Column("kind", String, nullable=False, server_default="freeform"),
    Column("created", String, nullable=False),
    Column("updated", String, nullable=False),
    Column("folder_id", String, ForeignKey("folders.id", ondelete="SET NULL")),
    Column("starred", Boolean, nullable=False, server_default=false()),
    Column("deleted_at", String),
    Column("last_opened", String),
    Column("thumbnail", LargeBinary),
    # The rest of DiagramMeta (theme, background, source, source_kind) as JSON.
    Column("meta", Text, nullable=False, server_default="{}"),
    # Bumped by every save; element rows and snapshots record the value they were written at.
    Column("change_seq", Integer, nullable=False, server_default="0"),
    Column("element_count", Integer, nullable=False, server_default="0"),
    Index("ix_diagrams_folder_id", "folder_id"),
)

#: One element's JSON (`element_to_dict`) per row. Deleted elements stay as tombstones for sync.
elements = Table(
    "elements", metadata,
    Column("diagram_id", String, ForeignKey("diagrams.id", ondelete="CASCADE"), primary_key=True),
    Column("element_id", String, primary_key=True),
    Column("kind", String, nullable=False),
    Column("z", String, nullable=False),
    Column("parent", String),
    Column("props", Text, nullable=False),
    Column("rev", Integer, nullable=False, server_default="1"),
    Column("seq", Integer, nullable=False, server_default="0"),
    Column("deleted", Boolean, nullable=False, server_default=false()),
    Index("ix_elements_diagram_seq", "diagram_id", "seq"),
)

#: The whole diagram compressed, valid up to `seq`: opening reads this plus newer element rows.
snapshots = Table(
    "snapshots", metadata,
    Column("diagram_id", String, ForeignKey("diagrams.id", ondelete="CASCADE"), primary_key=True),
    Column("seq", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("created", String, nullable=False),
)

versions = Table(
    "versions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("diagram_id", String, ForeignKey("diagrams.id", ondelete="CASCADE"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("label", String, nullable=False, server_default=""),
    Column("message", Text, nullable=False, server_default=""),
    Column("author", String, nullable=False, server_default=""),
    Column("reason", String, nullable=False, server_default="manual"),
    Column("created_at", String, nullable=False),
    Column("element_count", Integer, nullable=False, server_default="0"),
    Column("data", LargeBinary, nullable=False),
    UniqueConstraint("diagram_id", "number", name="uq_versions_diagram_number"),
)

tags = Table(
    "tags", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(collation="NOCASE"), nullable=False, unique=True),
)

diagram_tags = Table(
    "diagram_tags", metadata,
    Column("diagram_id", String, ForeignKey("diagrams.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", Integer, ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_diagram_tags_tag_id", "tag_id"),
)

settings = Table(
    "settings", metadata,
    Column("key", String, primary_key=True),
    Column("value", Text, nullable=False),
)

#: A user's template: a diagram's content saved for reuse (built-in templates are files in resources/).
templates = Table(
    "templates", metadata,
    Column("id", String, primary_key=True),
    Column("name", String, nullable=False),
    Column("category", String, nullable=False, server_default=""),
    Column("description", Text, nullable=False, server_default=""),
    Column("created", String, nullable=False),
    Column("data", LargeBinary, nullable=False),
)

#: Where sync stands for one scope ("library" or a diagram id).
sync_state = Table(
    "sync_state", metadata,
    Column("scope", String, primary_key=True),
    Column("remote_rev", Integer, nullable=False, server_default="0"),
    Column("last_outbox_id", Integer, nullable=False, server_default="0"),
    Column("last_synced_at", String),
    Column("data", Text, nullable=False, server_default="{}"),
)

#: Operations (`op.to_json()`) waiting to be pushed; no foreign key, a deleted diagram still syncs. The id
#: is this client's mutation sequence: AUTOINCREMENT (revision 0003) so it never repeats, even after every
#: pushed row was deleted.
outbox = Table(
    "outbox", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("diagram_id", String, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("op", Text, nullable=False),
    Column("created_at", String, nullable=False),
    Index("ix_outbox_diagram_id", "diagram_id"),
    sqlite_autoincrement=True,
)

#: One AI request's cost and outcome (revision 0002).
ai_usage = Table(
    "ai_usage", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("provider", String, nullable=False),
    Column("model", String, nullable=False),
    Column("tokens_in", Integer, nullable=False, server_default="0"),
    Column("tokens_out", Integer, nullable=False, server_default="0"),
    Column("cost", Float, nullable=False, server_default="0"),
    Column("latency_ms", Float, nullable=False, server_default="0"),
    Column("outcome", String, nullable=False),
    Column("at", String, nullable=False),
    Column("diagram_id", String),
    Index("ix_ai_usage_at", "at"),
)

#: The FTS5 search table (revision 0002). It is a virtual table, which Alembic cannot compare, so it lives
#: outside `metadata`; `FTS_DDL` is its definition, checked against the migrated file by the schema test.
FTS_TABLE = "diagram_fts"
FTS_DDL = ("CREATE VIRTUAL TABLE diagram_fts USING fts5(diagram_id UNINDEXED, title, labels, tags, "
           "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')")
diagram_fts = Table(FTS_TABLE, MetaData(), Column("diagram_id"), Column("title"), Column("labels"), Column("tags"))
