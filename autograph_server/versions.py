"""Version snapshots (stored as blobs, listed per diagram), a diagram's current state, and its shares."""

from __future__ import annotations

import hashlib

import orjson
from sqlalchemy import delete, insert, select

from autograph_desktop.wire import (
    DiagramState,
    ElementState,
    ShareCreate,
    ShareInfo,
    VersionCreate,
    VersionInfo,
)
from autograph_server.blob_service import holds
from autograph_server.database import insert_ignore
from autograph_server.diagrams import WRITERS, info, load, owner_email
from autograph_server.errors import ApiError
from autograph_server.schema import blob_holders, blob_refs, blobs, elements, shares, users, versions
from autograph_server.services import Services, User, aware, new_id, now


def state(svc: Services, user: User, diagram_id: str) -> DiagramState:
    with svc.db.snapshot() as conn:
        row, role = load(conn, user, diagram_id, allow_deleted=True)
        rows = conn.execute(select(elements).where(elements.c.diagram_id == diagram_id)
                            .order_by(elements.c.element_id)).all()
        return DiagramState(
            diagram=info(row, role, owner_email(conn, row.owner_id)),
            elements=[ElementState(id=r.element_id, element=orjson.loads(r.data), deleted=r.deleted, seq=r.seq)
                      for r in rows],
        )


def _version(r: object) -> VersionInfo:
    return VersionInfo(
        id=r.id, diagram_id=r.diagram_id, label=r.label, seq=r.seq,  # type: ignore[attr-defined]
        snapshot_sha256=r.snapshot_sha256, thumbnail_sha256=r.thumbnail_sha256,  # type: ignore[attr-defined]
        created_at=aware(r.created_at), created_by=r.created_by,  # type: ignore[attr-defined]
    )


def create_version(svc: Services, user: User, diagram_id: str, request: VersionCreate) -> VersionInfo:
    snapshot = request.snapshot_sha256
    if snapshot is None:
        current = state(svc, user, diagram_id)
        if current.diagram.role not in WRITERS:
            raise ApiError(403, f"your {current.diagram.role} access to diagram {diagram_id} does not allow this")
        body = orjson.dumps({
            "format": "autograph-server-snapshot", "diagram_id": diagram_id, "seq": current.diagram.seq,
            "meta": current.diagram.meta, "elements": [e.element for e in current.elements if not e.deleted],
        }, option=orjson.OPT_SORT_KEYS)
        snapshot = hashlib.sha256(body).hexdigest()
        svc.blobs.put(snapshot, body, "application/json")
        with svc.db.write() as conn:
            insert_ignore(conn, blobs, sha256=snapshot, size=len(body), mime="application/json", created_at=now())
            insert_ignore(conn, blob_holders, sha256=snapshot, user_id=user.id)
    with svc.db.write() as conn:
        row, _ = load(conn, user, diagram_id, WRITERS)
        for name, sha in (("snapshot", snapshot), ("thumbnail", request.thumbnail_sha256)):
            if sha is not None and not holds(conn, user.id, sha):
                raise ApiError(422, f"upload the {name} blob before naming it in a version")
        version_id = new_id()
        values = {"id": version_id, "diagram_id": diagram_id, "label": request.label, "seq": row.seq,
                  "snapshot_sha256": snapshot, "thumbnail_sha256": request.thumbnail_sha256, "created_at": now(),
                  "created_by": user.id}
        conn.execute(insert(versions).values(**values))
        conn.execute(insert(blob_refs).values(diagram_id=diagram_id, source=f"version:{version_id}",
                                              sha256=snapshot, added_by=user.id))
        if request.thumbnail_sha256:
            conn.execute(insert(blob_refs).values(diagram_id=diagram_id, source=f"version-thumbnail:{version_id}",
                                                  sha256=request.thumbnail_sha256, added_by=user.id))
        return _version(conn.execute(select(versions).where(versions.c.id == version_id)).one())


def list_versions(svc: Services, user: User, diagram_id: str) -> list[VersionInfo]:
    with svc.db.read() as conn:
        load(conn, user, diagram_id, allow_deleted=True)
        rows = conn.execute(select(versions).where(versions.c.diagram_id == diagram_id)
                            .order_by(versions.c.created_at.desc(), versions.c.id)).all()
    return [_version(r) for r in rows]


def _share(r: object) -> ShareInfo:
    return ShareInfo(user_id=r.user_id, email=r.email, role=r.role,  # type: ignore[attr-defined]
                     created_at=aware(r.created_at))  # type: ignore[attr-defined]


def share(svc: Services, user: User, diagram_id: str, request: ShareCreate) -> ShareInfo:
    with svc.db.write() as conn:
        load(conn, user, diagram_id, ("owner",))
        target = conn.execute(select(users.c.id).where(users.c.email == request.email)).scalar()
        if target is None:
            raise ApiError(404, f"no account uses {request.email}")
        if target == user.id:
            raise ApiError(422, "you own this diagram already")
        conn.execute(delete(shares).where(shares.c.diagram_id == diagram_id, shares.c.user_id == target))
        conn.execute(insert(shares).values(id=new_id(), diagram_id=diagram_id, user_id=target, role=request.role,
                                           created_at=now()))
        return _share(conn.execute(select(shares, users.c.email).join(users, users.c.id == shares.c.user_id)
                                   .where(shares.c.diagram_id == diagram_id, shares.c.user_id == target)).one())


def list_shares(svc: Services, user: User, diagram_id: str) -> list[ShareInfo]:
    with svc.db.read() as conn:
        load(conn, user, diagram_id, ("owner",), allow_deleted=True)
        rows = conn.execute(select(shares, users.c.email).join(users, users.c.id == shares.c.user_id)
                            .where(shares.c.diagram_id == diagram_id).order_by(users.c.email)).all()
    return [_share(r) for r in rows]


def unshare(svc: Services, user: User, diagram_id: str, user_id: str) -> None:
    """The owner ends someone's share, or a user leaves a diagram shared with them."""
    with svc.db.write() as conn:
        row, role = load(conn, user, diagram_id, allow_deleted=True)
        if role != "owner" and user_id != user.id:
            raise ApiError(403, "only the owner can end someone else's share")
        gone = conn.execute(delete(shares).where(shares.c.diagram_id == diagram_id, shares.c.user_id == user_id))
        if gone.rowcount == 0:
            raise ApiError(404, "this diagram is not shared with that user")
