"""A damaged library at open: set the file aside (never delete it) and put the newest good backup in its place.

Damage is what SQLite itself reports: a file that is not a database (a bad header), pages that fail
`quick_check` (garbage written over them), a file shorter than its page count says (truncated). Backups
are tried newest first; each must pass the same check and carry a schema this release knows. When none
does, the library starts empty, and the note says so.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from autograph_desktop.store.backup import backup_to, list_backups
from autograph_desktop.store.db import raw_connect

_SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True, slots=True)
class Recovery:
    """What happened when a damaged library was found at open (the GUI and the CLI show `message`)."""

    #: Where the damaged file went (kept for the user or support to look at).
    moved_to: Path
    #: What was wrong with it.
    reason: str
    #: The backup now in its place, or None when no good backup existed (the library is then new and empty).
    restored_from: Path | None = None
    #: Backups that were tried and were damaged too (or from a newer release), newest first.
    skipped: tuple[Path, ...] = ()

    @property
    def message(self) -> str:
        moved = f"The damaged file was moved to {self.moved_to} ({self.reason})."
        if self.restored_from is None:
            return f"{moved} No usable backup was found, so a new, empty library was created."
        taken = datetime.fromtimestamp(self.restored_from.stat().st_mtime, UTC).astimezone()
        return (f"{moved} The newest good backup, taken {taken:%Y-%m-%d %H:%M}, was restored "
                f"({self.restored_from.name}); changes made after it are not in the library.")

    def __str__(self) -> str:
        return self.message


def check_health(path: Path) -> str | None:
    """None when the file is a sound SQLite database (or absent/empty), else what is wrong with it."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    with open(path, "rb") as handle:
        header = handle.read(len(_SQLITE_HEADER))
    if header != _SQLITE_HEADER:
        return "the file is not an SQLite database"
    try:
        conn = raw_connect(path, readonly=True)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return f"the database is damaged ({exc})"
    if rows != [("ok",)]:
        return "the database is damaged (" + "; ".join(str(r[0]) for r in rows[:3]) + ")"
    return None


def move_aside(path: Path, reason: str, now: datetime | None = None) -> Path:
    """Rename a damaged database (with its WAL and shared-memory files) out of the way; returns where to."""
    stamp = f"{(now or datetime.now(UTC)):%Y%m%dT%H%M%S}"
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    os.replace(path, target)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.replace(side, target.with_name(target.name + suffix))
    return target


def recover(path: Path, problem: str) -> Recovery:
    """Set the damaged file aside and restore the newest backup that is sound and not from a newer release."""
    moved_to = move_aside(path, problem)
    skipped: list[Path] = []
    for candidate in _newest_first(list_backups(path)):
        try:
            restored = _usable(candidate) and backup_to(candidate, path) == path
        except (OSError, sqlite3.Error):  # an unreadable backup is one more that cannot help
            restored = False
        if restored:
            return Recovery(moved_to, problem, candidate, tuple(skipped))
        skipped.append(candidate)
    return Recovery(moved_to, problem, None, tuple(skipped))


def _newest_first(backups: list[Path]) -> list[Path]:
    found = [(p.stat().st_mtime_ns, p.name, p) for p in backups if p.is_file() and p.stat().st_size > 0]
    return [p for *_, p in sorted(found, reverse=True)]


def _usable(backup: Path) -> bool:
    """Sound, and written by a release whose schema this one knows (or not stamped at all)."""
    from autograph_desktop.store.migrate import current_revision, known_revisions

    if check_health(backup) is not None:
        return False
    revision = current_revision(backup)
    return revision is None or revision in known_revisions()
