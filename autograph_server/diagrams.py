"""Diagram records: who may read or change one, their metadata with optimistic concurrency, deletion."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from sqlalchemy import Connection, Row, insert, select, update

from autograph_desktop.wire import META_DEFAULTS, DiagramInfo, DiagramPatch
from autograph_server.blob_service import holds
from autograph_server.database import insert_ignore
from autograph_server.errors import ApiError
from autograph_server.merge import Sequence
from autograph_server.schema import blob_refs, changes, diagrams, sequences, shares, users
from autograph_server.services import Services, User, aware, now

WRITERS = ("owner", "write")


def not_found(diagram_id: str) -> ApiError:
    return ApiError(404, f"diagram {diagram_id} was not found (or is not shared with you)")


def role_of(conn: Connection, user_id: str, row: Row[Any]) -> str | None:
    if row.owner_id == user_id:
        return "owner"
    return conn.execute(select(shares.c.role).where(
        shares.c.diagram_id == row.id, shares.c.user_id == user_id)).scalar()


def load(conn: Connection, user: User, diagram_id: str, need: tuple[str, ...] = ("owner", "write", "read"),
         allow_deleted: bool = False) -> tuple[Row[Any], str]:
    """The diagram row and the caller's role, or the error the caller gets (404 hides what is not theirs)."""
    row = conn.execute(select(diagrams).where(diagrams.c.id == diagram_id)).first()
    role = None if row is None else role_of(conn, user.id, row)
    if row is None or role is None:
        raise not_found(diagram_id)
    if role not in need:
        raise ApiError(403, f"your {role} access to diagram {diagram_id} does not allow this")
    if row.deleted and not allow_deleted:
        raise ApiError(410, f"diagram {diagram_id} was deleted")
    return row, role


def info(row: Row[Any], role: str, owner_email: str) -> DiagramInfo:
    return DiagramInfo(
        id=row.id, owner_id=row.owner_id, owner_email=owner_email, role=role,  # type: ignore[arg-type]
        meta=orjson.loads(row.meta), version=row.version, seq=row.seq, element_count=row.element_count,
        thumbnail_sha256=row.thumbnail_sha256, created_at=aware(row.created_at), updated_at=aware(row.updated_at),
        deleted=row.deleted,
    )


def owner_email(conn: Connection, owner_id: str) -> str:
    return str(conn.execute(select(users.c.email).where(users.c.id == owner_id)).scalar_one())


def listing(svc: Services, user: User, include_deleted: bool) -> list[DiagramInfo]:
    with svc.db.read() as conn:
        own = select(diagrams, users.c.email.label("owner_email")).join(users, users.c.id == diagrams.c.owner_id)
        rows = [(r, "owner") for r in conn.execute(own.where(diagrams.c.owner_id == user.id))]
        shared = own.add_columns(shares.c.role.label("share_role")).join(
            shares, shares.c.diagram_id == diagrams.c.id).where(shares.c.user_id == user.id)
        rows += [(r, r.share_role) for r in conn.execute(shared)]
    out = [info(r, role, r.owner_email) for r, role in rows if include_deleted or not r.deleted]
    return sorted(out, key=lambda d: d.updated_at, reverse=True)


def lock_sequences(conn: Connection, owner_ids: list[str] | set[str]) -> dict[str, Sequence]:
    """Lock the owners' counters (in a fixed order, so two pushes cannot deadlock) until the commit.
    While held, nobody else can order a change of these owners' diagrams: commits follow the sequence."""
    ids = sorted(owner_ids)
    rows = conn.execute(select(sequences.c.user_id, sequences.c.last_seq)
                        .where(sequences.c.user_id.in_(ids)).order_by(sequences.c.user_id).with_for_update())
    found = {row.user_id: Sequence(row.last_seq) for row in rows}
    if len(found) != len(ids):
        raise ApiError(404, "the diagram's owner no longer exists")
    return found


def save_sequences(conn: Connection, seqs: dict[str, Sequence]) -> None:
    for owner_id, seq in seqs.items():
        if seq.last != seq.start:
            conn.execute(update(sequences).where(sequences.c.user_id == owner_id).values(last_seq=seq.last))


def log_change(conn: Connection, owner_id: str, seq: int, diagram_id: str, kind: str, body: dict[str, Any],
               author_id: str, client_id: str | None = None, client_seq: int | None = None) -> None:
    conn.execute(insert(changes).values(
        owner_id=owner_id, seq=seq, diagram_id=diagram_id, kind=kind, body=orjson.dumps(body).decode(),
        author_id=author_id, client_id=client_id, client_seq=client_seq, at=now()))


