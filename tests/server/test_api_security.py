"""Authorisation on every route, on both backends: no token, an expired one, one signed with another key,
`alg: none`, and another user's token. Plus hostile bodies, CORS and what the logs never contain."""

from __future__ import annotations

import base64
import hashlib
import json
import time
import uuid
from pathlib import Path
from typing import Any

import jwt
import pytest
from api_client import Api, User, shape
from conftest import BACKUP_KEY, PRIMARY_KEY

from tests.support.server_support import ServerProcess

SHA = hashlib.sha256(b"alice's picture").hexdigest()

#: Every authenticated route: (method, path with {d} for a diagram and {s} for a blob, json body).
ROUTES: list[tuple[str, str, Any]] = [
    ("GET", "/v1/account", None),
    ("POST", "/v1/account/delete", {"password": "whatever-long"}),
    ("POST", "/v1/auth/logout", {}),
    ("POST", "/v1/auth/password", {"old_password": "x" * 10, "new_password": "y" * 10}),
    ("GET", "/v1/diagrams", None),
    ("PUT", "/v1/diagrams/{d}", {"meta": {}}),
    ("GET", "/v1/diagrams/{d}", None),
    ("PATCH", "/v1/diagrams/{d}", {"expected_version": 1, "meta": {"title": "mine now"}}),
    ("DELETE", "/v1/diagrams/{d}", None),
    ("GET", "/v1/diagrams/{d}/state", None),
    ("GET", "/v1/diagrams/{d}/overwritten", None),
    ("GET", "/v1/diagrams/{d}/versions", None),
    ("POST", "/v1/diagrams/{d}/versions", {"label": "x"}),
    ("GET", "/v1/diagrams/{d}/shares", None),
    ("POST", "/v1/diagrams/{d}/shares", {"email": "someone@example.test", "role": "write"}),
    ("DELETE", "/v1/diagrams/{d}/shares/00000000-0000-0000-0000-000000000000", None),
    ("POST", "/v1/sync/push", {"client_id": "c", "client_seq": 1, "diagrams": [
        {"diagram_id": "{d}", "operations": [{"op": "update", "id": "a", "before": {"x": 0}, "after": {"x": 1}}]}]}),
    ("GET", "/v1/sync/pull", None),
    ("PUT", "/v1/blobs/{s}", b"alice's picture"),
    ("GET", "/v1/blobs/{s}", None),
    ("POST", "/v1/ai/chat/completions", {"model": "m", "messages": [{"role": "user", "content": "hi"}]}),
    ("GET", "/v1/ai/usage", None),
]


def jwt_secret(server: ServerProcess) -> str:
    if server.data_dir is not None:
        return (Path(server.data_dir) / "jwt-secret").read_text().strip()
    return server.settings["JWT_SECRET"]


def _fill(value: Any, diagram: str) -> Any:
    if isinstance(value, str):
        return value.replace("{d}", diagram).replace("{s}", SHA)
    if isinstance(value, dict):
        return {k: _fill(v, diagram) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, diagram) for v in value]
    return value


def call(api: Api, method: str, path: str, body: Any, diagram: str, headers: dict[str, str]) -> Any:
    url = _fill(path, diagram)
    if isinstance(body, bytes):
        return api.http.request(method, url, content=body, headers={**headers, "Content-Type": "image/png"})
    return api.http.request(method, url, json=_fill(body, diagram) if body is not None else None, headers=headers)


def bad_tokens(server: ServerProcess, user: User) -> dict[str, str]:
    now = int(time.time())
    claims = {"sub": user.id, "sid": str(uuid.uuid4()), "aud": "autograph-desktop", "iss": "autograph-server",
              "iat": now - 7200, "exp": now - 3600, "typ": "access"}
    secret = jwt_secret(server)
    real = jwt.decode(user.token, options={"verify_signature": False})
    header = base64.urlsafe_b64encode(json.dumps({"alg": "none", "typ": "JWT"}).encode()).rstrip(b"=").decode()
    payload = base64.urlsafe_b64encode(json.dumps(real).encode()).rstrip(b"=").decode()
    return {
        "expired": jwt.encode(claims, secret, algorithm="HS256"),
        "other key": jwt.encode({**real}, "another-secret-" + "k" * 40, algorithm="HS256"),
        "alg none": f"{header}.{payload}.",
        "wrong audience": jwt.encode({**real, "aud": "someone-else"}, secret, algorithm="HS256"),
        "garbage": "not-a-jwt",
    }


@pytest.fixture
def alice_world(api: Api) -> tuple[User, User, str]:
    """Alice with a diagram that references her uploaded blob, and Bob, a stranger to it."""
    alice, bob = api.register("alice"), api.register("bob")
    diagram = alice.new_diagram("Alice's")
    image = {"id": "img", "kind": "image", "z": "a0", "sha256": SHA}
    assert alice.request("PUT", f"/v1/blobs/{SHA}", content=b"alice's picture",
                         headers={"Content-Type": "image/png"}).status_code == 201
    assert alice.push(diagram, [{"op": "add", "element": image}, {"op": "add", "element": shape("a")}]).status_code == 200
    return alice, bob, diagram


