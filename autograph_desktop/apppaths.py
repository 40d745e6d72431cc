"""Where AutoGraph keeps its files: the platform's folders, or all under `AUTOGRAPH_HOME` when it is set.

Kept apart from `config` (which needs pydantic) so that start-up and the crash journal can find their
folders without loading the settings machinery.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "AutoGraph"
ENV_PREFIX = "AUTOGRAPH_"
SETTINGS_FILE = "settings.json"


@dataclass(frozen=True)
class Paths:
    """Where AutoGraph keeps things; all under AUTOGRAPH_HOME when it is set (tests use temp dirs)."""

    data_dir: Path
    config_dir: Path
    log_dir: Path
    cache_dir: Path

    @property
    def library_path(self) -> Path:
        return self.data_dir / "library.sqlite3"

    @property
    def settings_path(self) -> Path:
        return self.config_dir / SETTINGS_FILE

    def ensure(self) -> Paths:
        for folder in (self.data_dir, self.config_dir, self.log_dir, self.cache_dir):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def app_paths(environ: Mapping[str, str] | None = None) -> Paths:
    env = os.environ if environ is None else environ
    home = env.get(ENV_PREFIX + "HOME")
    if home:
        root = Path(home).expanduser()
        return Paths(root / "data", root / "config", root / "logs", root / "cache")
    return Paths(
        Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
    )


__all__ = ["APP_NAME", "ENV_PREFIX", "SETTINGS_FILE", "Paths", "app_paths"]
