"""Accounts over HTTP, on both backends: sessions, refresh rotation and reuse, logout, password change,
deletion with all data, sign-in throttling, and the audit log behind them."""

from __future__ import annotations

import hashlib

from api_client import Api, next_address, shape


def events(api: Api, user_id: str) -> list[str]:
    rows = api.server.sql("SELECT event FROM audit_log WHERE user_id = :u ORDER BY id", u=user_id)
    return [r[0] for r in rows]


def test_register_login_and_account(api: Api) -> None:
    alice = api.register("alice")
    assert alice.session["expires_in"] == 3600 and alice.session["refresh_expires_in"] == 30 * 86400
    again = api.http.post("/v1/auth/register", json={"email": alice.email.upper(), "password": "another one!"})
    assert again.status_code == 409
    login = api.http.post("/v1/auth/login", json={"email": alice.email, "password": alice.password},
                          headers={"X-Forwarded-For": alice.ip})
    assert login.status_code == 200 and login.json()["account"]["id"] == alice.id
    assert alice.get("/v1/account").json()["email"] == alice.email
    stored = api.server.sql("SELECT password_hash FROM users WHERE id = :u", u=alice.id)[0][0]
    assert stored.startswith("$argon2id$") and alice.password not in stored
    assert events(api, alice.id) == ["register", "login"]
    short = api.http.post("/v1/auth/register", json={"email": "x@example.test", "password": "short"})
    assert short.status_code == 422 and "password" in short.json()["detail"]


def test_refresh_rotates_and_reuse_revokes_the_chain(api: Api) -> None:
    alice = api.register()
    first = alice.session["refresh_token"]
    rotated = api.http.post("/v1/auth/refresh", json={"refresh_token": first}).json()
    assert rotated["refresh_token"] != first
    newer = api.http.post("/v1/auth/refresh", json={"refresh_token": rotated["refresh_token"]}).json()
    # The first token comes back (stolen copy): refused, and the whole session ends with it.
    reuse = api.http.post("/v1/auth/refresh", json={"refresh_token": first})
    assert reuse.status_code == 401 and "already used" in reuse.json()["detail"]
    assert api.http.post("/v1/auth/refresh", json={"refresh_token": newer["refresh_token"]}).status_code == 401
    ended = api.http.get("/v1/account", headers={"Authorization": f"Bearer {newer['access_token']}"})
    assert ended.status_code == 401
    assert "refresh_reuse" in events(api, alice.id)
    forged = first.split(".")[0] + ".forged-secret"
    assert api.http.post("/v1/auth/refresh", json={"refresh_token": forged}).status_code == 401


def test_logout_this_session_or_all(api: Api) -> None:
    alice = api.register()
    other = api.http.post("/v1/auth/login", json={"email": alice.email, "password": alice.password},
                          headers={"X-Forwarded-For": alice.ip}).json()
    other_headers = {"Authorization": f"Bearer {other['access_token']}"}
    assert alice.post("/v1/auth/logout", json={}).status_code == 204
    assert alice.get("/v1/account").status_code == 401
    assert api.http.get("/v1/account", headers=other_headers).status_code == 200
    assert api.http.post("/v1/auth/refresh", json={"refresh_token": alice.session["refresh_token"]}).status_code == 401
    assert api.http.post("/v1/auth/logout", json={"everywhere": True}, headers=other_headers).status_code == 204
    assert api.http.get("/v1/account", headers=other_headers).status_code == 401
    assert events(api, alice.id)[-3:] == ["logout", "refresh_revoked", "logout_all"]