def test_every_route_refuses_missing_and_bad_tokens(api: Api, alice_world: tuple[User, User, str]) -> None:
    alice, _, diagram = alice_world
    tokens = bad_tokens(api.server, alice)
    for method, path, body in ROUTES:
        reply = call(api, method, path, body, diagram, {"X-Forwarded-For": alice.ip})
        assert reply.status_code == 401, (method, path, reply.text)
        assert reply.headers["WWW-Authenticate"] == "Bearer"
        for name, token in tokens.items():
            reply = call(api, method, path, body, diagram, {"Authorization": f"Bearer {token}",
                                                             "X-Forwarded-For": alice.ip})
            assert reply.status_code == 401, (name, method, path, reply.text)
            assert "Traceback" not in reply.text
    # Nothing happened to Alice's data.
    assert alice.get(f"/v1/diagrams/{diagram}").json()["version"] == 1


def test_another_users_token_never_reaches_alices_data(api: Api, alice_world: tuple[User, User, str]) -> None:
    alice, bob, diagram = alice_world
    before = alice.get(f"/v1/diagrams/{diagram}/state").json()
    for method, path, body in ROUTES:
        if "{d}" not in path and "{s}" not in json.dumps(body, default=str) and "{s}" not in path:
            continue
        if method == "PUT" and "/v1/blobs/" in path:
            continue  # uploading the same bytes proves possession; covered in the blob tests
        reply = call(api, method, path, body, diagram, bob.headers())
        assert reply.status_code in (404, 409), (method, path, reply.status_code, reply.text)
        assert "Alice" not in reply.text and SHA not in reply.text.replace(f"/v1/blobs/{SHA}", "")
    # Listing routes show Bob only his own world.
    assert bob.get("/v1/diagrams").json() == []
    changes, _ = bob.pull_all()
    assert changes == []
    assert bob.get("/v1/ai/usage").json()["requests"] == 0
    assert bob.get("/v1/account").json()["email"] == bob.email
    assert alice.get(f"/v1/diagrams/{diagram}/state").json() == before


def test_shared_users_read_or_write_as_their_role(api: Api, alice_world: tuple[User, User, str]) -> None:
    alice, bob, diagram = alice_world
    carol = api.register("carol")
    assert alice.post(f"/v1/diagrams/{diagram}/shares", json={"email": bob.email, "role": "read"}).status_code == 201
    assert alice.post(f"/v1/diagrams/{diagram}/shares", json={"email": carol.email, "role": "write"}).status_code == 201
    # Read: the diagram, its changes and its blob; no writes.
    assert bob.get(f"/v1/diagrams/{diagram}").json()["role"] == "read"
    changes, _ = bob.pull_all()
    assert {c["diagram_id"] for c in changes} == {diagram} and len(changes) == 3
    assert bob.get(f"/v1/blobs/{SHA}").content == b"alice's picture"
    refused = bob.push(diagram, [{"op": "update", "id": "a", "before": {"x": 0}, "after": {"x": 1}}])
    assert refused.status_code == 403
    assert bob.request("PATCH", f"/v1/diagrams/{diagram}", json={"expected_version": 1, "meta": {"title": "b"}}).status_code == 403
    assert bob.request("DELETE", f"/v1/diagrams/{diagram}").status_code == 403
    assert bob.get(f"/v1/diagrams/{diagram}/shares").status_code == 403
    # Write: pushes land in Alice's order, and Alice pulls them; sharing and deleting stay the owner's.
    pushed = carol.push(diagram, [{"op": "update", "id": "a", "before": {"x": 0}, "after": {"x": 7}}])
    assert pushed.status_code == 200 and pushed.json()["applied"] == 1
    alice_changes, _ = alice.pull_all()
    assert alice_changes[-1]["author_id"] == carol.id and alice_changes[-1]["op"]["after"] == {"x": 7}
    assert carol.post(f"/v1/diagrams/{diagram}/shares", json={"email": carol.email, "role": "write"}).status_code == 403
    assert carol.request("DELETE", f"/v1/diagrams/{diagram}").status_code == 403
    # Ending the share ends the access.
    assert alice.request("DELETE", f"/v1/diagrams/{diagram}/shares/{bob.id}").status_code == 204
    assert bob.get(f"/v1/diagrams/{diagram}").status_code == 404
    assert bob.get(f"/v1/blobs/{SHA}").status_code == 404
    assert bob.pull_all()[0] == []


def test_a_share_granted_late_delivers_the_whole_history(api: Api) -> None:
    alice, bob = api.register(), api.register()
    first, second = alice.new_diagram("one"), alice.new_diagram("two")
    alice.post(f"/v1/diagrams/{first}/shares", json={"email": bob.email, "role": "read"})
    alice.push(second, [{"op": "add", "element": shape("early")}])
    alice.push(first, [{"op": "add", "element": shape("later")}])
    changes, cursor = bob.pull_all()
    assert [c["op"]["element"]["id"] for c in changes if c["kind"] == "op"] == ["later"]
    alice.post(f"/v1/diagrams/{second}/shares", json={"email": bob.email, "role": "read"})
    changes, _ = bob.pull_all(cursor)
    assert [c["diagram_id"] for c in changes] == [second, second]
    assert changes[1]["op"]["element"]["id"] == "early"


