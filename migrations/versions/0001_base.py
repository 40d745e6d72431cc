"""Base schema: diagrams, element rows, snapshots, versions, folders, tags, settings, templates, sync.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "folders",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("parent_id", sa.String(), sa.ForeignKey("folders.id", ondelete="CASCADE")),
        sa.Column("color", sa.String(), nullable=False, server_default=""),
        sa.Column("created", sa.String(), nullable=False),
    )
    op.create_index("ix_folders_parent_id", "folders", ["parent_id"])
    op.create_table(
        "diagrams",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False, server_default="freeform"),
        sa.Column("created", sa.String(), nullable=False),
        sa.Column("updated", sa.String(), nullable=False),
        sa.Column("folder_id", sa.String(), sa.ForeignKey("folders.id", ondelete="SET NULL")),
        sa.Column("starred", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("deleted_at", sa.String()),
        sa.Column("last_opened", sa.String()),
        sa.Column("thumbnail", sa.LargeBinary()),
        sa.Column("meta", sa.Text(), nullable=False, server_default="{}"),
        sa.Column("change_seq", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("element_count", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_index("ix_diagrams_folder_id", "diagrams", ["folder_id"])
    op.create_table(
        "elements",
        sa.Column("diagram_id", sa.String(), sa.ForeignKey("diagrams.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("element_id", sa.String(), primary_key=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("z", sa.String(), nullable=False),
        sa.Column("parent", sa.String()),
        sa.Column("props", sa.Text(), nullable=False),
        sa.Column("rev", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("seq", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("deleted", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_elements_diagram_seq", "elements", ["diagram_id", "seq"])
    op.create_table(
        "snapshots",
        sa.Column("diagram_id", sa.String(), sa.ForeignKey("diagrams.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created", sa.String(), nullable=False),
    )
    op.create_table(
        "versions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("diagram_id", sa.String(), sa.ForeignKey("diagrams.id", ondelete="CASCADE"), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(), nullable=False, server_default=""),
        sa.Column("message", sa.Text(), nullable=False, server_default=""),
        sa.Column("author", sa.String(), nullable=False, server_default=""),
        sa.Column("reason", sa.String(), nullable=False, server_default="manual"),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.Column("element_count", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.UniqueConstraint("diagram_id", "number", name="uq_versions_diagram_number"),
    )
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(collation="NOCASE"), nullable=False, unique=True),
    )
    op.create_table(
        "diagram_tags",
        sa.Column("diagram_id", sa.String(), sa.ForeignKey("diagrams.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("tag_id", sa.Integer(), sa.ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
    )
    op.create_index("ix_diagram_tags_tag_id", "diagram_tags", ["tag_id"])
    op.create_table(
        "settings",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )
    op.create_table(
        "templates",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("category", sa.String(), nullable=False, server_default=""),
        sa.Column("description", sa.Text(), nullable=False, server_default=""),
        sa.Column("created", sa.String(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
    )
    op.create_table(
        "sync_state",
        sa.Column("scope", sa.String(), primary_key=True),
        sa.Column("remote_rev", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_outbox_id", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_synced_at", sa.String()),
        sa.Column("data", sa.Text(), nullable=False, server_default="{}"),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("diagram_id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("op", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
    )
    op.create_index("ix_outbox_diagram_id", "outbox", ["diagram_id"])


def downgrade() -> None:
    for table in ("outbox", "sync_state", "templates", "settings", "diagram_tags", "tags", "versions",
                  "snapshots", "elements", "diagrams", "folders"):
        op.drop_table(table)
