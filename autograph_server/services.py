"""The services one server process holds (database, blobs, limits, crypto, AI), built once at start."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import orjson
from sqlalchemy import Connection, insert

from autograph_server.blobs import BlobStore, make_blob_store
from autograph_server.database import Database, make_engine
from autograph_server.logs import correlation_id
from autograph_server.ratelimit import Limiter, make_limiter
from autograph_server.schema import audit_log
from autograph_server.security import Passwords, Tokens
from autograph_server.settings import Settings

if TYPE_CHECKING:
    from autograph_server.ai_gateway import AiGateway


@dataclass
class Services:
    settings: Settings
    db: Database
    blobs: BlobStore
    limiter: Limiter
    passwords: Passwords
    tokens: Tokens
    ai: AiGateway


@dataclass(frozen=True, slots=True)
class User:
    """The caller, as proven by a valid access token of a live session."""

    id: str
    session_id: str


def build_services(settings: Settings) -> Services:
    from autograph_server.ai_gateway import AiGateway

    return Services(
        settings=settings,
        db=Database(make_engine(settings)),
        blobs=make_blob_store(settings),
        limiter=make_limiter(settings.redis_url, settings.redis_prefix),
        passwords=Passwords(settings),
        tokens=Tokens(settings),
        ai=AiGateway(settings.ai_providers),
    )


def now() -> datetime:
    return datetime.now(UTC)


def aware(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; every time the server stores is UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def new_id() -> str:
    return str(uuid.uuid4())


def audit(conn: Connection, event: str, ip: str, user_id: str | None = None, email: str | None = None,
          **detail: Any) -> None:
    """One row in the audit log, in the caller's transaction (so it commits with what it records)."""
    conn.execute(insert(audit_log).values(
        at=now(), event=event, user_id=user_id, email=email, ip=ip, correlation_id=correlation_id(),
        detail=orjson.dumps(detail).decode(),
    ))
