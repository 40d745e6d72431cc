"""Faults with real services: a PostgreSQL connection killed mid-request, S3 stopped and restarted, Redis
gone and back. Each gives clear 503s, `/ready` says what is down, nothing is half-written, and the server
recovers without a restart. Last, a graceful shutdown finishes the request in flight."""

from __future__ import annotations

import hashlib
import signal
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from api_client import Api, shape
from conftest import postgres_settings

from tests.support.server_support import PG_ADMIN_URL, RedisServer, ServerProcess, Upstream, WeedServer


@pytest.fixture(scope="module")
def private_redis() -> Iterator[RedisServer]:
    server = RedisServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def fault_server(server_tmp: Path, pg_url: str, weed: WeedServer, private_redis: RedisServer,
                 upstream: Upstream, postgres_server: ServerProcess) -> Iterator[ServerProcess]:
    """A PostgreSQL instance on the session's database (migrated by `postgres_server`) with its own Redis."""
    settings = postgres_settings(pg_url, weed, private_redis.url, upstream)
    server = ServerProcess(settings, server_tmp, name="faults")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def api(fault_server: ServerProcess) -> Iterator[Api]:
    client = Api(fault_server)
    try:
        yield client
    finally:
        client.close()


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def _ready(api: Api) -> tuple[int, dict[str, Any]]:
    reply = api.http.get("/ready")
    return reply.status_code, reply.json()


def _until(check: Any, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "did not recover in time"
        time.sleep(0.2)


def test_connection_killed_mid_push_answers_503_and_writes_nothing(api: Api, pg_url: str) -> None:
    alice = api.register()
    diagram = alice.new_diagram()
    batch = {"client_id": "desk", "client_seq": 1,
             "diagrams": [{"diagram_id": diagram, "operations": [{"op": "add", "element": shape("kept-out")}]}]}
    database = pg_url.rsplit("/", 1)[1]
    replies: list[httpx.Response] = []
    with psycopg.connect(_libpq(pg_url), autocommit=False) as blocker:
        # Hold the user's sequence row so the push waits inside its transaction, then kill its connection.
        blocker.execute("SELECT last_seq FROM sequences WHERE user_id = %s FOR UPDATE", (alice.id,))
        pusher = threading.Thread(target=lambda: replies.append(alice.post("/v1/sync/push", json=batch)))
        pusher.start()
        with psycopg.connect(_libpq(PG_ADMIN_URL), autocommit=True) as admin:
            victim = None
            deadline = time.monotonic() + 20
            while victim is None and time.monotonic() < deadline:
                victim = admin.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = %s AND application_name = 'autograph-server' "
                    "AND wait_event_type = 'Lock'", (database,)).fetchone()
                time.sleep(0.05)
            assert victim is not None, "the push never waited on the lock"
            admin.execute("SELECT pg_terminate_backend(%s)", (victim[0],))
        blocker.rollback()
    pusher.join(30)
    (reply,) = replies
    assert reply.status_code == 503 and reply.json()["detail"].startswith("the database is unavailable")
    assert reply.headers["Retry-After"]
    changes, _ = alice.pull_all()
    assert [c["kind"] for c in changes] == ["diagram"]
    assert api.server.sql("SELECT count(*) FROM pushes WHERE user_id = :u", u=alice.id)[0][0] == 0
    # The client retries the same batch: applied once, and the server needed no restart.
    again = alice.post("/v1/sync/push", json=batch)
    assert again.status_code == 200 and again.json()["applied"] == 1
    assert _ready(api)[0] == 200


def test_every_connection_killed_while_idle_is_replaced(api: Api, pg_url: str) -> None:
    alice = api.register()
    database = pg_url.rsplit("/", 1)[1]
    with psycopg.connect(_libpq(PG_ADMIN_URL), autocommit=True) as admin:
        killed = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = %s "
            "AND application_name = 'autograph-server' AND pid <> pg_backend_pid()", (database,)).fetchone()
    assert killed is not None and killed[0] >= 1
    assert alice.get("/v1/diagrams").status_code == 200
    assert _ready(api)[0] == 200


def test_s3_stopped_then_restarted(api: Api, weed: WeedServer) -> None:
    alice = api.register()
    kept = b"uploaded before the outage"
    kept_sha = hashlib.sha256(kept).hexdigest()
    assert alice.request("PUT", f"/v1/blobs/{kept_sha}", content=kept, headers={"Content-Type": "image/png"}).status_code == 201
    diagram = alice.new_diagram()
    alice.push(diagram, [{"op": "add", "element": {"id": "i", "kind": "image", "z": "a0", "sha256": kept_sha}}])
    lost = b"uploaded during the outage"
    lost_sha = hashlib.sha256(lost).hexdigest()
    weed.stop()
    try:
        upload = alice.request("PUT", f"/v1/blobs/{lost_sha}", content=lost, headers={"Content-Type": "image/png"})
        assert upload.status_code == 503 and "blob store" in upload.json()["detail"]
        assert alice.get(f"/v1/blobs/{kept_sha}").status_code == 503
        status, body = _ready(api)
        assert status == 503 and body["checks"]["blobs"].startswith("unavailable") and body["checks"]["database"] == "ok"
        # Sync does not need the blob store.
        assert alice.push(diagram, [{"op": "add", "element": shape("during")}]).status_code == 200
        assert api.server.sql("SELECT count(*) FROM blobs WHERE sha256 = :s", s=lost_sha)[0][0] == 0
    finally:
        weed.start()
    _until(lambda: _ready(api)[0] == 200)
    assert alice.get(f"/v1/blobs/{kept_sha}").content == kept
    assert alice.request("PUT", f"/v1/blobs/{lost_sha}", content=lost, headers={"Content-Type": "image/png"}).status_code == 201


def test_redis_gone_then_back(api: Api, private_redis: RedisServer) -> None:
    alice = api.register()
    assert alice.get("/v1/account").status_code == 200
    private_redis.stop()
    try:
        down = alice.get("/v1/account")
        assert down.status_code == 503 and "Redis" in down.json()["detail"]
        status, body = _ready(api)
        assert status == 503 and body["checks"]["redis"] == "unavailable"
        assert api.http.get("/health").status_code == 200
    finally:
        private_redis.start()
    _until(lambda: alice.get("/v1/account").status_code == 200)
    assert _ready(api)[0] == 200


def test_graceful_shutdown_finishes_the_request_in_flight(api: Api) -> None:
    alice = api.register()
    replies: list[httpx.Response] = []
    slow = threading.Thread(target=lambda: replies.append(alice.post("/v1/ai/chat/completions", json={
        "model": "m", "messages": [{"role": "user", "content": f"primary=500 backup=slow {uuid.uuid4()}"}]})))
    slow.start()
    time.sleep(1.0)
    process = api.server.process
    assert process is not None
    process.send_signal(signal.SIGTERM)
    slow.join(30)
    # uvicorn re-raises the signal once it has shut down cleanly, so the exit status is SIGTERM's.
    assert process.wait(30) in (0, -signal.SIGTERM)
    (reply,) = replies
    assert reply.status_code == 200 and reply.headers["X-AutoGraph-Provider"] == "backup"
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{api.server.url}/health", timeout=2)
    messages = [r["message"] for r in api.server.log_records()]
    assert "server stopping" in messages and messages[-1].startswith("Finished server process")
