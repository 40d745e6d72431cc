"""Push and pull: idempotent batches merged in the owner's order, and a cursor that never skips a change.

Ordering: every change to a user's diagrams takes the next number of that user's counter, and the counter
row stays locked until the pushing transaction commits. So one owner's changes commit in sequence order,
and a reader that sees number N also sees every number below it: a pull cursor that is "the last number
returned" can never jump over a change that commits later. A diagram shared with someone else is read
under its share's own cursor position (the cursor holds the owner's sequence per share), so a share
granted later still delivers the diagram's whole history.
"""

from __future__ import annotations

import base64
import binascii
from collections import defaultdict
from typing import Any

import orjson
from sqlalchemy import Connection, bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from autograph_desktop.wire import MAX_PULL_LIMIT, AddOp, DeleteOp, MetaOp, PushRequest, flatten
from autograph_server import metrics
from autograph_server.database import insert_ignore
from autograph_server.diagrams import create, lock_sequences, not_found, save_sequences
from autograph_server.errors import ApiError
from autograph_server.merge import DiagramMerge, ElementRow, image_blob
from autograph_server.schema import blob_refs, changes, diagrams, elements, overwrites, pushes, shares
from autograph_server.services import Services, User, now

_CHUNK = 500


def push(svc: Services, user: User, request: PushRequest, request_hash: str) -> bytes:
    """Apply a batch once; a repeat of the same `(client_id, client_seq)` gets the stored reply."""
    try:
        return _push(svc, user, request, request_hash)
    except IntegrityError:
        # A twin of this batch (a retry racing the original) committed first; answer as it did.
        with svc.db.read() as conn:
            stored = _stored(conn, user, request, request_hash)
        if stored is None:
            raise
        return stored


def _stored(conn: Connection, user: User, request: PushRequest, request_hash: str) -> bytes | None:
    row = conn.execute(select(pushes.c.reply, pushes.c.request_hash).where(
        pushes.c.user_id == user.id, pushes.c.client_id == request.client_id,
        pushes.c.client_seq == request.client_seq)).first()
    if row is None:
        return None
    if row.request_hash != request_hash:
        raise ApiError(409, f"client_seq {request.client_seq} was already used for a different batch by this client")
    return str(row.reply).encode()


def _push(svc: Services, user: User, request: PushRequest, request_hash: str) -> bytes:
    ids = [entry.diagram_id for entry in request.diagrams]
    if len(set(ids)) != len(ids):
        raise ApiError(422, "each diagram may appear only once in a push; put all its operations in one entry")
    with svc.db.write() as conn:
        owners = {r.owner_id for r in conn.execute(select(diagrams.c.owner_id).where(diagrams.c.id.in_(ids)))}
        seqs = lock_sequences(conn, owners | {user.id})
        stored = _stored(conn, user, request, request_hash)
        if stored is not None:
            return stored
        last = conn.execute(select(func.max(pushes.c.client_seq)).where(
            pushes.c.user_id == user.id, pushes.c.client_id == request.client_id)).scalar()
        if last is not None and request.client_seq < last:
            raise ApiError(409, f"client_seq {request.client_seq} is lower than {last}, the last batch this client "
                           "sent: one client's batches must be sent in increasing order (a reinstalled client "
                           "needs a new client_id)")
        rows = {r.id: r for r in conn.execute(select(diagrams).where(diagrams.c.id.in_(ids)))}
        roles = dict(conn.execute(select(shares.c.diagram_id, shares.c.role).where(
            shares.c.user_id == user.id, shares.c.diagram_id.in_(ids))).all())
        reply: dict[str, Any] = {"client_id": request.client_id, "client_seq": request.client_seq, "applied": 0,
                                 "diagrams": [], "results": [], "overwritten": []}
        for index, entry in enumerate(request.diagrams):
            row = rows.get(entry.diagram_id)
            created = row is None
            if row is None:
                if entry.create is None:
                    raise ApiError(404, f"diagram {entry.diagram_id} does not exist; send `create` with its "
                                   "metadata to make it")
                create(conn, seqs, user, entry.diagram_id, entry.create.meta, request.client_id, request.client_seq)
                row = conn.execute(select(diagrams).where(diagrams.c.id == entry.diagram_id)).one()
            else:
                role = "owner" if row.owner_id == user.id else roles.get(row.id)
                if role is None:
                    raise not_found(row.id)
                if role == "read":
                    raise ApiError(403, f"diagram {row.id} is shared with you read-only")
                if row.deleted:
                    raise ApiError(410, f"diagram {row.id} was deleted")
                if row.owner_id not in seqs:  # made by its owner after this push looked: order it afresh
                    raise ApiError(409, f"diagram {row.id} appeared while this push ran; send it again")
            merge = _merge(conn, row, seqs, index, entry.operations)
            _write(conn, user, request, row, merge)
            first = merge.changes[0][0] if merge.changes else None
            last_seq = merge.changes[-1][0] if merge.changes else None
            reply["applied"] += len(merge.changes)
            reply["diagrams"].append({"diagram_id": row.id, "owner_id": row.owner_id, "applied": len(merge.changes),
                                      "first_seq": first, "last_seq": last_seq, "created": created})
            reply["results"].extend(merge.results)
            reply["overwritten"].extend(merge.overwritten)
            for result in merge.results:
                metrics.SYNC_OPS.labels(result["status"]).inc()
        metrics.SYNC_OPS.labels("applied").inc(reply["applied"])
        body = orjson.dumps(reply)
        conn.execute(insert(pushes).values(user_id=user.id, client_id=request.client_id,
                                           client_seq=request.client_seq, request_hash=request_hash,
                                           reply=body.decode(), at=now()))
        save_sequences(conn, seqs)
    return body