def test_change_password_ends_other_sessions(api: Api) -> None:
    alice = api.register()
    other = api.http.post("/v1/auth/login", json={"email": alice.email, "password": alice.password},
                          headers={"X-Forwarded-For": alice.ip}).json()
    wrong = alice.post("/v1/auth/password", json={"old_password": "not the password", "new_password": "n" * 12})
    assert wrong.status_code == 403
    assert alice.post("/v1/auth/password", json={"old_password": alice.password, "new_password": "n" * 12}).status_code == 204
    assert alice.get("/v1/account").status_code == 200
    assert api.http.get("/v1/account", headers={"Authorization": f"Bearer {other['access_token']}"}).status_code == 401
    old = api.http.post("/v1/auth/login", json={"email": alice.email, "password": alice.password},
                        headers={"X-Forwarded-For": next_address()})
    assert old.status_code == 401
    new = api.http.post("/v1/auth/login", json={"email": alice.email, "password": "n" * 12},
                        headers={"X-Forwarded-For": next_address()})
    assert new.status_code == 200
    assert "password_changed" in events(api, alice.id)


def test_login_throttling_per_account_and_per_address(api: Api) -> None:
    alice = api.register()
    attacker = next_address()
    for _ in range(5):
        reply = api.http.post("/v1/auth/login", json={"email": alice.email, "password": "guess guess"},
                              headers={"X-Forwarded-For": attacker})
        assert reply.status_code == 401 and reply.json()["detail"] == "wrong email or password"
    # The account now waits, even with the right password and from another address.
    locked = api.http.post("/v1/auth/login", json={"email": alice.email, "password": alice.password},
                           headers={"X-Forwarded-For": next_address()})
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 0
    # The attacker's address waits too, for any account.
    bob = api.register()
    blocked = api.http.post("/v1/auth/login", json={"email": bob.email, "password": bob.password},
                            headers={"X-Forwarded-For": attacker})
    assert blocked.status_code == 429
    ok = api.http.post("/v1/auth/login", json={"email": bob.email, "password": bob.password},
                       headers={"X-Forwarded-For": bob.ip})
    assert ok.status_code == 200
    unknown = api.http.post("/v1/auth/login", json={"email": "nobody@example.test", "password": "whatever!"},
                            headers={"X-Forwarded-For": next_address()})
    assert unknown.status_code == 401 and unknown.json()["detail"] == "wrong email or password"
    rows = api.server.sql("SELECT count(*) FROM audit_log WHERE event = 'login_throttled' AND email = :e", e=alice.email)
    assert rows[0][0] >= 1


def test_delete_account_removes_all_its_data(api: Api) -> None:
    alice, bob = api.register(), api.register()
    diagram = alice.new_diagram()
    data = b"only alice has this"
    sha = hashlib.sha256(data).hexdigest()
    alice.request("PUT", f"/v1/blobs/{sha}", content=data, headers={"Content-Type": "image/png"})
    alice.push(diagram, [{"op": "add", "element": {"id": "i", "kind": "image", "z": "a0", "sha256": sha}},
                         {"op": "add", "element": shape("s")}])
    alice.post(f"/v1/diagrams/{diagram}/shares", json={"email": bob.email, "role": "read"})
    assert bob.get(f"/v1/blobs/{sha}").status_code == 200
    assert alice.post("/v1/account/delete", json={"password": "not it"}).status_code == 403
    assert alice.post("/v1/account/delete", json={"password": alice.password}).status_code == 204
    assert alice.get("/v1/account").status_code == 401
    for table, column in (("users", "id"), ("diagrams", "owner_id"), ("changes", "owner_id"), ("sessions", "user_id"),
                          ("blob_holders", "user_id"), ("sequences", "user_id")):
        assert api.server.sql(f"SELECT count(*) FROM {table} WHERE {column} = :u", u=alice.id)[0][0] == 0, table
    assert api.server.sql("SELECT count(*) FROM elements WHERE diagram_id = :d", d=diagram)[0][0] == 0
    assert api.server.sql("SELECT count(*) FROM blobs WHERE sha256 = :s", s=sha)[0][0] == 0
    assert bob.get(f"/v1/blobs/{sha}").status_code == 404
    assert bob.get("/v1/diagrams").json() == []
    assert api.server.sql("SELECT count(*) FROM audit_log WHERE email = :e", e=alice.email)[0][0] == 0
    assert events(api, alice.id)[-1] == "account_deleted"
