"""The SQLite engine: WAL, full durability, foreign keys, and `BEGIN IMMEDIATE` for every write.

pysqlite's own transaction handling starts transactions lazily (at the first write), which lets two
processes both read, then both try to upgrade to a write lock, and one fails with "database is locked"
regardless of the busy timeout. Taking the write lock at BEGIN makes the second writer simply wait.
Read-only work can ask for a plain deferred BEGIN with the `readonly` execution option.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import ClauseElement, Connection, Engine, create_engine, event
from sqlalchemy.dialects.sqlite import dialect as sqlite_dialect
from sqlalchemy.sql.compiler import SQLCompiler

from autograph_desktop.model import now_iso

#: How long a writer waits for another process's write transaction before giving up.
BUSY_TIMEOUT_S = 30.0


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Turn off pysqlite's implicit BEGIN: we emit BEGIN ourselves in `_on_begin`.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _on_begin(conn: Connection) -> None:
    if conn.get_execution_options().get("readonly"):
        conn.exec_driver_sql("BEGIN")
    else:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(path: Path) -> Engine:
    """An engine for one library file; `Library.close` disposes it so no handle keeps the file open."""
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False},
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


@contextmanager
def read(engine: Engine) -> Iterator[Connection]:
    """A consistent read (one snapshot of the WAL) that takes no write lock."""
    with engine.connect().execution_options(readonly=True) as conn, conn.begin():
        yield conn


def raw_connect(path: Path, readonly: bool = False) -> sqlite3.Connection:
    """A plain sqlite3 connection for checks and backups that must not go through migrations.

    `readonly` opens the file so that nothing, not even a WAL checkpoint on close, can write to it:
    checks run before we know whether the file is ours to change (a newer release's, or damaged).
    """
    if readonly:
        uri = path.resolve().as_uri() + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    else:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    return conn


class DriverStatement:
    """A Core statement compiled once per process for SQLite, run through the driver.

    SQLAlchemy compiles a statement once per engine, and each library file has its own engine; its
    per-row parameter processing also costs more than SQLite's work when thousands of rows are written.
    Two paths pay for that: writing a whole diagram's elements (create, save) and what every open runs
    (the trash purge). For them the SQL still comes from the schema's `Table`; only compiling and
    parameter processing are skipped (values are plain str/int/bytes/None).
    """

    def __init__(self, statement: ClauseElement) -> None:
        compiled = statement.compile(dialect=sqlite_dialect())
        assert isinstance(compiled, SQLCompiler) and compiled.positiontup is not None
        self.sql = str(compiled)
        self.names = tuple(compiled.positiontup)
        #: Values written into the statement itself (e.g. `rev = 1`), by parameter name.
        self.constants = {name: bind.value for name, bind in compiled.binds.items() if bind.value is not None}

    def _row(self, params: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(params[n] if n in params else self.constants[n] for n in self.names)

    def executemany(self, conn: Connection, rows: list[dict[str, Any]]) -> None:
        if rows:
            conn.exec_driver_sql(self.sql, [self._row(r) for r in rows])

    def scalars(self, conn: Connection, params: dict[str, Any]) -> list[Any]:
        """The first column of every row the statement returns."""
        return [r[0] for r in conn.exec_driver_sql(self.sql, self._row(params))]


class Database:
    """What every part of a library shares: its engine, its file, transactions and the clock."""

    def __init__(self, engine: Engine, path: Path, clock: Callable[[], str] = now_iso) -> None:
        self.engine = engine
        self.path = path
        #: ISO-8601 "now"; injectable so trash expiry and timestamps can be tested.
        self.clock = clock

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction (BEGIN IMMEDIATE): committed on success, rolled back on error."""
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A consistent read that takes no write lock."""
        with read(self.engine) as conn:
            yield conn

    def close(self) -> None:
        self.engine.dispose()
