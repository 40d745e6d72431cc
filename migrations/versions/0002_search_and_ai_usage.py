"""Full-text search (FTS5 over titles, element labels and tags) and the AI usage log.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29

The search index is filled from the existing rows here so that a library created by 0001 finds its
diagrams straight after the upgrade. The SQL stands alone (no application imports): a migration must
keep doing what it did when it was written, whatever the code around it becomes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

_FILL_FTS = """
INSERT INTO diagram_fts (diagram_id, title, labels, tags)
SELECT d.id, d.title,
    COALESCE((
        SELECT group_concat(t, ' ') FROM (
            SELECT json_extract(e.props, '$.text') AS t FROM elements e
            WHERE e.diagram_id = d.id AND e.deleted = 0
            UNION ALL
            SELECT json_extract(j.value, '$.text') AS t FROM elements e, json_each(e.props, '$.labels') j
            WHERE e.diagram_id = d.id AND e.deleted = 0
        ) WHERE t IS NOT NULL AND t != ''
    ), ''),
    COALESCE((
        SELECT group_concat(tg.name, ' ') FROM diagram_tags dt JOIN tags tg ON tg.id = dt.tag_id
        WHERE dt.diagram_id = d.id
    ), '')
FROM diagrams d
"""


def upgrade() -> None:
    op.create_table(
        "ai_usage",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("provider", sa.String(), nullable=False),
        sa.Column("model", sa.String(), nullable=False),
        sa.Column("tokens_in", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("tokens_out", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("cost", sa.Float(), nullable=False, server_default="0"),
        sa.Column("latency_ms", sa.Float(), nullable=False, server_default="0"),
        sa.Column("outcome", sa.String(), nullable=False),
        sa.Column("at", sa.String(), nullable=False),
        sa.Column("diagram_id", sa.String()),
    )
    op.create_index("ix_ai_usage_at", "ai_usage", ["at"])
    op.execute(
        "CREATE VIRTUAL TABLE diagram_fts USING fts5("
        "diagram_id UNINDEXED, title, labels, tags, "
        "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
    )
    op.execute(_FILL_FTS)


def downgrade() -> None:
    op.execute("DROP TABLE diagram_fts")
    op.drop_index("ix_ai_usage_at", "ai_usage")
    op.drop_table("ai_usage")
