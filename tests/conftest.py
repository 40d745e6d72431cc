"""Every test runs with its own AutoGraph home (library, settings, logs in a temp folder), so no test reads
or writes the user's files, and the log file a CLI run opened is closed after the test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from autograph_desktop.logs import stop_logging


@pytest.fixture(autouse=True)
def autograph_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("autograph-home")  # beside the test's tmp_path, which stays the test's own
    monkeypatch.setenv("AUTOGRAPH_HOME", str(home))
    yield home
    stop_logging()
