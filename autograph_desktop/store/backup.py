"""Backups of the library through SQLite's online backup API (never a file copy of a live database).

A copy of the file could catch the database between the WAL and the main file and be unusable; the
backup API reads one consistent snapshot. Daily backups roll (the last N days are kept); a backup is
also taken before every schema migration.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from autograph_desktop.store.db import raw_connect

DAILY = "daily"
MIGRATION = "pre-migration"
SUFFIX = ".sqlite3"


def backups_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


def backup_to(db_path: Path, dest: Path) -> Path:
    """A consistent copy of the database at `dest`, written beside it then renamed into place."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    if tmp.exists():
        tmp.unlink()
    src = raw_connect(db_path)
    try:
        target = sqlite3.connect(str(tmp))
        try:
            src.backup(target)
        finally:
            target.close()
    finally:
        src.close()
    os.replace(tmp, dest)
    return dest


def daily_backup(db_path: Path, keep_days: int = 7, now: datetime | None = None) -> Path | None:
    """Today's backup if there is none yet; older daily backups beyond `keep_days` are removed."""
    if keep_days <= 0 or not db_path.exists():
        return None
    when = now or datetime.now(UTC)
    folder = backups_dir(db_path)
    prefix = f"{db_path.stem}-{DAILY}-"
    dest = folder / f"{prefix}{when:%Y-%m-%d}{SUFFIX}"
    made = None if dest.exists() else backup_to(db_path, dest)
    _prune(folder, prefix, keep_days)
    return made


def migration_backup(db_path: Path, from_rev: str, keep: int = 5, now: datetime | None = None) -> Path:
    when = now or datetime.now(UTC)
    prefix = f"{db_path.stem}-{MIGRATION}-"
    dest = backups_dir(db_path) / f"{prefix}{when:%Y%m%dT%H%M%S%f}-from-{from_rev}{SUFFIX}"
    made = backup_to(db_path, dest)
    _prune(backups_dir(db_path), prefix, keep)
    return made


def list_backups(db_path: Path) -> list[Path]:
    """This library's backups (daily and pre-migration), oldest name first within each kind."""
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.name.startswith(f"{db_path.stem}-") and p.name.endswith(SUFFIX))


def _prune(folder: Path, prefix: str, keep: int) -> None:
    # Names embed the date in sortable form, so name order is age order.
    mine = sorted(p for p in folder.iterdir() if p.name.startswith(prefix) and p.name.endswith(SUFFIX))
    for old in mine[:-keep] if keep > 0 else mine:
        old.unlink(missing_ok=True)
