"""Two server instances on one PostgreSQL database, one S3 and one Redis, with no sticky sessions: they
give the same answers, and share one rate-limit budget. The embedded server's in-memory limits too."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from itertools import cycle
from pathlib import Path
from typing import Any

import httpx
import pytest
from api_client import Api, User, next_address, shape
from conftest import common_settings, postgres_settings

from tests.support.server_support import ServerProcess, Upstream, WeedServer

LIMITS = {"RATE_USER_PER_MINUTE": "30", "RATE_IP_PER_MINUTE": "60", "AI_REQUESTS_PER_MINUTE": "3"}


@pytest.fixture(scope="module")
def pair(server_tmp: Path, pg_url: str, weed: WeedServer, redis_url: str, upstream: Upstream,
         postgres_server: ServerProcess) -> Iterator[tuple[ServerProcess, ServerProcess]]:
    settings = {**postgres_settings(pg_url, weed, redis_url, upstream), **LIMITS}
    first = ServerProcess(settings, server_tmp, name="pair-a")
    second = ServerProcess(settings, server_tmp, name="pair-b")
    try:
        first.start()
        second.start()
        yield first, second
    finally:
        first.stop()
        second.stop()


@pytest.fixture(scope="module")
def limited_embedded(server_tmp: Path, upstream: Upstream) -> Iterator[ServerProcess]:
    server = ServerProcess({**common_settings(upstream), **LIMITS}, server_tmp,
                           data_dir=server_tmp / f"limited-{uuid.uuid4().hex[:6]}", name="limited")
    server.start()
    try:
        yield server
    finally:
        server.stop()


class RoundRobin:
    """Requests spread over instances in turn, as a load balancer without sticky sessions would."""

    def __init__(self, servers: list[ServerProcess]) -> None:
        self.clients = [httpx.Client(base_url=s.url, timeout=30) for s in servers]
        self._next = cycle(self.clients)

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return next(self._next).request(method, path, **kwargs)

    def close(self) -> None:
        for client in self.clients:
            client.close()


def _account(balancer: RoundRobin) -> tuple[dict[str, Any], dict[str, str]]:
    ip = next_address()
    email = f"pair-{uuid.uuid4().hex[:8]}@example.test"
    session = balancer.request("POST", "/v1/auth/register", json={"email": email, "password": "pair password"},
                               headers={"X-Forwarded-For": ip}).json()
    return session, {"Authorization": f"Bearer {session['access_token']}", "X-Forwarded-For": ip}


def test_two_instances_give_the_same_answers(pair: tuple[ServerProcess, ServerProcess]) -> None:
    a, b = (Api(s) for s in pair)
    try:
        alice = a.register("pair")
        on_b = User(b, alice.email, alice.password, alice.session, alice.ip)
        diagram = alice.new_diagram()
        batch = {"client_id": "desk", "client_seq": 1,
                 "diagrams": [{"diagram_id": diagram, "operations": [{"op": "add", "element": shape("one")}]}]}
        first = alice.post("/v1/sync/push", json=batch)
        replay = on_b.post("/v1/sync/push", json=batch)
        assert first.status_code == replay.status_code == 200 and first.content == replay.content
        pulled_a, cursor_a = alice.pull_all()
        pulled_b, cursor_b = on_b.pull_all()
        assert pulled_a == pulled_b and cursor_a == cursor_b
        assert alice.get("/v1/diagrams").json() == on_b.get("/v1/diagrams").json()
        # A token refreshed on one instance is rotated for both.
        refreshed = b.http.post("/v1/auth/refresh", json={"refresh_token": alice.session["refresh_token"]})
        assert refreshed.status_code == 200
        reuse = a.http.post("/v1/auth/refresh", json={"refresh_token": alice.session["refresh_token"]})
        assert reuse.status_code == 401
    finally:
        a.close()
        b.close()


def test_pushes_through_both_instances_are_pulled_exactly_once(pair: tuple[ServerProcess, ServerProcess]) -> None:
    balancer = RoundRobin(list(pair))
    try:
        _, headers = _account(balancer)
        diagram = f"d-{uuid.uuid4().hex[:8]}"
        assert balancer.request("PUT", f"/v1/diagrams/{diagram}", json={"meta": {}}, headers=headers).status_code == 201
        pushed: list[str] = []

        def pusher(n: int) -> None:
            client = RoundRobin(list(pair))
            try:
                for batch in range(3):
                    ids = [f"p{n}-{batch}-{i}" for i in range(4)]
                    reply = client.request("POST", "/v1/sync/push", headers=headers, json={
                        "client_id": f"c{n}", "client_seq": batch + 1, "diagrams": [
                            {"diagram_id": diagram, "operations": [{"op": "add", "element": shape(i)} for i in ids]}]})
                    assert reply.status_code == 200, reply.text
                    pushed.extend(ids)
            finally:
                client.close()

        threads = [threading.Thread(target=pusher, args=(n,)) for n in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        seen: list[str] = []
        cursor = None
        while True:
            params: dict[str, Any] = {"limit": 5, **({"cursor": cursor} if cursor else {})}
            data = balancer.request("GET", "/v1/sync/pull", params=params, headers=headers).json()
            seen.extend(c["op"]["element"]["id"] for c in data["changes"] if c["kind"] == "op")
            cursor = data["cursor"]
            if not data["more"]:
                break
        assert sorted(seen) == sorted(pushed) and len(seen) == 24
    finally:
        balancer.close()


def _fresh_window() -> None:
    """The limits count per clock minute: start a burst well inside one."""
    into = time.time() % 60
    if into > 55:
        time.sleep(60.5 - into)


@pytest.fixture(params=["two instances sharing Redis", "embedded, in memory"])
def limited(request: pytest.FixtureRequest) -> Iterator[RoundRobin]:
    servers = list(request.getfixturevalue("pair")) if request.param.startswith("two") else [
        request.getfixturevalue("limited_embedded")]
    balancer = RoundRobin(servers)
    try:
        yield balancer
    finally:
        balancer.close()


def test_per_user_limit_is_one_budget(limited: RoundRobin) -> None:
    _, headers = _account(limited)
    _fresh_window()
    statuses = [limited.request("GET", "/v1/diagrams", headers=headers).status_code for _ in range(31)]
    assert statuses[:30] == [200] * 30 and statuses[30] == 429
    refused = limited.request("GET", "/v1/account", headers=headers)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    assert "slow down" in refused.json()["detail"]


def test_per_address_limit_is_one_budget(limited: RoundRobin) -> None:
    ip = next_address()
    _fresh_window()
    statuses = [limited.request("GET", "/v1/diagrams", headers={"X-Forwarded-For": ip}).status_code for _ in range(61)]
    assert statuses[:60] == [401] * 60 and statuses[60] == 429
    assert limited.request("GET", "/health", headers={"X-Forwarded-For": ip}).status_code == 200


def test_ai_requests_have_their_own_limit(limited: RoundRobin) -> None:
    _, headers = _account(limited)
    _fresh_window()
    body = {"model": "m", "messages": [{"role": "user", "content": "hello"}]}
    statuses = [limited.request("POST", "/v1/ai/chat/completions", json=body, headers=headers).status_code
                for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
