"""The database engine: a PostgreSQL (psycopg 3) or SQLite pool, with read and write transactions."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, Table, create_engine, event, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from autograph_server.settings import Settings

#: Errors that mean "the database cannot be reached now" (a 503, never a 500): lost connections,
#: a server that is down, a full pool.
UNAVAILABLE = (OperationalError, InterfaceError, PoolTimeout)


def is_unavailable(exc: BaseException) -> bool:
    if isinstance(exc, UNAVAILABLE):
        return True
    return isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON", "busy_timeout=10000"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def make_engine(settings: Settings, application_name: str = "autograph-server") -> Engine:
    if settings.is_sqlite:
        engine = create_engine(
            settings.database_url, pool_size=settings.db_pool_size, max_overflow=settings.db_max_overflow,
            pool_timeout=settings.db_pool_timeout_s, connect_args={"check_same_thread": False, "timeout": 10},
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(
        settings.database_url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        pool_timeout=settings.db_pool_timeout_s,
        pool_pre_ping=True,
        pool_recycle=1800,
        connect_args={
            "connect_timeout": 3,
            "application_name": application_name,
            "options": f"-c statement_timeout={settings.db_statement_timeout_ms}",
            "keepalives": 1,
            "keepalives_idle": 30,
        },
    )


def insert_ignore(conn: Connection, table: Table, **values: Any) -> None:
    """Insert a row unless one with the same key exists (no error, no savepoint)."""
    if conn.dialect.name == "sqlite":
        conn.execute(sqlite_insert(table).values(**values).on_conflict_do_nothing())
    else:
        conn.execute(pg_insert(table).values(**values).on_conflict_do_nothing())


class Database:
    """Transactions for the services. SQLite takes one writer at a time in this process (an in-process
    lock: measured to cut tail latency, and it keeps `BEGIN` deferred without upgrade deadlocks)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sqlite = engine.dialect.name == "sqlite"
        self._reader = engine.execution_options(isolation_level="AUTOCOMMIT")
        self._write_lock = threading.Lock()

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One transaction; committed when the block ends, rolled back if it raises."""
        if self.sqlite:
            with self._write_lock, self.engine.begin() as conn:
                yield conn
        else:
            with self.engine.begin() as conn:
                yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """Autocommit reads: each statement sees what is committed when it runs."""
        with self._reader.connect() as conn:
            yield conn

    @contextmanager
    def snapshot(self) -> Iterator[Connection]:
        """Several reads that must agree with each other (one snapshot)."""
        if self.sqlite:
            with self._write_lock, self.engine.connect() as conn:
                yield conn
            return
        with self.engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, conn.begin():
            yield conn

    def ping(self) -> None:
        with self.read() as conn:
            conn.execute(text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()
