"""A library as the first release wrote it: the schema of the first Alembic revision, with data in it.

Used by the upgrade test (the current code opens it) and by `make package-test` (the frozen bundle opens
it), so that "installing a newer build keeps the library and migrates it" is checked on a real old file.
The rows are written with plain SQL, as that release's code would have, not with today's store code.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from autograph_desktop.store.db import make_engine
from autograph_desktop.store.migrate import current_revision, known_revisions, migrate


@dataclass(frozen=True)
class OldLibrary:
    path: Path
    revision: str
    diagram_id: str = "0f1e2d3c-0000-4000-8000-000000000001"
    title: str = "Payment flow"
    labels: tuple[str, ...] = ("Stripe webhook", "Ledger")
    tag: str = "billing"


def first_revision() -> str:
    return known_revisions()[0]


def make_old_library(path: Path) -> OldLibrary:
    """Create `path` at the first schema revision with one tagged diagram of two shapes and a connector."""
    revision = first_revision()
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(path)
    try:
        migrate(engine, path, target=revision, backup=False)
    finally:
        engine.dispose()
    assert current_revision(path) == revision
    old = OldLibrary(path, revision)
    stamp = "2026-01-01T00:00:00.000000Z"
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("INSERT INTO diagrams (id, title, kind, created, updated, meta, change_seq, element_count) "
                     "VALUES (?, ?, 'freeform', ?, ?, '{}', 1, 3)", (old.diagram_id, old.title, stamp, stamp))
        rows = [("a", "shape", "a0", f'{{"id":"a","kind":"shape","z":"a0","x":0,"y":0,"w":120,"h":60,'
                                     f'"text":"{old.labels[0]}"}}'),
                ("b", "shape", "a1", f'{{"id":"b","kind":"shape","z":"a1","x":300,"y":0,"w":120,"h":60,'
                                     f'"text":"{old.labels[1]}","shape":"cylinder"}}'),
                ("c", "connector", "a2", '{"id":"c","kind":"connector","z":"a2","source":"a","target":"b",'
                                         '"labels":[{"text":"refund"}]}')]
        for element_id, kind, z, props in rows:
            conn.execute("INSERT INTO elements (diagram_id, element_id, kind, z, props, rev, seq, deleted) "
                         "VALUES (?, ?, ?, ?, ?, 1, 1, 0)", (old.diagram_id, element_id, kind, z, props))
        conn.execute("INSERT INTO tags (name) VALUES (?)", (old.tag,))
        conn.execute("INSERT INTO diagram_tags (diagram_id, tag_id) VALUES (?, 1)", (old.diagram_id,))
    conn.close()
    return old
