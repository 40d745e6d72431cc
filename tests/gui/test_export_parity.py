"""The window's Export and `autograph export` are one route: same diagram and options, same file."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PIL import Image as PILImage
from PIL import ImageChops
from PySide6.QtWidgets import QFileDialog
from samples import sample_diagram

from autograph_desktop.cli import main as cli_main
from autograph_desktop.gui import file_ops
from autograph_desktop.gui.main_window import MainWindow
from autograph_desktop.io import read_bytes, write_bytes
from autograph_desktop.model import Diagram

ROOT = Path(__file__).resolve().parents[2]


def cli_export(source: Path, output: Path, *options: str) -> None:
    """`autograph export` as users run it: a separate process with no display."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run([sys.executable, "-m", "autograph_desktop", "export", str(source), "-o", str(output),
                           *options], env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr


@pytest.fixture
def source(tmp_path: Path) -> tuple[Diagram, Path]:
    """The screenshot diagram (frame, icons, connectors), saved as .autograph and read back as both sides do."""
    path = tmp_path / "arch.autograph"
    path.write_bytes(write_bytes(sample_diagram(), "autograph"))
    return read_bytes(path.read_bytes(), str(path)).diagrams[0], path


def _export_from_window(window: MainWindow, doc: Diagram, fmt: str, target: Path,
                        monkeypatch: pytest.MonkeyPatch) -> None:
    window.add_document(doc)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    window.registry.action(f"file.export.{fmt}").trigger()
    assert target.exists()


def test_png_from_the_window_equals_the_cli_export(main_window: MainWindow, source: tuple[Diagram, Path],
                                                   tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc, path = source
    main_window.canvas_theme = "light"
    gui = tmp_path / "gui.png"
    _export_from_window(main_window, doc, "png", gui, monkeypatch)
    cli = tmp_path / "cli.png"
    cli_export(path, cli, "--scale", "2", "--embed-diagram", "--theme", "light")
    a, b = (PILImage.open(io.BytesIO(p.read_bytes())) for p in (gui, cli))
    assert a.size == b.size and a.mode == b.mode
    assert ImageChops.difference(a.convert("RGBA"), b.convert("RGBA")).getbbox() is None  # every pixel equal
    back = [read_bytes(p.read_bytes(), p.name).diagrams[0] for p in (gui, cli)]
    assert [e.id for e in back[0]] == [e.id for e in back[1]] == [e.id for e in doc]


@pytest.mark.parametrize("fmt, ext, options", [("svg", ".svg", ("--theme", "dark")),
                                               ("drawio", ".drawio", ()), ("excalidraw", ".excalidraw", ()),
                                               ("mermaid", ".mmd", ())])
def test_other_formats_are_byte_for_byte_the_cli_export(source: tuple[Diagram, Path], tmp_path: Path,
                                                        fmt: str, ext: str, options: tuple[str, ...],
                                                        qapp: Any) -> None:
    doc, path = source
    theme = "dark" if "dark" in options else "light"
    gui = file_ops.export_bytes(doc, fmt, theme=theme)
    cli = tmp_path / f"cli{ext}"
    # The CLI in this process (the PNG test above runs it in its own, as users do).
    assert cli_main(["export", str(path), "-o", str(cli), *options]) == 0
    assert gui == cli.read_bytes()
