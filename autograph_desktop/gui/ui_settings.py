"""The window's own settings file (`<config_dir>/ui.ini`: layout, view options, recent files, shortcuts).

Kept in a module of its own so that reading the theme at start-up loads nothing but QSettings.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

from autograph_desktop.apppaths import app_paths


def ui_settings() -> QSettings:
    """The window's settings file, honouring AUTOGRAPH_HOME."""
    paths = app_paths()
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    return QSettings(str(paths.config_dir / "ui.ini"), QSettings.Format.IniFormat)
