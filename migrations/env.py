"""Alembic environment for the local library: runs only on a connection handed in by `store.migrate`."""

from __future__ import annotations

from alembic import context

from autograph_desktop.store.schema import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("the library migrations run through autograph_desktop.store.migrate, not the alembic CLI")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table instead
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
