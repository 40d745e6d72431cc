"""Packaging glue that pyproject.toml cannot say: the top-level data folders go into the wheel's package.

In the repository `resources/`, `ui/` and `migrations/` sit at the top (see ARCHITECTURE.md); an installed
wheel carries them as `autograph_desktop/resources` and so on, where `autograph_desktop.datafiles` looks
first. Everything else about the build is in pyproject.toml.
"""

from setuptools import find_packages, setup

DATA_FOLDERS = ("resources", "ui", "migrations")

setup(
    packages=[*find_packages(include=["autograph_desktop", "autograph_desktop.*"]),
              *(f"autograph_desktop.{folder}" for folder in DATA_FOLDERS),
              # The sync server (its dependencies are the `server` extra) with its own Alembic migrations.
              *find_packages(include=["autograph_server", "autograph_server.*"])],
    package_dir={f"autograph_desktop.{folder}": folder for folder in DATA_FOLDERS},
    package_data={**{f"autograph_desktop.{folder}": ["**/*"] for folder in DATA_FOLDERS},
                  "autograph_server": ["migrations/**/*", "py.typed"]},
    exclude_package_data={f"autograph_desktop.{folder}": ["**/__pycache__/*", "**/*.pyc"]
                          for folder in DATA_FOLDERS},
)
