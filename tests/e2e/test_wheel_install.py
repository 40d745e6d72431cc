"""A non-editable install (the wheel) carries `resources/`, `ui/` and `migrations/` and runs as users run it.

The repository keeps those folders at the top (ARCHITECTURE.md); the build maps them into the package.
The wheel is installed into a bare folder that is put first on the path, so nothing can come from the
checkout: the export and the library (which needs the Alembic scripts) must work from the wheel alone.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wheels = tmp_path_factory.mktemp("wheel")
    source = tmp_path_factory.mktemp("source") / "autograph"  # a copy, so the build leaves the checkout alone
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".venv", ".git", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", "screenshots", "node_modules"))
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                            "-w", str(wheels), str(source)], capture_output=True, text=True, timeout=300, check=False)
    assert built.returncode == 0, built.stderr
    wheel = next(wheels.glob("autograph_desktop-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("autograph_desktop/resources/templates/index.json", "autograph_desktop/ui/light.qss",
                   "autograph_desktop/migrations/env.py", "autograph_desktop/resources/fonts/DejaVuSans.ttf"):
        assert needed in names, f"the wheel lacks {needed}"
    assert not any(n.startswith(("resources/", "ui/", "migrations/")) for n in names), "data outside the package"
    target = tmp_path_factory.mktemp("site")
    done = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target),
                           str(wheel)], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return target


def run_installed(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["PYTHONPATH"] = str(site)
    env["AUTOGRAPH_HOME"] = str(cwd / "home")
    env["QT_QPA_PLATFORM"] = "offscreen"
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=120, check=False)


def test_the_installed_package_finds_its_data_inside_itself(installed: Path, tmp_path: Path) -> None:
    done = run_installed(installed, tmp_path, "-c", "import autograph_desktop.datafiles as d; "
                         "print(d.resources_dir()); print(d.ui_dir()); print(d.migrations_dir())")
    assert done.returncode == 0, done.stderr
    for line in done.stdout.split():
        assert Path(line).is_relative_to(installed / "autograph_desktop"), line


def test_the_installed_package_exports_and_keeps_a_library(installed: Path, tmp_path: Path) -> None:
    (tmp_path / "flow.mmd").write_text("flowchart LR\n  A[Start] --> B{Ready?}\n  B -->|yes| C[Ship]\n")
    done = run_installed(installed, tmp_path, "-m", "autograph_desktop", "export", "flow.mmd", "-o", "flow.png")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "flow.png").read_bytes().startswith(b"\x89PNG")
    done = run_installed(installed, tmp_path, "-m", "autograph_desktop", "library", "import", "flow.mmd")
    assert done.returncode == 0, done.stderr
    listed = run_installed(installed, tmp_path, "-m", "autograph_desktop", "library", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert "flow" in listed.stdout.lower()


def test_the_installed_window_opens_with_its_theme_and_fonts(installed: Path, tmp_path: Path) -> None:
    script = ("from autograph_desktop.gui.app import start\n"
              "from PySide6.QtWidgets import QApplication\n"
              "w = start([])\n"
              "QApplication.processEvents()\n"
              "assert w.isVisible() and w.width() > 400\n"
              "assert 'QMainWindow' in QApplication.instance().styleSheet() or QApplication.instance().styleSheet()\n"
              "print('shown', w.width(), w.height())\n"
              "w.close()\n")
    done = run_installed(installed, tmp_path, "-c", script)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("shown")
