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
from sqlalchemy import select
from sqlalchemy.dialects.sqlite import insert as upsert

from autograph_desktop.store import Library
from autograph_desktop.store.schema import sync_state
from autograph_desktop.sync.rebase import Pending

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
    uploaded: set[str] = field(default_factory=set)
    #: Per diagram, what this client pushed since its last "before sync" version: a remote change that
    #: replaces one of those values is a conflict (the version keeps ours).
    authored: dict[str, Pending] = field(default_factory=dict)

    def to_json(self) -> bytes:
        return orjson.dumps({
            "account_id": self.account_id, "cursor": self.cursor, "client_seq": self.client_seq,
            "epoch": self.epoch, "inflight": self.inflight, "inflight_up_to": self.inflight_up_to,
            "uploaded": sorted(self.uploaded),
            "authored": {d: {"fields": sorted(p.fields), "elements": sorted(p.elements)}
                         for d, p in self.authored.items()}})

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
            uploaded=set(data.get("uploaded") or ()), authored=_authored(data.get("authored")))


def _authored(raw: Any) -> dict[str, Pending]:
    if not isinstance(raw, dict):
        return {}
    out: dict[str, Pending] = {}
    for diagram_id, value in raw.items():
        if isinstance(value, dict):
            fields = {(str(f[0]), str(f[1])) for f in value.get("fields", ()) if isinstance(f, list) and len(f) == 2}
            out[str(diagram_id)] = Pending(fields, {str(e) for e in value.get("elements", ())})
    return out


def load_state(library: Library) -> SyncState:
    with library.read() as conn:
        raw = conn.execute(select(sync_state.c.data).where(sync_state.c.scope == SCOPE)).scalar()
    return SyncState.from_json(raw)


def save_state(library: Library, state: SyncState) -> None:
    stmt = upsert(sync_state).values(scope=SCOPE, data=state.to_json().decode(), last_synced_at=library.clock())
    with library.write() as conn:
        conn.execute(stmt.on_conflict_do_update(index_elements=[sync_state.c.scope],
                                                set_={"data": stmt.excluded.data}))


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
