"""`autograph ai` against a scripted chat-completions server: generate, refine, explain and failures."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from autograph_desktop.cli import main
from autograph_desktop.io import read_path as read_file
from tests.support.scripted_openai import Reply, ScriptedOpenAI

ROOT = Path(__file__).resolve().parents[2]
KEY = "sk-cli-SECRET-77"
GOOD = """```mermaid
flowchart LR
  web["Web app"] --> api["Orders API"]
  api --> db[("Orders DB (PostgreSQL)")]
```"""


@pytest.fixture(scope="module")
def server() -> Iterator[ScriptedOpenAI]:
    with ScriptedOpenAI() as s:
        yield s


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, server: ScriptedOpenAI) -> Path:
    server.reset()
    monkeypatch.setenv("AUTOGRAPH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("AUTOGRAPH_AI_API_KEY", KEY)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    import keyring
    from keyring.backends.fail import Keyring as FailKeyring

    keyring.set_keyring(FailKeyring())  # the user's real keyring is never touched
    return tmp_path


def usage_rows(home: Path) -> list[tuple[str, ...]]:
    with sqlite3.connect(home / "home" / "data" / "library.sqlite3") as conn:
        return conn.execute("SELECT provider, model, outcome FROM ai_usage ORDER BY id").fetchall()


def test_generate_writes_any_export_format_in_a_real_process(home: Path, server: ScriptedOpenAI) -> None:
    server.queue(Reply(GOOD))
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHONPATH"] = str(ROOT)
    out = home / "shop.svg"
    proc = subprocess.run([sys.executable, "-m", "autograph_desktop", "ai", "a web shop", "-o", str(out),
                           "--base-url", server.url, "--model", "gpt-4o-mini"], env=env, capture_output=True,
                          text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "flowchart, 3 nodes, 2 edges" in proc.stderr
    svg = out.read_text()
    assert svg.startswith("<?xml") and "Orders API" in svg
    assert KEY not in proc.stdout + proc.stderr
    assert server.chat_requests()[0].headers["authorization"] == f"Bearer {KEY}"
    assert usage_rows(home) == [("command line", "gpt-4o-mini", "ok")]
    assert KEY.encode() not in (home / "home" / "data" / "library.sqlite3").read_bytes()


def test_generate_then_refine_keeps_the_layout(home: Path, server: ScriptedOpenAI,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    first = home / "shop.autograph"
    server.queue(Reply(GOOD))
    assert main(["ai", "a web shop", "-o", str(first), "--base-url", server.url, "--model", "m"]) == 0
    before = {e.get("mermaid_id"): (e.x, e.y) for e in read_file(str(first)).diagrams[0] if e.get("mermaid_id")}
    server.queue(Reply('```mermaid\nflowchart LR\n  web["Web app"] --> api["Orders API"]\n'
                       '  api --> db[("Orders DB (PostgreSQL)")]\n  api --> cache[("Cache (Redis)")]\n```'))
    second = home / "shop-v2.autograph"
    assert main(["ai", "add a caching layer", "--refine", str(first), "-o", str(second), "--base-url", server.url,
                 "--model", "m"]) == 0
    assert "1 added, 0 removed" in capsys.readouterr().err
    after = {e.get("mermaid_id"): (e.x, e.y) for e in read_file(str(second)).diagrams[0] if e.get("mermaid_id")}
    assert {k: after[k] for k in ("web", "api", "db")} == {k: before[k] for k in ("web", "api", "db")}
    assert "cache" in after
    sent = server.chat_requests()[1].messages[1]["content"]
    assert "add a caching layer" in sent and 'api["Orders API"]' in sent


def test_a_configured_provider_is_used_by_name(home: Path, server: ScriptedOpenAI) -> None:
    config = home / "home" / "config"
    config.mkdir(parents=True)
    (config / "ai_providers.json").write_text(json.dumps({"providers": [
        {"name": "Gateway", "kind": "custom", "base_url": server.url, "model": "gw-model"},
        {"name": "Local", "kind": "ollama", "base_url": "http://127.0.0.1:9/v1", "model": "llama3.1"}]}))
    server.queue(Reply(GOOD))
    assert main(["ai", "shop", "-o", str(home / "x.mmd"), "--provider", "gateway"]) == 0
    text = (home / "x.mmd").read_text()
    assert "flowchart LR" in text and 'db[("Orders DB (PostgreSQL)")]' in text
    assert "title: \"shop\"" in text and "diagrams." not in text and "si.postgresql" not in text  # no badge nodes
    assert server.chat_requests()[0].body["model"] == "gw-model"
    assert main(["ai", "shop", "-o", str(home / "y.mmd"), "--provider", "nope"]) == 2


def test_explain_prints_prose(home: Path, server: ScriptedOpenAI, capsys: pytest.CaptureFixture[str]) -> None:
    source = home / "d.mmd"
    source.write_text("flowchart LR\n  a[Web] --> b[API]\n")
    server.queue(Reply("The web app calls the API."))
    assert main(["ai", "--explain", str(source), "--base-url", server.url, "--model", "m"]) == 0
    assert capsys.readouterr().out.strip() == "The web app calls the API."


@pytest.mark.parametrize(("reply", "code", "words"), [
    (Reply(status=401, body={"error": {"message": "Invalid API key"}}), 2, "refused the credentials"),
    (Reply(status=503), 1, "server error (HTTP 503)"),
    (Reply("Sorry, I cannot do that."), 1, "did not parse after 3 tries"),
])
def test_failures_are_clear_and_never_show_the_key(home: Path, server: ScriptedOpenAI,
                                                   capsys: pytest.CaptureFixture[str], reply: Reply, code: int,
                                                   words: str) -> None:
    server.queue(reply, reply, reply)
    out = home / "never.svg"
    assert main(["ai", "shop", "-o", str(out), "--base-url", server.url, "--model", "m"]) == code
    captured = capsys.readouterr()
    assert words in captured.err and KEY not in captured.err + captured.out
    assert not out.exists()


def test_bad_arguments(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ai", "shop"]) == 2
    assert "-o/--output is required" in capsys.readouterr().err
    assert main(["ai", "shop", "-o", str(home / "a.svg")]) == 2
    assert "no AI provider is set up" in capsys.readouterr().err
    assert main(["ai", "shop", "-o", str(home / "a.xyz"), "--base-url", "http://127.0.0.1:9/v1", "--model", "m"]) != 0
