"""Settings kept in the library file (`library.settings`): small JSON values by key, e.g. a view's state
that should travel with the library rather than with the machine."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import select
from sqlalchemy.dialects.sqlite import insert

from autograph_desktop.store.db import Database
from autograph_desktop.store.schema import settings


class LibrarySettings:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, key: str, default: Any = None) -> Any:
        """The stored value, or `default` when there is none (or it was damaged)."""
        with self._db.read() as conn:
            raw = conn.execute(select(settings.c.value).where(settings.c.key == key)).scalar()
        if raw is None:
            return default
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            return default

    def set(self, key: str, value: Any) -> None:
        """Store any JSON-serialisable value (TypeError otherwise)."""
        stmt = insert(settings).values(key=key, value=orjson.dumps(value).decode())
        with self._db.write() as conn:
            conn.execute(stmt.on_conflict_do_update(index_elements=[settings.c.key],
                                                    set_={"value": stmt.excluded.value}))
