"""Logging is wired at start: a CLI run writes JSON lines under AUTOGRAPH_HOME, never a secret, and rotates."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from autograph_desktop import logs
from autograph_desktop.cli import main

SECRET_KEY = "sk-test-abcdefghijklmnopqrstuvwxyz0123"
SECRET_WORD = "hunter2-correct-horse"


def log_lines(home: Path) -> list[dict[str, object]]:
    path = home / "logs" / logs.LOG_FILE
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def everything_logged(home: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in (home / "logs").iterdir())


def run_cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AUTOGRAPH_HOME": str(home), "OPENAI_API_KEY": SECRET_KEY}
    return subprocess.run([sys.executable, "-m", "autograph_desktop", *args], env=env, capture_output=True,
                          text=True, timeout=120, check=False)


def test_each_cli_run_writes_json_lines_with_its_own_correlation_id(autograph_home: Path) -> None:
    assert main(["library", "list", "--json"]) == 0
    assert main(["library", "search", "anything"]) == 0
    logs.stop_logging()
    starts = [line for line in log_lines(autograph_home) if line["message"] == "start"]
    assert [json.loads(str(line["argv"]))[:2] for line in starts] == [["library", "list"], ["library", "search"]]
    ids = [str(line["correlation_id"]) for line in starts]
    assert len(set(ids)) == 2 and all(len(i) == 32 for i in ids)
    assert all(line["level"] == "INFO" and line["logger"] == "autograph_desktop.run" for line in starts)


def test_secrets_never_reach_the_log(tmp_path: Path) -> None:
    home = tmp_path / "home"
    done = run_cli(home, "inspect", "--api-key", SECRET_KEY, f"--password={SECRET_WORD}", "missing.mmd")
    assert done.returncode == 2  # a real process: the verb refuses the flags, the run is logged all the same
    assert "--api-key" in everything_logged(home)
    logs.start(["library", "--token", SECRET_WORD], environ={"AUTOGRAPH_HOME": str(home)})
    log = logging.getLogger("autograph_desktop.ai")
    log.warning("calling https://api.example/v1?api_key=%s with Authorization: Bearer %s", SECRET_KEY, SECRET_WORD,
                extra={"api_key": SECRET_KEY, "request": {"headers": {"Authorization": f"Bearer {SECRET_WORD}"}}})
    try:
        raise RuntimeError(f"provider said: invalid token={SECRET_WORD}")
    except RuntimeError:
        log.exception("request failed")
    logs.stop_logging()
    text = everything_logged(home)
    assert "request failed" in text and "api.example" in text and text.count(logs.REDACTED) >= 6
    assert SECRET_KEY not in text and SECRET_WORD not in text


def test_the_log_rotates_by_size_and_keeps_a_few_files(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {"AUTOGRAPH_HOME": str(home), "AUTOGRAPH_LOG_MAX_BYTES": "10000"}  # the smallest size allowed
    path = logs.start(["inspect", "x"], environ=env)
    assert path == home / "logs" / logs.LOG_FILE
    log = logging.getLogger("autograph_desktop.test")
    for i in range(600):
        log.info("line %d %s", i, "x" * 40)
    logs.stop_logging()
    files = sorted(p.name for p in (home / "logs").iterdir())
    assert files == [logs.LOG_FILE] + [f"{logs.LOG_FILE}.{n}" for n in range(1, logs.KEEP_FILES + 1)]
    assert all((home / "logs" / name).stat().st_size <= 10_000 for name in files)
    newest = log_lines(home)[-1]
    assert newest["message"] == f"line 599 {'x' * 40}"


def test_the_level_comes_from_the_settings_and_an_unwritable_folder_is_no_failure(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert logs.start(["inspect"], environ={"AUTOGRAPH_HOME": str(home), "AUTOGRAPH_LOG_LEVEL": "WARNING"})
    logging.getLogger("autograph_desktop.test").info("not at this level")
    logging.getLogger("autograph_desktop.test").warning("kept")
    logs.stop_logging()
    assert [line["message"] for line in log_lines(home)] == ["kept"]
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the home folder should be")
    assert logs.start(["inspect"], environ={"AUTOGRAPH_HOME": str(blocked)}) is None
