"""Reliability: SIGKILL during saves, concurrent writers, backups (damaged files: test_store_recovery.py)."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import crashcheck
import pytest
from crashcheck import run_kill_test

from autograph_desktop.store import Library
from autograph_desktop.store.backup import daily_backup, list_backups

#: Forked writers (no interpreter start-up): 60 kills take ~10-30 s. `scripts/kill_test.py` runs 200+.
KILLS = 60


@pytest.mark.slow
def test_sigkill_during_saves_never_loses_or_corrupts_committed_state(tmp_path: Path) -> None:
    report = run_kill_test(tmp_path, KILLS, seed=7)
    assert report.failures == []
    assert report.kills == KILLS
    assert report.saves_acknowledged > KILLS  # the writers really were saving when killed


@pytest.mark.slow
def test_sigkill_of_separately_started_writers(tmp_path: Path) -> None:
    """A few runs with each writer a fresh interpreter, as an app process would be."""
    report = run_kill_test(tmp_path, 5, seed=11, fork=False)
    assert report.failures == [] and report.kills == 5


def test_empty_file_is_a_new_library_not_a_corrupt_one(db_path: Path) -> None:
    db_path.write_bytes(b"")
    lib = Library.open(db_path)
    assert lib.recovered is None
    lib.close()


def test_two_processes_writing_concurrently_never_lose_updates(db_path: Path) -> None:
    Library.open(db_path, keep_backups=0).close()
    rounds = 150
    procs = [subprocess.Popen([sys.executable, crashcheck.__file__, "counter", str(db_path),
                               str(rounds)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert out.strip() == "done"
    with Library.open(db_path) as lib:
        assert lib.settings.get("counter") == 2 * rounds


def test_daily_backups_roll_and_are_usable(library: Library, db_path: Path, diagram_factory: type) -> None:
    did = library.diagrams.create(diagram_factory.make(10, title="Backed up"))
    for made_at_open in list_backups(db_path):
        made_at_open.unlink()
    start = datetime(2026, 3, 1, tzinfo=UTC)
    for day in range(10):
        daily_backup(db_path, keep_days=7, now=start + timedelta(days=day))
    assert daily_backup(db_path, keep_days=7, now=start + timedelta(days=9)) is None  # once a day
    daily = [p for p in list_backups(db_path) if "-daily-" in p.name]
    assert len(daily) == 7 and daily[-1].name.endswith("2026-03-10.sqlite3")
    with Library.open(daily[-1], keep_backups=0) as copy:
        assert copy.diagrams.load(did).meta.title == "Backed up"
        assert copy.integrity_check() == ["ok"]


def test_connections_are_durable_wal_with_foreign_keys(library: Library, diagram_factory: type) -> None:
    from sqlalchemy import text

    with library.read() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar_one() == 2  # FULL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
    did = library.diagrams.create(diagram_factory.make(5))
    library.versions.record(library.diagrams.load(did))
    library.trash.delete(did)
    with library.read() as conn:
        for table in ("elements", "snapshots", "versions", "diagram_tags"):
            assert conn.execute(text(f"SELECT count(*) FROM {table} WHERE diagram_id = :d"), {"d": did}).scalar_one() == 0


def test_processes_racing_to_create_a_new_library(db_path: Path) -> None:
    """Three app instances starting at once on a missing library: one migrates, none fails."""
    code = ("import sys\nfrom autograph_desktop.store import Library\n"
            "with Library.open(sys.argv[1]) as lib:\n    lib.diagrams.create(title=sys.argv[2])\n")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(db_path), f"p{i}"], stderr=subprocess.PIPE, text=True)
             for i in range(3)]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    with Library.open(db_path) as lib:
        assert sorted(d.title for d in lib.diagrams.all()) == ["p0", "p1", "p2"]


def test_a_migration_waiting_for_the_lock_rereads_the_revision_under_it(db_path: Path) -> None:
    """Another instance migrates while we wait for the write lock: we find head and run nothing twice."""
    import threading
    import time

    from autograph_desktop.store.db import make_engine
    from autograph_desktop.store.migrate import SCHEMA_HEAD, alembic_config, current_revision, migrate

    setup = make_engine(db_path)
    migrate(setup, db_path, target="0001")
    setup.dispose()
    holder, waiter = make_engine(db_path), make_engine(db_path)
    errors: list[BaseException] = []

    def migrate_in_background() -> None:
        try:
            migrate(waiter, db_path)
        except BaseException as exc:  # reported to the test thread
            errors.append(exc)

    from alembic import command

    try:
        with holder.connect() as conn, conn.begin():  # the other instance holds the write lock ...
            thread = threading.Thread(target=migrate_in_background)
            thread.start()
            time.sleep(0.5)  # ... while we have read revision 0001 and wait to write
            command.upgrade(alembic_config(conn), "head")
        thread.join(timeout=60)
    finally:
        holder.dispose()
        waiter.dispose()
    assert not errors, errors
    assert current_revision(db_path) == SCHEMA_HEAD


def test_a_failing_backup_does_not_stop_the_library_opening(db_path: Path) -> None:
    Library.open(db_path).close()
    backups = db_path.parent / "backups"
    for old in backups.iterdir():
        old.unlink()
    backups.rmdir()
    backups.write_text("a file where the backup folder should be")
    with Library.open(db_path) as lib:
        assert lib.backup_error is not None
        assert lib.diagrams.create(title="still works")
