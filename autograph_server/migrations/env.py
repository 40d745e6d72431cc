"""Alembic environment for the server's database: runs on a connection handed in by `autograph_server.migrate`."""

from __future__ import annotations

from alembic import context

from autograph_server.schema import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("the server migrations run through `autograph-server migrate`, not the alembic CLI")

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True, compare_type=True)
with context.begin_transaction():
    context.run_migrations()
