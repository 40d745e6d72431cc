"""Where the library lives on disk: `$AUTOGRAPH_HOME` when set, else the platform's user data folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

LIBRARY_FILENAME = "library.sqlite3"
APP_NAME = "AutoGraph"


def data_dir() -> Path:
    """The folder for all of the app's data; `AUTOGRAPH_HOME` relocates it (tests, portable installs)."""
    home = os.environ.get("AUTOGRAPH_HOME")
    if home:
        return Path(home).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME))


def default_library_path() -> Path:
    """The library database file, following the rule the settings module will take over."""
    return data_dir() / LIBRARY_FILENAME


def migrations_dir() -> Path:
    """The Alembic scripts shipped as package data, found next to this package (never via the CWD)."""
    return Path(__file__).resolve().parent.parent / "migrations"
