"""Every test runs with its own AutoGraph home (library, settings, logs in a temp folder), so no test reads
or writes the user's files, and the log file a CLI run opened is closed after the test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from autograph_desktop.logs import stop_logging

# In CI (`.ci/run` sets AUTOGRAPH_REQUIRE_SERVICES) property tests draw the same examples every run, so a red
# build always means a change broke something; on a developer's machine they explore new examples each run.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("AUTOGRAPH_REQUIRE_SERVICES") == "1":
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def autograph_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("autograph-home")  # beside the test's tmp_path, which stays the test's own
    monkeypatch.setenv("AUTOGRAPH_HOME", str(home))
    yield home
    stop_logging()
