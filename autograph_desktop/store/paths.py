"""Where the library lives on disk: `$AUTOGRAPH_HOME` when set, else the platform's user data folder."""

from __future__ import annotations

from pathlib import Path

from autograph_desktop.apppaths import app_paths

LIBRARY_FILENAME = "library.sqlite3"
APP_NAME = "AutoGraph"


def data_dir() -> Path:
    """The folder for the app's data, by `dirs.app_paths`'s one rule (`AUTOGRAPH_HOME` relocates it)."""
    return app_paths().data_dir


def default_library_path() -> Path:
    """The library database file: `<data dir>/library.sqlite3`, the path `dirs.Paths` names."""
    return app_paths().library_path


def migrations_dir() -> Path:
    """The Alembic scripts shipped with the app (found by `datafiles`, never via the CWD)."""
    from autograph_desktop.datafiles import migrations_dir as shipped

    return shipped()
