"""Alembic: upgrade from empty and from every earlier revision with data, downgrade, refuse newer files."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from autograph_desktop.store import SCHEMA_HEAD, Library, LibraryTooNew
from autograph_desktop.store.backup import list_backups
from autograph_desktop.store.db import make_engine
from autograph_desktop.store.migrate import alembic_config, current_revision, known_revisions, migrate


def tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()


def test_head_constant_matches_alembic_scripts() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_current_head() == SCHEMA_HEAD
    assert known_revisions() == ["0001", "0002", "0003"]


def test_upgrade_from_empty_creates_every_table(db_path: Path) -> None:
    lib = Library.open(db_path)
    lib.close()
    assert current_revision(db_path) == SCHEMA_HEAD
    expected = {"folders", "diagrams", "elements", "snapshots", "versions", "tags", "diagram_tags", "settings",
                "templates", "sync_state", "outbox", "ai_usage", "diagram_fts", "alembic_version"}
    assert expected <= tables(db_path)


def _at_revision(path: Path, revision: str) -> None:
    engine = make_engine(path)
    migrate(engine, path, target=revision, backup=False)
    engine.dispose()


def test_upgrade_from_0001_keeps_data_and_indexes_it_for_search(db_path: Path) -> None:
    _at_revision(db_path, "0001")
    assert "diagram_fts" not in tables(db_path)
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("INSERT INTO diagrams (id, title, kind, created, updated, meta, change_seq, element_count) "
                     "VALUES ('d1', 'Payment flow', 'freeform', '2026-01-01T00:00:00.000000Z', "
                     "'2026-01-01T00:00:00.000000Z', '{}', 1, 2)")
        conn.execute("""INSERT INTO elements (diagram_id, element_id, kind, z, props, rev, seq, deleted)
                        VALUES ('d1', 'a', 'shape', 'a0', '{"id":"a","kind":"shape","z":"a0","text":"Stripe webhook"}',
                        1, 1, 0)""")
        conn.execute("""INSERT INTO elements (diagram_id, element_id, kind, z, props, rev, seq, deleted)
                        VALUES ('d1', 'c', 'connector', 'a1',
                        '{"id":"c","kind":"connector","z":"a1","labels":[{"text":"refund"}]}', 1, 1, 0)""")
        conn.execute("INSERT INTO tags (name) VALUES ('billing')")
        conn.execute("INSERT INTO diagram_tags (diagram_id, tag_id) VALUES ('d1', 1)")
    conn.close()
    lib = Library.open(db_path)
    try:
        assert lib.migrated_from == "0001"
        doc = lib.diagrams.load("d1")
        assert [e.text for e in doc] == ["Stripe webhook", ""]
        assert [h.info.id for h in lib.search.find("stripe")] == ["d1"]
        assert [h.info.id for h in lib.search.find("refund")] == ["d1"]
        assert [h.info.id for h in lib.search.find("billing")] == ["d1"]
        assert lib.diagrams.get("d1").tags == ("billing",)
    finally:
        lib.close()
    assert current_revision(db_path) == SCHEMA_HEAD
    assert any("pre-migration" in p.name and "from-0001" in p.name for p in list_backups(db_path))


def test_downgrade_one_step_then_upgrade_again(library: Library, db_path: Path, diagram_factory: type) -> None:
    did = library.diagrams.create(diagram_factory.make(3, title="Keep me"))
    library.close()
    _at_revision(db_path, "0001")
    assert current_revision(db_path) == "0001"
    assert "ai_usage" not in tables(db_path)
    lib = Library.open(db_path)
    try:
        assert len(lib.diagrams.load(did)) == 3
        assert [h.info.id for h in lib.search.find("keep")] == [did]
    finally:
        lib.close()


def test_newer_revision_is_refused_and_file_untouched(db_path: Path, diagram_factory: type) -> None:
    with Library.open(db_path) as lib:
        lib.diagrams.create(diagram_factory.make(50))
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")  # leave the change in the WAL, as a crash would
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    # Keep this connection open so closing it cannot checkpoint either; snapshot both files.
    files = {p.name: p.read_bytes() for p in (db_path, db_path.with_name(db_path.name + "-wal"))}
    stamps = {name: os.stat(db_path.with_name(name)).st_mtime_ns for name in files}
    with pytest.raises(LibraryTooNew, match="newer version of AutoGraph"):
        Library.open(db_path)
    assert {name: db_path.with_name(name).read_bytes() for name in files} == files
    assert {name: os.stat(db_path.with_name(name)).st_mtime_ns for name in files} == stamps
    conn.close()


def test_migrations_are_found_from_any_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    lib = Library.open(tmp_path / "elsewhere" / "lib.sqlite3")
    lib.close()
    assert current_revision(tmp_path / "elsewhere" / "lib.sqlite3") == SCHEMA_HEAD


def test_autograph_home_relocates_the_default_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from autograph_desktop.store import default_library_path

    monkeypatch.setenv("AUTOGRAPH_HOME", str(tmp_path / "home"))
    assert default_library_path() == tmp_path / "home" / "data" / "library.sqlite3"
    lib = Library.open()
    assert lib.path == tmp_path / "home" / "data" / "library.sqlite3"
    lib.close()
    monkeypatch.delenv("AUTOGRAPH_HOME")
    assert default_library_path().name == "library.sqlite3"
    assert "home" not in default_library_path().parts[-2:]
