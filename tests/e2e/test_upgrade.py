"""Installing a newer AutoGraph over an older one keeps the library and migrates it: a library written at the
first schema revision, opened by today's `autograph` command (a real child process, as a user runs it).

`make package-test` runs the same check against the frozen bundle (packaging/smoke_test.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from autograph_desktop.apppaths import app_paths
from autograph_desktop.store import SCHEMA_HEAD
from autograph_desktop.store.backup import list_backups
from autograph_desktop.store.migrate import current_revision
from tests.support.old_library import make_old_library

ROOT = Path(__file__).resolve().parents[2]


def autograph(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "autograph_desktop", *args], env=env, capture_output=True,
                          text=True, timeout=120, check=False)


def test_a_library_from_the_first_schema_is_migrated_and_keeps_its_diagrams(tmp_path: Path) -> None:
    library = app_paths().library_path  # the default place, where the installed app finds it
    old = make_old_library(library)
    assert old.revision != SCHEMA_HEAD  # otherwise this test checks nothing
    listed = autograph("library", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    entries = json.loads(listed.stdout)
    assert [(e["id"], e["title"]) for e in entries] == [(old.diagram_id, old.title)]
    assert current_revision(library) == SCHEMA_HEAD
    assert any(f"from-{old.revision}" in p.name for p in list_backups(library))  # the old file is kept too
    found = autograph("library", "search", "stripe", "--json")
    assert found.returncode == 0 and old.diagram_id in found.stdout
    out = tmp_path / "payment.autograph"
    exported = autograph("library", "export", old.diagram_id[:8], "-o", str(out))
    assert exported.returncode == 0, exported.stderr
    texts = {e.get("text") for e in json.loads(out.read_text(encoding="utf-8"))["elements"]}
    assert set(old.labels) <= texts


def test_the_migrated_library_opens_again_unchanged(tmp_path: Path) -> None:
    library = tmp_path / "lib" / "library.sqlite"
    make_old_library(library)
    first = autograph("library", "--library", str(library), "list", "--json")
    second = autograph("library", "--library", str(library), "list", "--json")
    assert first.returncode == second.returncode == 0
    assert json.loads(first.stdout) == json.loads(second.stdout)
    pre_migration = [p for p in list_backups(library) if "pre-migration" in p.name]
    assert len(pre_migration) == 1  # no second migration, no second pre-migration backup
