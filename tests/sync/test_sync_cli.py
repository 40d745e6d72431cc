"""`autograph sync login/now/status/logout` in real processes against the embedded server."""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from autograph_desktop.store import Library
from tests.support.server_support import ServerProcess, free_port
from tests.support.sync_clients import PASSWORD, new_email, sample


def cli(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AUTOGRAPH_HOME": str(home), "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    return subprocess.run([sys.executable, "-m", "autograph_desktop", *args], input=stdin, env=env,
                          capture_output=True, text=True, timeout=120)


def test_login_sync_status_logout_between_two_homes(tmp_path: Path, embedded_sync_server: ServerProcess) -> None:
    email, url = new_email(), embedded_sync_server.url
    one, two = tmp_path / "one", tmp_path / "two"
    status = cli(one, "sync", "status", "--json")
    assert status.returncode == 0 and json.loads(status.stdout)["signed_in"] is False
    assert cli(one, "sync", "now").returncode == 3  # not signed in

    login = cli(one, "sync", "login", "--server", url, "--email", email, "--register", stdin=PASSWORD + "\n")
    assert login.returncode == 0 and f"signed in to {url} as {email}" in login.stdout
    assert "no OS keyring" in login.stderr  # said once, with where the token went
    token = one / "config" / "sync-token"
    assert stat.S_IMODE(token.stat().st_mode) == 0o600
    assert PASSWORD not in token.read_text()
    for log in (one / "logs").rglob("*"):
        if log.is_file():
            text = log.read_text(errors="replace")
            assert PASSWORD not in text and token.read_text().split("\t")[1].strip() not in text

    with Library.open(one / "data" / "library.sqlite3") as library:
        did = library.diagrams.create(sample("From the CLI"))
    now = cli(one, "sync", "now")
    assert now.returncode == 0 and now.stdout.startswith("synced"), now.stderr
    info = json.loads(cli(one, "sync", "status", "--json").stdout)
    assert info["pending_operations"] == 0 and info["email"] == email and info["last_synced"]
    assert info["token_storage"] == "file"

    assert cli(two, "sync", "login", "--server", url, "--email", email, stdin=PASSWORD + "\n").returncode == 0
    assert cli(two, "sync", "now").returncode == 0
    listed = json.loads(cli(two, "library", "list", "--json").stdout)
    assert [d["title"] for d in listed if d["id"] == did] == ["From the CLI"]

    out = cli(one, "sync", "logout")
    assert out.returncode == 0 and "signed out" in out.stdout
    assert json.loads(cli(one, "sync", "status", "--json").stdout)["signed_in"] is False
    with Library.open(one / "data" / "library.sqlite3") as library:
        assert library.diagrams.exists(did)  # signing out keeps the local library


def test_bad_passwords_bad_urls_and_a_dead_server_exit_with_clear_codes(
        tmp_path: Path, embedded_sync_server: ServerProcess, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The same command in-process (quicker), with the password on a piped standard input."""
    from autograph_desktop.cli import main

    monkeypatch.setenv("AUTOGRAPH_HOME", str(tmp_path / "h"))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    email, url = new_email(), embedded_sync_server.url

    def login(server: str, who: str, password: str, *extra: str) -> tuple[int, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
        code = main(["sync", "login", "--server", server, "--email", who, *extra])
        return code, capsys.readouterr().err

    assert login(url, email, PASSWORD, "--register")[0] == 0
    code, err = login(url, email, "wrong password here")
    assert code == 3 and "sign-in failed" in err
    code, err = login(url, new_email(), "short", "--register")
    assert code == 2 and "password" in err
    assert login("not a url", email, PASSWORD)[0] == 2
    assert login(url, email, "x" * 100_000)[0] == 2
    assert login(url, "not-an-email", PASSWORD)[0] == 2
    code, err = login(f"http://127.0.0.1:{free_port()}", email, PASSWORD)
    assert code == 1 and "could not be reached" in err
