"""Queue the first upload of diagrams the server has never had: those made before signing in (by an
older release, whose creations did not reach the outbox) or in a folder that just started to sync."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from autograph_desktop.store import Library
from autograph_desktop.store.outbox import CREATE_DIAGRAM, append_creation
from autograph_desktop.store.rows import load_diagram
from autograph_desktop.store.schema import diagrams, outbox


def seed_unsent(library: Library, uploaded: set[str], include: Callable[[str], bool]) -> int:
    """Queue a creation for each local diagram that is not `uploaded`, has none queued, and syncs."""
    with library.read() as conn:
        ids = conn.execute(select(diagrams.c.id).where(diagrams.c.deleted_at.is_(None))).scalars().all()
        queued = set(conn.execute(select(outbox.c.diagram_id).where(
            outbox.c.op.like(f'%"op":"{CREATE_DIAGRAM}"%'))).scalars().all())
    todo = [d for d in ids if d not in uploaded and d not in queued and include(d)]
    for diagram_id in todo:
        with library.write() as conn:
            doc, seq, _ = load_diagram(conn, diagram_id)
            append_creation(conn, doc, seq, library.clock())
    return len(todo)