def _merge(conn: Connection, row: Any, seqs: dict[str, Any], index: int, operations: list[Any]) -> DiagramMerge:
    ops = flatten(operations)
    wanted = {str(op.element["id"]) if isinstance(op, (AddOp, DeleteOp)) else op.id
              for op in ops if not isinstance(op, MetaOp)}
    states: dict[str, ElementRow] = {}
    listed = sorted(wanted)
    for start in range(0, len(listed), _CHUNK):
        chunk = listed[start:start + _CHUNK]
        for r in conn.execute(select(elements).where(elements.c.diagram_id == row.id, elements.c.element_id.in_(chunk))):
            states[r.element_id] = ElementRow(orjson.loads(r.data), r.deleted, r.created_seq, r.seq,
                                              orjson.loads(r.field_seqs))
    merge = DiagramMerge(row.id, orjson.loads(row.meta), orjson.loads(row.meta_seqs), states, seqs[row.owner_id],
                         entry=index)
    for position, op in enumerate(ops):
        merge.apply(position, op)
    return merge


_UPDATE_ELEMENT = update(elements).where(
    elements.c.diagram_id == bindparam("b_diagram"), elements.c.element_id == bindparam("b_element")
).values(data=bindparam("b_data"), deleted=bindparam("b_deleted"), created_seq=bindparam("b_created"),
         seq=bindparam("b_seq"), field_seqs=bindparam("b_fields"))


def _write(conn: Connection, user: User, request: PushRequest, row: Any, merge: DiagramMerge) -> None:
    if not merge.changes:
        return
    news, dirty = [], []
    for element_id, state in merge.rows.items():
        if not state.dirty:
            continue
        values = {"data": orjson.dumps(state.data).decode(), "deleted": state.deleted, "created": state.created_seq,
                  "seq": state.seq, "fields": orjson.dumps(state.field_seqs).decode()}
        if state.new:
            news.append({"diagram_id": row.id, "element_id": element_id, "data": values["data"],
                         "deleted": state.deleted, "created_seq": state.created_seq, "seq": state.seq,
                         "field_seqs": values["fields"]})
        else:
            dirty.append({f"b_{k}": v for k, v in values.items()} | {"b_diagram": row.id, "b_element": element_id})
        if state.data["kind"] == "image":
            _refer(conn, row.id, f"element:{element_id}", image_blob(state), user.id)
    if news:
        conn.execute(insert(elements), news)
    if dirty:
        conn.execute(_UPDATE_ELEMENT, dirty)
    at = now()
    conn.execute(insert(changes), [
        {"owner_id": row.owner_id, "seq": seq, "diagram_id": row.id, "kind": kind, "body": orjson.dumps(body).decode(),
         "author_id": user.id, "client_id": request.client_id, "client_seq": request.client_seq, "at": at}
        for seq, kind, body in merge.changes])
    if merge.overwritten:
        conn.execute(insert(overwrites), [
            {"diagram_id": row.id, "element_id": o["element_id"], "field": o["field"],
             "value": orjson.dumps(o["value"]).decode(), "written_seq": o["written_seq"], "seq": o["seq"],
             "author_id": user.id} for o in merge.overwritten])
    record: dict[str, Any] = {"seq": merge.changes[-1][0], "updated_at": at,
                              "element_count": row.element_count + merge.count_delta}
    if merge.meta_changed:
        record.update(meta=orjson.dumps(merge.meta).decode(), meta_seqs=orjson.dumps(merge.meta_seqs).decode(),
                      version=row.version + 1)
    conn.execute(update(diagrams).where(diagrams.c.id == row.id).values(**record))


