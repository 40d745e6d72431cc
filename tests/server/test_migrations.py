"""The server's Alembic migrations: they build exactly the tables `schema.py` describes, and the start-up
check refuses databases at another revision with a sentence saying what to do."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, create_engine, text

from autograph_server import migrate
from autograph_server.schema import metadata
from tests.support.server_support import postgres_database


def _differences(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        return list(compare_metadata(MigrationContext.configure(conn), metadata))


def test_migrations_build_the_described_schema_on_sqlite(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'server.db'}")
    with pytest.raises(migrate.SchemaNotCurrent, match="run `autograph-server migrate` first"):
        migrate.check(engine)
    assert migrate.upgrade(engine) == migrate.head_revision()
    migrate.check(engine)
    assert _differences(engine) == []
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0999'"))
    with pytest.raises(migrate.SchemaNotCurrent, match="does not know"):
        migrate.check(engine)
    engine.dispose()


def test_migrations_build_the_described_schema_on_postgresql() -> None:
    with postgres_database("autograph_migrations") as url:
        engine = create_engine(url)
        try:
            migrate.upgrade(engine)
            migrate.check(engine)
            assert _differences(engine) == []
        finally:
            engine.dispose()
