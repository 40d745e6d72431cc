"""A damaged library at open: the file is set aside and the newest good backup restored, or, with no
usable backup, a new empty library starts with a clear note. Real files, really damaged."""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from autograph_desktop.model import Diagram, DiagramMeta, Shape
from autograph_desktop.store import Library
from autograph_desktop.store.backup import daily_backup

PAGE = 4096


def checkpoint(path: Path) -> None:
    """Fold the WAL into the main file, so damage to the file is damage to the data."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def stamp(path: Path, day: int) -> None:
    """Make a file look taken at noon on March `day` (backups are tried newest first)."""
    at = datetime(2026, 3, day, 12, tzinfo=UTC).timestamp()
    os.utime(path, (at, at))


def backup_on(path: Path, day: int) -> Path:
    made = daily_backup(path, keep_days=30, now=datetime(2026, 3, day, tzinfo=UTC))
    assert made is not None
    stamp(made, day)
    return made


def add(lib: Library, title: str, elements: int = 0) -> None:
    shapes = [Shape(id=f"s{i}", x=i * 10.0, w=80, h=40, text=f"node {i}") for i in range(elements)]
    lib.diagrams.create(Diagram(DiagramMeta(title=title), shapes))


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library with backups from March 1st and 2nd, and work done after the last one (built once)."""
    folder = tmp_path_factory.mktemp("pristine")
    path = folder / "library.sqlite3"
    with Library.open(path, keep_backups=0) as lib:
        for i in range(8):
            add(lib, f"Kept {i}", 200)
        backup_on(path, 1)
        add(lib, "In the newest backup")
        backup_on(path, 2)
        add(lib, "After the last backup")
    checkpoint(path)
    return folder


@pytest.fixture
def library_with_backups(pristine: Path, tmp_path: Path) -> tuple[Path, list[Path]]:
    folder = tmp_path / "home"
    shutil.copytree(pristine, folder)
    backups = sorted((folder / "backups").iterdir())
    for day, backup in enumerate(backups, start=1):
        stamp(backup, day)
    return folder / "library.sqlite3", backups


def damage(path: Path, how: str) -> None:
    data = bytearray(path.read_bytes())
    if how == "truncated":
        del data[len(data) // 2:]
    elif how == "garbage-pages":
        for offset in range(PAGE * 2, len(data) - PAGE, PAGE * 3):  # keep the header, scribble over pages
            data[offset:offset + 512] = b"\xde\xad\xbe\xef" * 128
    elif how == "bad-header":
        data[:16] = b"NotADatabase\x00\x00\x00\x00"
    path.write_bytes(bytes(data))


def titles(lib: Library) -> set[str]:
    return {d.title for d in lib.diagrams.all()}


@pytest.mark.parametrize("how", ["truncated", "garbage-pages", "bad-header"])
def test_a_damaged_library_is_replaced_by_the_newest_good_backup(library_with_backups: tuple[Path, list[Path]],
                                                                 how: str) -> None:
    path, (_, newest) = library_with_backups
    damage(path, how)
    damaged = path.read_bytes()
    with Library.open(path) as lib:
        recovered = lib.recovered
        assert recovered is not None and recovered.restored_from == newest and recovered.skipped == ()
        assert recovered.moved_to.read_bytes() == damaged, "the damaged file is kept, unchanged"
        assert ".corrupt-" in recovered.moved_to.name
        assert titles(lib) == {f"Kept {i}" for i in range(8)} | {"In the newest backup"}
        assert len(lib.diagrams.load(next(d.id for d in lib.diagrams.all() if d.title == "Kept 3"))) == 200
        assert lib.integrity_check() == ["ok"]
        assert "2026-03-02" in recovered.message and "restored" in recovered.message
        assert str(recovered.moved_to) in recovered.message
        lib.diagrams.create(title="Works again")
    with Library.open(path) as again:
        assert again.recovered is None and "Works again" in titles(again)


def test_damaged_and_too_new_backups_are_skipped(library_with_backups: tuple[Path, list[Path]]) -> None:
    path, (oldest, newer) = library_with_backups
    with Library.open(path, keep_backups=0) as lib:
        add(lib, "Third day")
    newest = backup_on(path, 3)
    damage(newest, "garbage-pages")
    conn = sqlite3.connect(newer)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.close()
    stamp(newest, 3)
    stamp(newer, 2)
    damage(path, "bad-header")
    with Library.open(path) as lib:
        assert lib.recovered is not None
        assert lib.recovered.restored_from == oldest
        assert lib.recovered.skipped == (newest, newer)
        assert titles(lib) == {f"Kept {i}" for i in range(8)}


def test_no_backup_at_all_gives_a_new_library_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    with Library.open(path, keep_backups=0) as lib:
        add(lib, "Lost", 50)
    checkpoint(path)
    damage(path, "bad-header")
    with Library.open(path) as lib:
        assert lib.recovered is not None and lib.recovered.restored_from is None
        assert "not an SQLite database" in lib.recovered.reason
        assert "No usable backup" in lib.recovered.message and "new, empty library" in lib.recovered.message
        assert lib.diagrams.all() == []
        assert lib.recovered.moved_to.exists()


def test_a_garbage_file_with_no_backups_folder(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    path.write_bytes(b"this is not a database at all \x00\xff" * 1000)
    with Library.open(path) as lib:
        assert lib.recovered is not None and lib.recovered.restored_from is None
        assert lib.recovered.moved_to.read_bytes().startswith(b"this is not a database")
        assert lib.integrity_check() == ["ok"]


def test_the_cli_reports_the_recovery(library_with_backups: tuple[Path, list[Path]],
                                      capsys: pytest.CaptureFixture[str]) -> None:
    from autograph_desktop.cli import main

    path, (_, newest) = library_with_backups
    damage(path, "truncated")
    assert main(["library", "--library", str(path), "list"]) == 0
    out, err = capsys.readouterr()
    assert "In the newest backup" in out and "After the last backup" not in out
    assert "damaged" in err and newest.name in err
