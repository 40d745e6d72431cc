"""A small HTTP client for the server tests: accounts with their own address, push and pull helpers."""

from __future__ import annotations

import itertools
import uuid
from typing import Any

import httpx

from tests.support.server_support import ServerProcess

_ADDRESSES = itertools.count(1)
PASSWORD = "correct horse battery"


def next_address() -> str:
    """A distinct documentation-range client address per account (sent as X-Forwarded-For, which the
    server trusts from loopback as it would from its load balancer), so sign-in throttling per address
    stays per test."""
    n = next(_ADDRESSES)
    return f"198.51.{n // 250}.{n % 250 + 1}"


def shape(element_id: str, **fields: Any) -> dict[str, Any]:
    return {"id": element_id, "kind": "shape", "z": "a0", "w": 100, "h": 60, **fields}


class User:
    def __init__(self, api: Api, email: str, password: str, session: dict[str, Any], ip: str) -> None:
        self.api = api
        self.email = email
        self.password = password
        self.session = session
        self.ip = ip
        self.id: str = session["account"]["id"]
        self.client_seq = 0

    @property
    def token(self) -> str:
        return str(self.session["access_token"])

    def headers(self, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", "X-Forwarded-For": self.ip, **extra}

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {**self.headers(), **kwargs.pop("headers", {})}
        return self.api.http.request(method, path, headers=headers, **kwargs)

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", path, **kwargs)

    def push(self, diagram_id: str, operations: list[dict[str, Any]], *, client_id: str = "desk-1",
             client_seq: int | None = None, create: dict[str, Any] | None = None) -> httpx.Response:
        if client_seq is None:
            self.client_seq += 1
            client_seq = self.client_seq
        entry: dict[str, Any] = {"diagram_id": diagram_id, "operations": operations}
        if create is not None:
            entry["create"] = {"meta": create}
        return self.post("/v1/sync/push", json={"client_id": client_id, "client_seq": client_seq, "diagrams": [entry]})

    def pull_all(self, cursor: str | None = None, limit: int = 500) -> tuple[list[dict[str, Any]], str | None]:
        changes: list[dict[str, Any]] = []
        while True:
            params: dict[str, Any] = {"limit": limit}
            if cursor:
                params["cursor"] = cursor
            reply = self.get("/v1/sync/pull", params=params)
            assert reply.status_code == 200, reply.text
            data = reply.json()
            changes.extend(data["changes"])
            cursor = data["cursor"]
            if not data["more"]:
                return changes, cursor

    def new_diagram(self, title: str = "Diagram") -> str:
        diagram_id = f"d-{uuid.uuid4().hex[:12]}"
        reply = self.request("PUT", f"/v1/diagrams/{diagram_id}", json={"meta": {"title": title}})
        assert reply.status_code == 201, reply.text
        return diagram_id


class Api:
    def __init__(self, server: ServerProcess) -> None:
        self.server = server
        self.http = httpx.Client(base_url=server.url, timeout=30)

    def register(self, prefix: str = "user", password: str = PASSWORD) -> User:
        email = f"{prefix}-{uuid.uuid4().hex[:10]}@example.test"
        ip = next_address()
        reply = self.http.post("/v1/auth/register", json={"email": email, "password": password},
                               headers={"X-Forwarded-For": ip})
        assert reply.status_code == 201, reply.text
        return User(self, email, password, reply.json(), ip)

    def close(self) -> None:
        self.http.close()
