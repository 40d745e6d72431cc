"""The outbox id becomes this client's mutation sequence: AUTOINCREMENT, so an id is never handed out twice.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-14

Without AUTOINCREMENT SQLite reuses the highest rowid once it is deleted: after sync had pushed (and
deleted) every entry, the next one got id 1 again, below the position sync had reached, and would have
been skipped. The table is rebuilt with its rows, and the sequence starts past both the highest id and the
position sync recorded, so nothing new can ever sort below what was already pushed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

_COLUMNS = "id, diagram_id, seq, op, created_at"


def _outbox(name: str, autoincrement: bool) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("diagram_id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("op", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sqlite_autoincrement=autoincrement,
    )


def _rebuild(autoincrement: bool) -> None:
    op.drop_index("ix_outbox_diagram_id", "outbox")
    _outbox("outbox_rebuilt", autoincrement)
    op.execute(f"INSERT INTO outbox_rebuilt ({_COLUMNS}) SELECT {_COLUMNS} FROM outbox ORDER BY id")
    op.drop_table("outbox")
    op.rename_table("outbox_rebuilt", "outbox")
    op.create_index("ix_outbox_diagram_id", "outbox", ["diagram_id"])


def upgrade() -> None:
    _rebuild(autoincrement=True)
    start = ("SELECT max(COALESCE((SELECT max(id) FROM outbox), 0), "
             "COALESCE((SELECT max(last_outbox_id) FROM sync_state), 0))")
    op.execute("DELETE FROM sqlite_sequence WHERE name IN ('outbox', 'outbox_rebuilt')")
    op.execute(f"INSERT INTO sqlite_sequence (name, seq) VALUES ('outbox', ({start}))")


def downgrade() -> None:
    _rebuild(autoincrement=False)
    op.execute("DELETE FROM sqlite_sequence WHERE name IN ('outbox', 'outbox_rebuilt')")