def create(conn: Connection, seqs: dict[str, Sequence], user: User, diagram_id: str, meta: Mapping[Any, str],
           client_id: str | None = None, client_seq: int | None = None) -> None:
    """A new diagram owned by `user`, announced in the user's order as a `diagram` change."""
    full = {**META_DEFAULTS, **meta}
    seq = seqs[user.id].next()
    stamp = now()
    conn.execute(insert(diagrams).values(
        id=diagram_id, owner_id=user.id, meta=orjson.dumps(full).decode(),
        meta_seqs=orjson.dumps(dict.fromkeys(full, seq)).decode(), version=1, seq=seq, element_count=0,
        thumbnail_sha256=None, created_at=stamp, updated_at=stamp, deleted=False))
    log_change(conn, user.id, seq, diagram_id, "diagram", {"meta": full}, user.id, client_id, client_seq)


def put(svc: Services, user: User, diagram_id: str, meta: Mapping[Any, str]) -> tuple[DiagramInfo, bool]:
    """Create the diagram if it does not exist (idempotent); (its info, whether it was created)."""
    with svc.db.write() as conn:
        seqs = lock_sequences(conn, {user.id})
        row = conn.execute(select(diagrams).where(diagrams.c.id == diagram_id)).first()
        created = row is None
        if row is not None:
            if row.owner_id != user.id:
                raise ApiError(409, f"diagram id {diagram_id} is taken; choose a new one")
            if row.deleted:
                raise ApiError(410, f"diagram {diagram_id} was deleted")
        else:
            create(conn, seqs, user, diagram_id, meta)
            save_sequences(conn, seqs)
        row = conn.execute(select(diagrams).where(diagrams.c.id == diagram_id)).one()
        return info(row, "owner", owner_email(conn, user.id)), created


def get(svc: Services, user: User, diagram_id: str) -> DiagramInfo:
    with svc.db.read() as conn:
        row, role = load(conn, user, diagram_id, allow_deleted=True)
        return info(row, role, owner_email(conn, row.owner_id))


def patch(svc: Services, user: User, diagram_id: str, change: DiagramPatch) -> DiagramInfo:
    with svc.db.write() as conn:
        row, _ = load(conn, user, diagram_id, WRITERS)
        seqs = lock_sequences(conn, {row.owner_id})
        row, role = load(conn, user, diagram_id, WRITERS)  # again, under the lock
        email = owner_email(conn, row.owner_id)
        if change.expected_version != row.version:
            raise ApiError(409, f"diagram {diagram_id} is at version {row.version}, not {change.expected_version}; "
                           "merge with the current metadata and retry", current=info(row, role, email).model_dump(mode="json"))
        meta, meta_seqs = orjson.loads(row.meta), orjson.loads(row.meta_seqs)
        new = {k: v for k, v in change.meta.items() if meta.get(k) != v}
        values: dict[str, Any] = {}
        if new:
            seq = seqs[row.owner_id].next()
            log_change(conn, row.owner_id, seq, diagram_id, "op",
                       {"op": "meta", "before": {k: meta.get(k, META_DEFAULTS[k]) for k in new}, "after": new}, user.id)
            meta.update(new)
            meta_seqs.update(dict.fromkeys(new, seq))
            values.update(meta=orjson.dumps(meta).decode(), meta_seqs=orjson.dumps(meta_seqs).decode(), seq=seq)
        thumb = change.thumbnail_sha256
        if thumb is not None and thumb != row.thumbnail_sha256:
            if not holds(conn, user.id, thumb):
                raise ApiError(422, "upload the thumbnail blob before naming it")
            values["thumbnail_sha256"] = thumb
            conn.execute(blob_refs.delete().where(blob_refs.c.diagram_id == diagram_id, blob_refs.c.source == "thumbnail"))
            insert_ignore(conn, blob_refs, diagram_id=diagram_id, source="thumbnail", sha256=thumb, added_by=user.id)
        if values:
            conn.execute(update(diagrams).where(diagrams.c.id == diagram_id).values(
                version=row.version + 1, updated_at=now(), **values))
            save_sequences(conn, seqs)
        row = conn.execute(select(diagrams).where(diagrams.c.id == diagram_id)).one()
        return info(row, role, email)


def remove(svc: Services, user: User, diagram_id: str, expected_version: int | None) -> None:
    with svc.db.write() as conn:
        row, _ = load(conn, user, diagram_id, ("owner",))
        seqs = lock_sequences(conn, {row.owner_id})
        row, role = load(conn, user, diagram_id, ("owner",))
        if expected_version is not None and expected_version != row.version:
            raise ApiError(409, f"diagram {diagram_id} is at version {row.version}, not {expected_version}",
                           current=info(row, role, owner_email(conn, row.owner_id)).model_dump(mode="json"))
        seq = seqs[row.owner_id].next()
        log_change(conn, row.owner_id, seq, diagram_id, "diagram_deleted", {}, user.id)
        conn.execute(update(diagrams).where(diagrams.c.id == diagram_id).values(
            deleted=True, version=row.version + 1, seq=seq, updated_at=now()))
        save_sequences(conn, seqs)
