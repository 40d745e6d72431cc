"""The local library: one SQLite file holding every diagram, opened safely and migrated to head.

`Library` owns small parts, one job each, sharing one `Database` (engine, file, clock):

    library.diagrams   create, load, save, get, exists, all, rename, move, star, thumbnails, duplicate
    library.folders    nested folders          library.tags      tags on diagrams
    library.trash      add, restore, delete, empty, purge
    library.versions   record, all, load, label, compare, fork
    library.search     find (ranked full text)
    library.templates  built-in and user templates
    library.settings   JSON values by key
    library.outbox     what sync pushes: batch, mark_pushed, pending_count, client_id, last_sequence
    library.ai_usage   record, entries, totals
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, text

from autograph_desktop.model import now_iso
from autograph_desktop.store.ai_usage import AiUsageLog
from autograph_desktop.store.backup import daily_backup
from autograph_desktop.store.db import Database, make_engine
from autograph_desktop.store.diagrams import Diagrams
from autograph_desktop.store.migrate import migrate
from autograph_desktop.store.organise import Folders, Tags
from autograph_desktop.store.outbox import Outbox
from autograph_desktop.store.paths import default_library_path
from autograph_desktop.store.recovery import Recovery, check_health, recover
from autograph_desktop.store.search import Search
from autograph_desktop.store.settings import LibrarySettings
from autograph_desktop.store.templates import Templates
from autograph_desktop.store.trash import TRASH_DAYS, Trash
from autograph_desktop.store.versions import Versions

if TYPE_CHECKING:
    from autograph_desktop.model import Transaction
    from autograph_desktop.store.autosave import AutosavePolicy
    from autograph_desktop.store.session import DocumentSession

log = logging.getLogger(__name__)


class Library:
    """Open it with `Library.open(path)` (or `with Library.open(path) as library:`).

    If the file was damaged, `recovered` says where the damaged copy went and which backup (if any) was
    restored in its place; the GUI and the CLI show `recovered.message`.
    """

    #: Set when the file was damaged at open (see `Recovery`).
    recovered: Recovery | None = None
    #: The schema revision the file had before this open migrated it (None: new, or already at head).
    migrated_from: str | None = None
    #: Why today's backup could not be taken, if it could not (the GUI may show it).
    backup_error: str | None = None

    def __init__(self, engine: Engine, path: Path, clock: Callable[[], str] = now_iso) -> None:
        self.db = Database(engine, path, clock)
        self.tags = Tags(self.db)
        self.folders = Folders(self.db)
        self.diagrams = Diagrams(self.db, self.tags)
        self.trash = Trash(self.db)
        self.versions = Versions(self.db, self.diagrams)
        self.search = Search(self.db)
        self.templates = Templates(self.db, self.diagrams)
        self.settings = LibrarySettings(self.db)
        self.outbox = Outbox(self.db)
        self.ai_usage = AiUsageLog(self.db)

    @classmethod
    def open(cls, path: str | Path | None = None, *, keep_backups: int = 7, trash_days: int = TRASH_DAYS,
             clock: Callable[[], str] = now_iso) -> Library:
        """Open (creating if needed) and migrate a library; purge old trash; take today's backup.

        A damaged file is set aside and the newest good backup restored (`recovered` says so). Raises
        `LibraryTooNew` (file untouched) when the file comes from a newer release.
        """
        db_path = Path(path).expanduser() if path is not None else default_library_path()
        db_path.parent.mkdir(parents=True, exist_ok=True)
        recovered = None
        problem = check_health(db_path)
        if problem is not None:
            recovered = recover(db_path, problem)
            log.warning("library %s: %s", db_path, recovered.message)
        engine = make_engine(db_path)
        try:
            found = migrate(engine, db_path)
        except BaseException:
            engine.dispose()
            raise
        library = cls(engine, db_path, clock)
        library.recovered = recovered
        library.migrated_from = found
        library.trash.purge(trash_days)
        try:
            daily_backup(db_path, keep_backups)
        except (OSError, sqlite3.Error) as exc:
            # A full or read-only backup folder must not keep the user from their diagrams; say so instead.
            library.backup_error = str(exc)
            log.warning("daily backup of %s failed: %s", db_path, exc)
        return library

    # ------------------------------------------------------------------ the shared database
    @property
    def path(self) -> Path:
        return self.db.path

    @property
    def engine(self) -> Engine:
        return self.db.engine

    @property
    def clock(self) -> Callable[[], str]:
        """ISO-8601 "now" for every part; assign a function to test expiry and timestamps."""
        return self.db.clock

    @clock.setter
    def clock(self, value: Callable[[], str]) -> None:
        self.db.clock = value

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.db.read() as conn:
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        with self.db.write() as conn:
            yield conn

    def integrity_check(self) -> list[str]:
        """SQLite's full integrity check: `["ok"]` when the file is sound."""
        with self.db.read() as conn:
            return [str(r[0]) for r in conn.execute(text("PRAGMA integrity_check"))]

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ documents
    def open_session(self, diagram_id: str, policy: AutosavePolicy | None = None) -> DocumentSession:
        """The diagram as a live document with incremental save, autosave and version hooks."""
        from autograph_desktop.store.session import DocumentSession

        return DocumentSession.open(self, diagram_id, policy)

    def apply_remote(self, diagram_id: str, transaction: Transaction, *, version: bool = True) -> None:
        """Apply operations that came from sync to a diagram that is not open in an editor: a version of
        the local state is recorded first, the rows are saved, nothing is echoed to the outbox.
        (A diagram open in an editor takes them through its own `DocumentSession.apply_remote`.)"""
        from autograph_desktop.store.session import DocumentSession

        session = DocumentSession.open(self, diagram_id, mark_opened=False)
        try:
            session.apply_remote(transaction, version=version)
        finally:
            session.close()
