"""Blob uploads and downloads: content-addressed by sha256, verified, and readable only through a diagram.

A user may download a blob when a diagram they own or that is shared with them references it, and the
user who put the reference there holds the blob (uploaded its bytes). Naming a hash in a diagram
therefore never opens content the namer did not have. Uploads answer the same whether or not the blob
existed, so they reveal nothing about other users' files.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator

from sqlalchemy import Connection, and_, delete, exists, select

from autograph_desktop.wire import BlobInfo
from autograph_server import metrics
from autograph_server.blobs import BlobMissing, BlobUnavailable
from autograph_server.database import insert_ignore
from autograph_server.errors import ApiError
from autograph_server.schema import blob_holders, blob_refs, blobs, diagrams, shares
from autograph_server.services import Services, User, now

log = logging.getLogger("autograph_server.blobs")


def upload(svc: Services, user: User, sha256: str, data: bytes, mime: str) -> BlobInfo:
    if hashlib.sha256(data).hexdigest() != sha256:
        raise ApiError(422, "the body's sha256 does not match the address it was sent to")
    with svc.db.read() as conn:
        known = conn.execute(select(blobs.c.size).where(blobs.c.sha256 == sha256)).first() is not None
    if not known:
        svc.blobs.put(sha256, data, mime)  # the bytes first: a row never points at a blob the store lacks
    metrics.BLOB_BYTES.labels("in").inc(len(data))
    with svc.db.write() as conn:
        insert_ignore(conn, blobs, sha256=sha256, size=len(data), mime=mime, created_at=now())
        insert_ignore(conn, blob_holders, sha256=sha256, user_id=user.id)
    return BlobInfo(sha256=sha256, size=len(data), mime=mime)


def readable(conn: Connection, user_id: str, sha256: str) -> bool:
    """Whether some diagram `user_id` can read references the blob through a holder of it."""
    accessible = select(diagrams.c.id).where(diagrams.c.owner_id == user_id).union(
        select(shares.c.diagram_id).where(shares.c.user_id == user_id)
    )
    query = select(exists().where(
        blob_refs.c.sha256 == sha256,
        blob_refs.c.diagram_id.in_(accessible),
        exists().where(and_(blob_holders.c.sha256 == sha256, blob_holders.c.user_id == blob_refs.c.added_by)),
    ))
    return bool(conn.execute(query).scalar())


def download(svc: Services, user: User, sha256: str) -> tuple[BlobInfo, Iterator[bytes]]:
    with svc.db.read() as conn:
        row = conn.execute(select(blobs.c.size, blobs.c.mime).where(blobs.c.sha256 == sha256)).first()
        allowed = row is not None and readable(conn, user.id, sha256)
    if row is None or not allowed:
        raise ApiError(404, "no such blob in any diagram you can read")
    try:
        size, chunks = svc.blobs.open(sha256)
    except BlobMissing:
        log.error("blob row without bytes", extra={"sha256": sha256})
        raise BlobUnavailable("blob bytes missing") from None
    metrics.BLOB_BYTES.labels("out").inc(size)
    return BlobInfo(sha256=sha256, size=size, mime=row.mime), chunks


def holds(conn: Connection, user_id: str, sha256: str) -> bool:
    return conn.execute(select(blob_holders.c.user_id).where(
        blob_holders.c.sha256 == sha256, blob_holders.c.user_id == user_id)).first() is not None


def orphaned_blobs(conn: Connection, user_id: str) -> list[str]:
    """Blobs only `user_id` holds: their rows go now (with the account), their bytes after the commit."""
    others = select(blob_holders.c.sha256).where(blob_holders.c.user_id != user_id)
    mine = select(blob_holders.c.sha256).where(blob_holders.c.user_id == user_id, blob_holders.c.sha256.not_in(others))
    orphans = [row[0] for row in conn.execute(mine)]
    if orphans:
        conn.execute(delete(blobs).where(blobs.c.sha256.in_(orphans)))
    return orphans


def drop_bytes(svc: Services, hashes: list[str]) -> None:
    """Delete unheld blobs from the store; a failure only leaves an unreachable object behind (logged)."""
    for sha256 in hashes:
        try:
            svc.blobs.delete(sha256)
        except (BlobUnavailable, BlobMissing):
            log.warning("could not delete an orphaned blob", extra={"sha256": sha256})
