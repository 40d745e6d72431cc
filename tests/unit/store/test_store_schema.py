"""One schema source: the migrations produce exactly the tables `store.schema` declares, on every path."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from autograph_desktop.store import Library
from autograph_desktop.store.db import make_engine
from autograph_desktop.store.migrate import known_revisions, migrate
from autograph_desktop.store.schema import FTS_DDL, FTS_TABLE, metadata


def describe(path: Path) -> dict[str, Any]:
    """Everything SQLite knows about each table: columns (type, null, default, key), indexes with their
    columns and origin, foreign keys with their actions, AUTOINCREMENT, and the FTS table's definition."""
    conn = sqlite3.connect(path)
    try:
        out: dict[str, Any] = {}
        tables = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                              "AND name != 'alembic_version' AND name NOT LIKE ? ORDER BY name",
                              (f"{FTS_TABLE}_%",)).fetchall()
        for name, sql in tables:
            if name == FTS_TABLE:
                out[name] = " ".join(sql.split())
                continue
            indexes = {}
            for _, index, unique, origin, partial in conn.execute(f"PRAGMA index_list('{name}')"):
                columns = [r[2] for r in conn.execute(f"PRAGMA index_info('{index}')")]
                indexes[index] = (unique, origin, partial, columns)
            out[name] = {
                "columns": conn.execute(f"PRAGMA table_xinfo('{name}')").fetchall(),
                "indexes": indexes,
                "foreign_keys": sorted(r[2:] for r in conn.execute(f"PRAGMA foreign_key_list('{name}')")),
                "autoincrement": "AUTOINCREMENT" in sql.upper(),
            }
        return out
    finally:
        conn.close()


def declared_schema(path: Path) -> None:
    """A file made straight from `store.schema` (what the runtime believes), bypassing the migrations."""
    engine = make_engine(path)
    try:
        metadata.create_all(engine)
        with engine.begin() as conn:
            conn.execute(text(FTS_DDL))
    finally:
        engine.dispose()


def test_migrations_produce_exactly_the_declared_schema(tmp_path: Path) -> None:
    migrated, declared = tmp_path / "migrated.sqlite3", tmp_path / "declared.sqlite3"
    Library.open(migrated, keep_backups=0).close()
    declared_schema(declared)
    expected = describe(declared)
    assert set(expected) == {t.name for t in metadata.sorted_tables} | {FTS_TABLE}
    assert expected["outbox"]["autoincrement"]  # the sync sequence never repeats (revision 0003)
    assert describe(migrated) == expected


def same_default(_context: object, _inspected: object, _declared: object, inspected_default: str | None,
                 _declared_default: object, rendered_declared_default: str | None) -> bool | None:
    """Alembic's SQLite comparison reports `DEFAULT ''` as changed: it reads the empty string back as `('')`
    and cannot unquote an empty literal (the PRAGMA comparison above sees both the same). Equal literals
    are equal; everything else is left to Alembic."""
    def bare(value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip().removeprefix("(").removesuffix(")").strip()
        return value[1:-1] if len(value) >= 2 and value[0] == value[-1] == "'" else value

    if inspected_default is not None and bare(inspected_default) == bare(rendered_declared_default):
        return False
    return None


def test_alembic_autogenerate_finds_nothing_to_do(tmp_path: Path) -> None:
    """What `alembic revision --autogenerate` would see: no difference, server defaults included."""
    path = tmp_path / "lib.sqlite3"
    Library.open(path, keep_backups=0).close()
    engine = make_engine(path)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": same_default})
            diffs = compare_metadata(context, metadata)
    finally:
        engine.dispose()
    # The FTS5 table and its shadow tables are not in `metadata` (see schema.FTS_DDL); all else must agree.
    assert [d for d in diffs if not (d[0] == "remove_table" and d[1].name.startswith(FTS_TABLE))] == []


def test_every_upgrade_path_ends_at_the_same_schema(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.sqlite3"
    Library.open(fresh, keep_backups=0).close()
    for start in known_revisions()[:-1]:
        path = tmp_path / f"from-{start}.sqlite3"
        engine = make_engine(path)
        migrate(engine, path, target=start, backup=False)
        engine.dispose()
        Library.open(path, keep_backups=0).close()
        assert describe(path) == describe(fresh), f"upgrading from {start}"
