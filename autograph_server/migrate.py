"""Applying and checking the server's Alembic migrations (the only way its schema changes)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).with_name("migrations")


class SchemaNotCurrent(RuntimeError):
    """The database is not at the migrations' head; the message says what to run."""


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> str:
    """Bring the database to head; returns the revision it is at."""
    config = _config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    return head_revision()


def check(engine: Engine) -> None:
    """Refuse to serve a database whose schema is not exactly the one this code was written for."""
    current, head = current_revision(engine), head_revision()
    if current == head:
        return
    if current is None:
        raise SchemaNotCurrent("the database has no AutoGraph schema yet: run `autograph-server migrate` first")
    try:
        ScriptDirectory.from_config(_config()).get_revision(current)
    except CommandError:
        raise SchemaNotCurrent(f"the database is at revision {current}, which this server does not know "
                               f"(a newer release?); it needs {head}") from None
    raise SchemaNotCurrent(f"the database is at revision {current}, not {head}: run `autograph-server migrate`")
