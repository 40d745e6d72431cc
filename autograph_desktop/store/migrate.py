"""Migrating a library file: refuse newer schemas, back up, migrate to head.

Alembic runs programmatically on our own engine (so WAL, foreign keys and BEGIN IMMEDIATE apply to
migrations too). Its import is deferred: an up-to-date library (the usual case) opens without loading
Alembic at all, which keeps app start and the crash-test writer fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from autograph_desktop.store.backup import migration_backup
from autograph_desktop.store.db import raw_connect
from autograph_desktop.store.paths import migrations_dir

if TYPE_CHECKING:
    from alembic.config import Config

#: The newest revision in migrations/versions (a test checks it against Alembic's own view).
SCHEMA_HEAD = "0003"


class LibraryError(RuntimeError):
    """The library cannot be used; the message is meant for the user."""


class LibraryTooNew(LibraryError):
    """The file was written by a newer AutoGraph (an unknown schema revision); it is left untouched."""


def current_revision(path: Path) -> str | None:
    """The schema revision stamped in the file, None for a new or never-migrated database."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    conn = raw_connect(path, readonly=True)
    try:
        has_table = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'").fetchone()
        if not has_table:
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return str(row[0]) if row else None
    finally:
        conn.close()


def alembic_config(engine_connection: object | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    if engine_connection is not None:
        cfg.attributes["connection"] = engine_connection
    return cfg


def known_revisions() -> list[str]:
    """All revisions, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def migrate(engine: Engine, path: Path, target: str = "head", backup: bool = True) -> str | None:
    """Bring the schema to `target` (default head). Returns the revision found before, if any.

    Raises LibraryTooNew without writing anything when the file carries a revision this release does
    not know. A non-empty library is backed up before any migration step runs.
    """
    found = current_revision(path)
    if found == SCHEMA_HEAD and target == "head":
        return found
    if found is not None and found not in known_revisions():
        raise LibraryTooNew(
            f"This library was written by a newer version of AutoGraph (schema {found!r}); this version "
            f"understands schemas up to {SCHEMA_HEAD!r}. Update AutoGraph to open it. The file was not changed."
        )
    if found is not None and backup:
        migration_backup(path, found)
    from alembic import command

    # One BEGIN IMMEDIATE transaction around the whole run: Alembic then reads the stamped revision under
    # the write lock, so an app instance that raced us to a new library waits and finds it migrated
    # instead of re-running the steps we already committed.
    with engine.connect() as conn, conn.begin():
        cfg = alembic_config(conn)
        if target == "head" or _is_ahead(target, found):
            command.upgrade(cfg, target)
        else:
            command.downgrade(cfg, target)
    return found


def _is_ahead(target: str, found: str | None) -> bool:
    order = known_revisions()
    if target not in order:
        return False
    if found is None:
        return True
    return order.index(target) >= order.index(found)
