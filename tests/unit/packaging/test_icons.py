"""The installers' icons are drawn from the app's own glyph: every hicolor size, a Windows .ico, a macOS .icns."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[3]


def test_make_icons_draws_every_size_and_the_platform_containers(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, str(ROOT / "packaging" / "make_icons.py"), str(tmp_path)], env=env,
                          capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        with Image.open(tmp_path / f"autograph-{size}.png") as opened:
            image = opened.convert("RGBA")
        assert image.size == (size, size)
        centre, corner = image.getpixel((size // 2, size // 2)), image.getpixel((0, 0))
        assert corner[3] == 0  # rounded: the corner is transparent
        if size >= 48:
            colours = {image.getpixel((x, y))[:3] for x in range(size) for y in range(0, size, 4)
                       if image.getpixel((x, y))[3] == 255}
            assert (37, 99, 235) in colours and any(min(c) > 230 for c in colours)  # accent body, white glyph
        assert centre[3] > 0
    with Image.open(tmp_path / "autograph.ico") as ico:
        assert {(16, 16), (32, 32), (256, 256)} <= set(ico.info["sizes"])
    with Image.open(tmp_path / "autograph.icns") as icns:
        assert icns.size[0] >= 256
