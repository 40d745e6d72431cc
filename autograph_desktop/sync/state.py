"""Where sync stands, kept in the library file (so it travels with the data it describes).

One `sync_state` row (scope "sync") holds the pull cursor, the last client sequence number used, the batch
in flight (kept verbatim until acknowledged, so a retry after a crash resends the same bytes under the same
number), which diagrams the server already has, and which carry edits of ours that a remote change could
overwrite. Rows scoped `diagram:<id>` say when each diagram last synced.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlalchemy import select, update
from sqlalchemy.dialects.sqlite import insert as upsert

from autograph_desktop.store import Library
from autograph_desktop.store.schema import sync_state

SCOPE = "sync"
DIAGRAM_SCOPE = "diagram:"


@dataclass
class SyncState:
    account_id: str = ""
    cursor: str | None = None
    client_seq: int = 0
    #: Appended to the library's client id; bumped if the server ever refuses our numbering (a restored backup).
    epoch: int = 0
    #: Requests not yet acknowledged: [{"push": json} | {"delete": diagram_id}], and the outbox position
    #: they cover (acknowledged once all of them are done).
    inflight: list[dict[str, Any]] = field(default_factory=list)
    inflight_up_to: int = 0
    #: Diagrams the server has (kept as `diagram:<id>` rows, not in this row: it grows with the library).
    uploaded: set[str] = field(default_factory=set)
    #: Added to `uploaded` since the last save.
    fresh_uploads: set[str] = field(default_factory=set)
    #: Per diagram, the owner's sequence ranges [first, last] that our pushes became: a value the server
    #: reports overwritten whose writing change is in them was ours (a conflict to keep in a version).
    authored: dict[str, list[list[int]]] = field(default_factory=dict)

    def to_json(self) -> bytes:
        return orjson.dumps({
            "account_id": self.account_id, "cursor": self.cursor, "client_seq": self.client_seq,
            "epoch": self.epoch, "inflight": self.inflight, "inflight_up_to": self.inflight_up_to,
            "authored": self.authored})

    @classmethod
    def from_json(cls, raw: str | bytes | None) -> SyncState:
        try:
            data = orjson.loads(raw) if raw else {}
        except orjson.JSONDecodeError:
            data = {}
        if not isinstance(data, dict):
            data = {}
        return cls(
            account_id=str(data.get("account_id") or ""), cursor=data.get("cursor") or None,
            client_seq=int(data.get("client_seq") or 0), epoch=int(data.get("epoch") or 0),
            inflight=list(data.get("inflight") or []), inflight_up_to=int(data.get("inflight_up_to") or 0),
            authored=_authored(data.get("authored")))

    def upload(self, diagram_id: str) -> None:
        if diagram_id not in self.uploaded:
            self.uploaded.add(diagram_id)
            self.fresh_uploads.add(diagram_id)


def _authored(raw: Any) -> dict[str, list[list[int]]]:
    if not isinstance(raw, dict):
        return {}
    out: dict[str, list[list[int]]] = {}
    for diagram_id, ranges in raw.items():
        if isinstance(ranges, list):
            out[str(diagram_id)] = [[int(r[0]), int(r[1])] for r in ranges
                                    if isinstance(r, list) and len(r) == 2 and all(isinstance(x, int) for x in r)]
    return out


def add_range(ranges: list[list[int]], first: int, last: int, keep: int = 200) -> None:
    """Add [first, last], merging with the last range when they touch; keep the newest `keep` ranges."""
    if ranges and first <= ranges[-1][1] + 1:
        ranges[-1][1] = max(ranges[-1][1], last)
    else:
        ranges.append([first, last])
    del ranges[:-keep]


def load_state(library: Library) -> SyncState:
    with library.read() as conn:
        raw = conn.execute(select(sync_state.c.data).where(sync_state.c.scope == SCOPE)).scalar()
        uploaded = conn.execute(select(sync_state.c.scope).where(sync_state.c.scope.startswith(DIAGRAM_SCOPE),
                                                                 sync_state.c.remote_rev > 0)).scalars().all()
    state = SyncState.from_json(raw)
    state.uploaded = {scope[len(DIAGRAM_SCOPE):] for scope in uploaded}
    return state


def save_state(library: Library, state: SyncState, *, reset_uploads: bool = False) -> None:
    """Store the state; `reset_uploads` forgets which diagrams the server has (another account)."""
    stmt = upsert(sync_state).values(scope=SCOPE, data=state.to_json().decode(), last_synced_at=library.clock())
    rows = upsert(sync_state)
    with library.write() as conn:
        conn.execute(stmt.on_conflict_do_update(index_elements=[sync_state.c.scope],
                                                set_={"data": stmt.excluded.data}))
        if reset_uploads:
            conn.execute(update(sync_state).where(sync_state.c.scope.startswith(DIAGRAM_SCOPE)).values(remote_rev=0))
        if state.fresh_uploads:
            conn.execute(rows.on_conflict_do_update(index_elements=[sync_state.c.scope],
                                                    set_={"remote_rev": rows.excluded.remote_rev}),
                         [{"scope": DIAGRAM_SCOPE + d, "remote_rev": 1} for d in sorted(state.fresh_uploads)])
    state.fresh_uploads = set()


def touch_state(library: Library) -> None:
    """A round that changed nothing still says when the library was last in sync."""
    with library.write() as conn:
        conn.execute(update(sync_state).where(sync_state.c.scope == SCOPE).values(last_synced_at=library.clock()))


def mark_synced(library: Library, diagram_ids: set[str], when: str | None = None) -> None:
    """Record that these diagrams match the server as of now."""
    if not diagram_ids:
        return
    now = when or library.clock()
    stmt = upsert(sync_state)
    with library.write() as conn:
        conn.execute(stmt.on_conflict_do_update(index_elements=[sync_state.c.scope],
                                                set_={"last_synced_at": stmt.excluded.last_synced_at}),
                     [{"scope": DIAGRAM_SCOPE + d, "last_synced_at": now} for d in sorted(diagram_ids)])


def last_synced(library: Library) -> dict[str, str]:
    """When each diagram last synced (ISO time), by diagram id; absent when never."""
    with library.read() as conn:
        rows = conn.execute(select(sync_state.c.scope, sync_state.c.last_synced_at)
                            .where(sync_state.c.scope.startswith(DIAGRAM_SCOPE))).all()
    return {r.scope[len(DIAGRAM_SCOPE):]: r.last_synced_at for r in rows if r.last_synced_at}