def _refer(conn: Connection, diagram_id: str, source: str, sha256: str | None, user_id: str) -> None:
    conn.execute(blob_refs.delete().where(blob_refs.c.diagram_id == diagram_id, blob_refs.c.source == source))
    if sha256:
        insert_ignore(conn, blob_refs, diagram_id=diagram_id, source=source, sha256=sha256, added_by=user_id)


# --- pull ------------------------------------------------------------------------------------------------


def _decode_cursor(cursor: str | None) -> tuple[int, dict[str, int]]:
    if not cursor:
        return 0, {}
    bad = ApiError(400, "the cursor is not one this server gave out; start again without a cursor")
    try:
        data = orjson.loads(base64.urlsafe_b64decode(cursor.encode() + b"=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, orjson.JSONDecodeError):
        raise bad from None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not isinstance(data.get("s"), dict):
        raise bad
    shares_at = data["s"]
    if any(not isinstance(k, str) or not isinstance(v, int) or v < 0 for k, v in shares_at.items()) or data["u"] < 0:
        raise bad
    return data["u"], shares_at


def _encode_cursor(own: int, shared: dict[str, int]) -> str:
    return base64.urlsafe_b64encode(orjson.dumps({"u": own, "s": shared})).decode().rstrip("=")


_COLUMNS = (changes.c.seq, changes.c.diagram_id, changes.c.kind, changes.c.body, changes.c.author_id,
            changes.c.client_id, changes.c.client_seq, changes.c.at)


def _entry(r: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"seq": r.seq, "diagram_id": r.diagram_id, "kind": r.kind, "op": None, "meta": None,
                             "author_id": r.author_id, "client_id": r.client_id, "client_seq": r.client_seq,
                             "at": r.at}
    if r.kind == "op":
        entry["op"] = orjson.Fragment(r.body)
    elif r.kind == "diagram":
        entry["meta"] = orjson.loads(r.body)["meta"]
    return entry


def pull(svc: Services, user: User, cursor: str | None, limit: int) -> bytes:
    """Changes after `cursor` in the owners' order: the user's own diagrams first, then each share's."""
    limit = max(1, min(limit, MAX_PULL_LIMIT))
    own_at, shares_at = _decode_cursor(cursor)
    out: list[dict[str, Any]] = []
    more = False
    with svc.db.read() as conn:
        rows = conn.execute(select(*_COLUMNS).where(changes.c.owner_id == user.id, changes.c.seq > own_at)
                            .order_by(changes.c.seq).limit(limit + 1)).all()
        if len(rows) > limit:
            more, rows = True, rows[:limit]
        out.extend(_entry(r) for r in rows)
        if rows:
            own_at = rows[-1].seq
        granted = conn.execute(select(shares.c.id, shares.c.diagram_id, diagrams.c.owner_id)
                               .join(diagrams, diagrams.c.id == shares.c.diagram_id)
                               .where(shares.c.user_id == user.id).order_by(shares.c.id)).all()
        new_shares: dict[str, int] = {}
        for share in granted:
            at = shares_at.get(share.id, 0)
            room = limit - len(out)
            if room <= 0:
                new_shares[share.id] = at
                more = True
                continue
            rows = conn.execute(select(*_COLUMNS).where(
                changes.c.owner_id == share.owner_id, changes.c.diagram_id == share.diagram_id, changes.c.seq > at,
            ).order_by(changes.c.seq).limit(room + 1)).all()
            if len(rows) > room:
                more, rows = True, rows[:room]
            out.extend(_entry(r) for r in rows)
            new_shares[share.id] = rows[-1].seq if rows else at
    return orjson.dumps({"changes": out, "cursor": _encode_cursor(own_at, new_shares), "more": more},
                        option=orjson.OPT_NAIVE_UTC | orjson.OPT_UTC_Z)


def overwritten_values(svc: Services, diagram_id: str, limit: int = 500) -> list[dict[str, Any]]:
    """Values that later changes replaced unseen, newest first (kept so nothing is lost)."""
    with svc.db.read() as conn:
        rows = conn.execute(select(overwrites).where(overwrites.c.diagram_id == diagram_id)
                            .order_by(overwrites.c.id.desc()).limit(limit)).all()
    grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        grouped[r.seq].append({"diagram_id": r.diagram_id, "element_id": r.element_id, "field": r.field,
                               "value": orjson.loads(r.value), "written_seq": r.written_seq, "seq": r.seq})
    return [item for seq in sorted(grouped, reverse=True) for item in grouped[seq]]
