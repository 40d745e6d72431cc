"""The server the sync tests talk to: on PostgreSQL + SeaweedFS S3 + Redis (as deployed), and the embedded
default (SQLite + a blob folder) that the GUI and CLI tests use. Started once per session."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.server_support import (
    FAST_HASHING,
    REDIS_URL,
    ServerProcess,
    WeedServer,
    missing,
    postgres_database,
    redis_available,
)

LIMITS = {"RATE_USER_PER_MINUTE": "100000", "RATE_IP_PER_MINUTE": "100000", "DB_POOL_SIZE": "5"}


@pytest.fixture(scope="session")
def sync_tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("sync-server")


@pytest.fixture(scope="session")
def pg_server(sync_tmp: Path) -> Iterator[ServerProcess]:
    """The server on real PostgreSQL and SeaweedFS S3."""
    if not redis_available():
        missing(f"Redis is not reachable at {REDIS_URL}")
    with postgres_database("autograph_sync") as url:
        weed = WeedServer(sync_tmp / "weed")
        try:
            weed.start()
            settings = {**FAST_HASHING, **LIMITS, "DATABASE_URL": url, "S3_ENDPOINT_URL": weed.endpoint,
                        "S3_BUCKET": "autograph-sync", "REDIS_URL": REDIS_URL,
                        "REDIS_PREFIX": f"agsync-{uuid.uuid4().hex[:8]}:", "JWT_SECRET": "sync-secret-" + "y" * 40}
            server = ServerProcess(settings, sync_tmp, name="sync-postgres")
            migrated = server.command("migrate")
            assert migrated.returncode == 0, migrated.stderr
            server.start()
            try:
                yield server
            finally:
                server.stop()
        finally:
            weed.stop()


@pytest.fixture(scope="session")
def embedded_sync_server(sync_tmp: Path) -> Iterator[ServerProcess]:
    server = ServerProcess({**FAST_HASHING, **LIMITS}, sync_tmp, data_dir=sync_tmp / "embedded", name="sync-embedded")
    server.start()
    try:
        yield server
    finally:
        server.stop()
