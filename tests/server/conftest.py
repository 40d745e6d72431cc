"""Fixtures for the server tests: real PostgreSQL, SeaweedFS S3, Redis and an AI upstream, and the server
itself in a uvicorn subprocess, started once per session for each backend.

`backend` runs each API test twice: against PostgreSQL + S3 + Redis, and against the embedded default
(SQLite + blob folder + in-memory limits). Under AUTOGRAPH_REQUIRE_SERVICES=1 a missing service fails.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from api_client import Api

from tests.support.server_support import (
    FAST_HASHING,
    REDIS_URL,
    ServerProcess,
    Upstream,
    WeedServer,
    missing,
    postgres_database,
    redis_available,
    upstream_ai,
)

PRIMARY_KEY = "sk-primary-SECRET-0a1b2c"
BACKUP_KEY = "sk-backup-SECRET-3d4e5f"


@pytest.fixture(scope="session")
def server_tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("server")


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    with postgres_database() as url:
        yield url


@pytest.fixture(scope="session")
def redis_url() -> str:
    if not redis_available():
        missing(f"Redis is not reachable at {REDIS_URL}")
    return REDIS_URL


@pytest.fixture(scope="session")
def weed(server_tmp: Path) -> Iterator[WeedServer]:
    server = WeedServer(server_tmp / "weed")
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def upstream() -> Iterator[Upstream]:
    with upstream_ai() as up:
        yield up


def ai_providers(upstream: Upstream) -> str:
    return json.dumps([
        {"name": "primary", "base_url": upstream.url("primary"), "api_key": PRIMARY_KEY,
         "usd_per_1k_prompt": 0.5, "usd_per_1k_completion": 1.5, "timeout_s": 2},
        {"name": "backup", "base_url": upstream.url("backup"), "api_key": BACKUP_KEY,
         "usd_per_1k_prompt": 0.1, "usd_per_1k_completion": 0.2, "timeout_s": 5},
    ])


def common_settings(upstream: Upstream) -> dict[str, str]:
    """Generous limits (the tests share one address and few accounts); the limit tests set their own."""
    return {
        **FAST_HASHING, "RATE_USER_PER_MINUTE": "100000", "RATE_IP_PER_MINUTE": "100000",
        "AI_REQUESTS_PER_MINUTE": "100000", "AI_PROVIDERS": ai_providers(upstream),
        "MAX_BLOB_BYTES": str(1024 * 1024), "MAX_BODY_BYTES": str(2 * 1024 * 1024), "DB_POOL_SIZE": "5",
    }


def postgres_settings(pg_url: str, weed: WeedServer, redis_url: str, upstream: Upstream) -> dict[str, str]:
    return {
        **common_settings(upstream), "DATABASE_URL": pg_url, "S3_ENDPOINT_URL": weed.endpoint,
        "S3_BUCKET": "autograph-test", "REDIS_URL": redis_url, "REDIS_PREFIX": f"agtest-{uuid.uuid4().hex[:8]}:",
        "JWT_SECRET": "test-secret-" + "x" * 40,
    }


@pytest.fixture(scope="session")
def postgres_server(server_tmp: Path, pg_url: str, weed: WeedServer, redis_url: str,
                    upstream: Upstream) -> Iterator[ServerProcess]:
    server = ServerProcess(postgres_settings(pg_url, weed, redis_url, upstream), server_tmp, name="postgres")
    migrated = server.command("migrate")
    assert migrated.returncode == 0, migrated.stderr
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def embedded_server(server_tmp: Path, upstream: Upstream) -> Iterator[ServerProcess]:
    server = ServerProcess(common_settings(upstream), server_tmp, data_dir=server_tmp / "embedded", name="embedded")
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session", params=["postgres", "embedded"])
def backend(request: pytest.FixtureRequest) -> ServerProcess:
    """The server under test: each API test runs once per backend."""
    name = "postgres_server" if request.param == "postgres" else "embedded_server"
    server: ServerProcess = request.getfixturevalue(name)
    return server


@pytest.fixture
def api(backend: ServerProcess) -> Iterator[Api]:
    client = Api(backend)
    try:
        yield client
    finally:
        client.close()
