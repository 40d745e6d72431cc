"""Where the shipped data folders (`resources/`, `ui/`, `migrations/`) are: one rule for every install.

In a checkout they sit at the top of the repository, beside the package. A wheel maps them into the
package (`autograph_desktop/resources`...; see `[tool.setuptools]` in pyproject.toml), and the PyInstaller
bundle copies them to the same place inside the bundle. So: look inside the package first, then beside it.
Each folder is recognised by a file that only it has, so an unrelated `resources/` folder in
site-packages is never taken for ours.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent

#: folder name -> a file inside it that proves it is ours
_MARKERS = {
    "resources": "templates/index.json",
    "ui": "light.qss",
    "migrations": "env.py",
}


class DataFolderMissing(FileNotFoundError):
    """The installation is incomplete: a shipped data folder is nowhere to be found."""


@cache
def data_folder(name: str) -> Path:
    """The absolute path of one shipped data folder; raises DataFolderMissing naming where it looked."""
    marker = _MARKERS[name]
    candidates = (PACKAGE_DIR / name, PACKAGE_DIR.parent / name)
    for candidate in candidates:
        if (candidate / marker).is_file():
            return candidate
    looked = ", ".join(str(c) for c in candidates)
    raise DataFolderMissing(f"AutoGraph's {name!r} folder is missing (looked in {looked}); reinstall the app")


def resources_dir() -> Path:
    return data_folder("resources")


def ui_dir() -> Path:
    return data_folder("ui")


def migrations_dir() -> Path:
    return data_folder("migrations")


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def templates_dir() -> Path:
    return resources_dir() / "templates"