def test_malformed_hostile_and_huge_bodies_get_clear_errors(api: Api) -> None:
    alice = api.register()
    diagram = alice.new_diagram()
    cases: list[Any] = [
        {"client_id": "c", "client_seq": 1, "diagrams": [{"diagram_id": diagram, "operations": [{"op": "explode"}]}]},
        {"client_id": "c", "client_seq": 1, "diagrams": [{"diagram_id": diagram, "operations": [
            {"op": "add", "element": {"id": "x", "kind": "shape", "x": "NaN"}}]}]},
        {"client_id": "c", "client_seq": 1, "diagrams": [{"diagram_id": diagram, "operations": [
            {"op": "update", "id": "x", "before": {"x": 1}, "after": {"y": 2}}]}]},
        {"client_id": "../../etc", "client_seq": 1, "diagrams": []},
        {"client_id": "c", "client_seq": -5, "diagrams": [{"diagram_id": diagram, "operations": []}]},
        {"client_id": "c", "client_seq": 1, "diagrams": [{"diagram_id": diagram, "operations": [], "extra": 1}]},
    ]
    for body in cases:
        reply = alice.post("/v1/sync/push", json=body)
        assert reply.status_code == 422, reply.text
        data = reply.json()
        assert data["detail"].startswith("invalid request:") and data["errors"] and data["correlation_id"]
    nested: Any = {"op": "add", "element": shape("deep")}
    for _ in range(40):
        nested = {"op": "transaction", "operations": [nested]}
    deep = alice.post("/v1/sync/push", json={"client_id": "c", "client_seq": 1,
                                             "diagrams": [{"diagram_id": diagram, "operations": [nested]}]})
    assert deep.status_code == 422
    not_json = alice.post("/v1/sync/push", content=b"{not json", headers={"Content-Type": "application/json"})
    assert not_json.status_code == 422 and "Traceback" not in not_json.text
    huge = alice.post("/v1/sync/push", content=b"x" * (3 * 1024 * 1024), headers={"Content-Type": "application/json"})
    assert huge.status_code == 413 and "larger than" in huge.json()["detail"]

    def chunked() -> Any:
        for _ in range(40):
            yield b" " * 65536

    streamed = alice.post("/v1/sync/push", content=chunked(), headers={"Content-Type": "application/json"})
    assert streamed.status_code == 413
    bad_cursor = alice.get("/v1/sync/pull", params={"cursor": "definitely-not-a-cursor"})
    assert bad_cursor.status_code == 400 and "cursor" in bad_cursor.json()["detail"]


def test_correlation_id_is_taken_or_made_and_returned(api: Api) -> None:
    alice = api.register()
    mine = alice.get("/v1/account", headers={"X-Correlation-ID": "trace-42"})
    assert mine.headers["X-Correlation-ID"] == "trace-42"
    made = alice.get("/v1/account")
    assert len(made.headers["X-Correlation-ID"]) == 32
    forged = 'x", "level": "CRITICAL' + "y" * 200
    hostile = alice.get("/v1/account", headers={"X-Correlation-ID": forged})
    assert hostile.status_code == 200 and len(hostile.headers["X-Correlation-ID"]) == 32
    failed = alice.get("/v1/diagrams/nope", headers={"X-Correlation-ID": "trace-43"})
    assert failed.json()["correlation_id"] == "trace-43"
    records = [r for r in api.server.log_records() if r.get("correlation_id") == "trace-42"]
    assert records and records[0]["path"] == "/v1/account" and records[0]["user_id"] == alice.id


def test_cors_is_closed_by_default(api: Api) -> None:
    reply = api.http.options("/v1/diagrams", headers={"Origin": "https://evil.example",
                                                      "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in reply.headers


def test_logs_never_hold_passwords_tokens_or_upstream_keys(api: Api, alice_world: tuple[User, User, str]) -> None:
    alice, _, _ = alice_world
    api.http.post("/v1/auth/login", json={"email": alice.email, "password": "wrong password!"},
                  headers={"X-Forwarded-For": alice.ip})
    alice.post("/v1/auth/refresh", json={"refresh_token": alice.session["refresh_token"]})
    alice.post("/v1/ai/chat/completions", json={"model": "m", "messages": [
        {"role": "user", "content": "primary=500 backup=500"}]})
    alice.post("/v1/auth/password", json={"old_password": "not it at all", "new_password": "brand new password"})
    text = api.server.log()
    assert "request" in text
    for secret in (alice.password, "wrong password!", "brand new password", alice.token,
                   alice.session["refresh_token"].split(".")[1], PRIMARY_KEY, BACKUP_KEY):
        assert secret not in text
