"""Signing in, refreshing and signing out against the real server; where the refresh token is kept."""

from __future__ import annotations

import io
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from autograph_desktop.store import Library
from autograph_desktop.sync.account import Account
from autograph_desktop.sync.errors import Offline, Refused, SignInRequired
from autograph_desktop.sync.tokens import FileTokens, default_token_store, keyring_available
from tests.support.server_support import ServerProcess, free_port
from tests.support.sync_clients import FAST, PASSWORD, make_client, new_email, sample

_open: list[Account] = []


def account_at(folder: Path) -> Account:
    account = Account(folder, FileTokens(folder / "sync-token"), timeout=FAST)
    _open.append(account)
    return account


@pytest.fixture(autouse=True)
def _close_accounts() -> Iterator[None]:
    yield
    while _open:
        _open.pop().close()


def test_register_then_sign_in_elsewhere_refresh_and_sign_out(tmp_path: Path,
                                                             embedded_sync_server: ServerProcess) -> None:
    email = new_email()
    first = account_at(tmp_path / "one")
    identity = first.sign_in(embedded_sync_server.url + "/", email.upper(), PASSWORD, register=True)
    assert (identity.server, identity.email, first.state) == (embedded_sync_server.url, email, "signed_in")
    token_file = tmp_path / "one" / "sync-token"
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    stored = token_file.read_text()
    assert PASSWORD not in stored and "access" not in stored

    # A new process (a restart) finds the identity and refreshes its way to an access token.
    again = account_at(tmp_path / "one")
    assert again.state == "signed_in" and again.identity == identity
    assert again.account_info()["email"] == email
    assert token_file.read_text() != stored  # the refresh token rotated and the new one was stored first

    again.sign_out()
    assert again.state == "signed_out" and not token_file.read_text().strip()
    assert account_at(tmp_path / "one").state == "signed_out"
    first.close()
    again.close()


def test_wrong_password_short_password_and_a_dead_server_are_told_apart(
        tmp_path: Path, embedded_sync_server: ServerProcess) -> None:
    email = new_email()
    account = account_at(tmp_path)
    account.sign_in(embedded_sync_server.url, email, PASSWORD, register=True)
    with pytest.raises(SignInRequired, match="sign-in failed"):
        account_at(tmp_path / "other").sign_in(embedded_sync_server.url, email, "not the password at all")
    with pytest.raises(ValueError):  # the wire schema refuses a short password before sending it
        account_at(tmp_path / "other").sign_in(embedded_sync_server.url, new_email(), "short", register=True)
    with pytest.raises(Refused):
        account_at(tmp_path / "other").sign_in(embedded_sync_server.url, email, PASSWORD, register=True)
    with pytest.raises(Offline):
        account_at(tmp_path / "other").sign_in(f"http://127.0.0.1:{free_port()}", email, PASSWORD)
    with pytest.raises(ValueError, match="http"):
        account_at(tmp_path / "other").sign_in("ftp://example.com", email, PASSWORD)
    account.close()


def test_a_session_ended_elsewhere_asks_to_sign_in_again_and_keeps_local_work(
        tmp_path: Path, embedded_sync_server: ServerProcess) -> None:
    email = new_email()
    client = make_client(tmp_path, "a", embedded_sync_server.url, email, register=True)
    other = make_client(tmp_path, "b", embedded_sync_server.url, email)
    did = client.library.diagrams.create(sample("Mine"))
    other.account.sign_out(everywhere=True)  # ends every session of the account, ours included
    with pytest.raises(SignInRequired):
        client.engine.sync()
    assert client.account.state == "sign_in_again" and client.account.identity is not None
    assert client.library.diagrams.get(did).title == "Mine" and client.library.outbox.pending_count() == 2
    client.account.sign_in(embedded_sync_server.url, email, PASSWORD)
    client.engine.sync()
    assert client.library.outbox.pending_count() == 0
    client.close()
    other.close()


def test_without_a_keyring_the_token_goes_to_a_private_file_and_says_so_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.backends import fail

    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
    assert not keyring_available()
    err = io.StringIO()
    store = default_token_store(tmp_path / "cfg", err)
    default_token_store(tmp_path / "cfg", err)
    assert store.kind == "file" and err.getvalue().count("no OS keyring") == 1
    store.save("https://a.example", "tok-a")
    store.save("https://b.example", "tok-b")
    store.clear("https://a.example")
    assert (store.load("https://a.example"), store.load("https://b.example")) == (None, "tok-b")
    assert stat.S_IMODE((tmp_path / "cfg" / "sync-token").stat().st_mode) == 0o600


def test_a_damaged_token_file_or_identity_file_means_signed_out(tmp_path: Path) -> None:
    (tmp_path / "sync-token").write_bytes(b"\xff\xfe garbage without tabs")
    (tmp_path / "sync-account.json").write_text("{not json")
    account = account_at(tmp_path)
    assert account.state == "signed_out" and account.identity is None
    with Library.open(tmp_path / "lib.sqlite3") as library:
        assert library.outbox.pending_count() == 0
