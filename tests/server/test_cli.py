"""The `autograph-server` command: readable settings errors, a schema check that refuses an unmigrated
database, migrations applied by `migrate`, and the OpenAPI document."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.support.server_support import postgres_database


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("AUTOGRAPH_SERVER_")}
    return subprocess.run([sys.executable, "-m", "autograph_server", *args], env={**base, **(env or {})},
                          capture_output=True, text=True, timeout=120)


def test_bad_settings_are_named_one_by_one(tmp_path: Path) -> None:
    env_file = tmp_path / "bad.env"
    env_file.write_text("AUTOGRAPH_SERVER_DATABASE_URL=mysql://nope\nAUTOGRAPH_SERVER_RATE_USER_PER_MINUTE=0\n"
                        "AUTOGRAPH_SERVER_TYPO=1\n")
    result = run("check", "--env-file", str(env_file), env={"AUTOGRAPH_SERVER_JWT_SECRET": "short"})
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[0] == "autograph-server: invalid server settings:"
    assert any(line.strip().startswith("AUTOGRAPH_SERVER_DATABASE_URL:") for line in lines)
    assert any("AUTOGRAPH_SERVER_JWT_SECRET: " in line and "32 characters" in line for line in lines)
    assert any("AUTOGRAPH_SERVER_RATE_USER_PER_MINUTE:" in line for line in lines)
    assert any("autograph_server_typo (not a setting)" in line for line in lines)
    assert "Traceback" not in result.stderr
    missing = run("check", "--env-file", str(tmp_path / "absent.env"))
    assert missing.returncode == 2 and "does not exist" in missing.stderr


def test_unmigrated_database_is_refused_until_migrate(tmp_path: Path) -> None:
    with postgres_database("autograph_cli") as url:
        env = {"AUTOGRAPH_SERVER_DATABASE_URL": url, "AUTOGRAPH_SERVER_BLOB_DIR": str(tmp_path / "blobs"),
               "AUTOGRAPH_SERVER_JWT_SECRET": "cli-" + "x" * 40}
        refused = run("serve", "--port", "1", env=env)
        assert refused.returncode == 2 and "run `autograph-server migrate` first" in refused.stderr
        migrated = run("migrate", env=env)
        assert migrated.returncode == 0 and "revision 0001" in migrated.stderr


def test_openapi_document_lists_every_route() -> None:
    result = run("openapi")
    assert result.returncode == 0, result.stderr
    spec = json.loads(result.stdout)
    assert "/v1/sync/push" in spec["paths"] and "/v1/ai/chat/completions" in spec["paths"]
    assert "Merge rule" in spec["info"]["description"]
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
