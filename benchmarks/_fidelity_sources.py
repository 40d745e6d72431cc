"""The source tool's own rendering of a corpus file, as pixels: the PNG itself, or the SVG rasterised.

draw.io writes labels as HTML inside `<foreignObject>` and newer exports colour with CSS `light-dark()`,
so the SVGs are rasterised by a browser engine: headless Chromium (Debian's `chromium` package), one
process per file, offline (every host name fails to resolve) and with a throw-away profile. Where no
Chromium is installed cairosvg is the fallback; it drops foreignObject labels, so its scores are lower
and the benchmark says which was used.
"""

from __future__ import annotations

import io
import math
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from PIL import Image

#: Browsers tried, in order, on PATH.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: A browser window this large is refused (the SVG is scaled down to fit instead).
MAX_WINDOW = 4000
_SVG_TAG = re.compile(rb"<svg\b[^>]*>", re.DOTALL)
_ATTR = re.compile(rb"""\s([A-Za-z_:][-\w:.]*)\s*=\s*("[^"]*"|'[^']*')""")
_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(px)?\s*$")


def svg_size(data: bytes) -> tuple[float, float]:
    """The width and height (CSS pixels) an SVG asks for: its root's `width`/`height` in px or unitless,
    else its viewBox's; ValueError when neither says."""
    tag = _SVG_TAG.search(data[:200_000])
    if tag is None:
        raise ValueError("no <svg> element")
    # Attribute values are matched one by one, so a huge `content` attribute costs one regex step.
    attrs = {m.group(1).decode("ascii", "replace"): m.group(2)[1:-1].decode("utf-8", "replace")
             for m in _ATTR.finditer(tag.group(0))}
    lengths = [_LENGTH.match(attrs.get(name, "")) for name in ("width", "height")]
    if lengths[0] and lengths[1]:
        w, h = float(lengths[0].group(1)), float(lengths[1].group(1))
    else:
        parts = re.split(r"[\s,]+", attrs.get("viewBox", "").strip())
        try:
            w, h = float(parts[2]), float(parts[3])
        except (IndexError, ValueError):
            raise ValueError("the SVG gives neither a size in pixels nor a viewBox") from None
    if not (math.isfinite(w) and math.isfinite(h)) or w <= 0 or h <= 0:
        raise ValueError(f"the SVG's size {w} x {h} is not a picture size")
    return w, h


def window_for(width: float, height: float, scale: float) -> tuple[int, int, float]:
    """Browser window (CSS pixels) and device scale for an SVG drawn at `scale`, reduced so that no side
    of the screenshot passes MAX_WINDOW."""
    scale = min(scale, MAX_WINDOW / max(width, height))
    return math.ceil(width), math.ceil(height), scale


def find_chromium() -> str | None:
    """The first Chromium-family browser on PATH."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def chromium_png(browser: str, svg: Path, scale: float = 1.0, timeout: float = 90.0) -> bytes:
    """A screenshot of the SVG opened on its own in headless Chromium, at `scale` device pixels per CSS
    pixel, on a white page."""
    width, height, scale = window_for(*svg_size(svg.read_bytes()), scale)
    with tempfile.TemporaryDirectory(prefix="fidelity-chromium-") as tmp:
        shot = Path(tmp) / "shot.png"
        command = [
            browser, "--headless", "--disable-gpu", "--hide-scrollbars", "--mute-audio",
            "--disable-extensions", "--no-first-run", "--disable-dev-shm-usage",
            f"--user-data-dir={Path(tmp) / 'profile'}",
            # Offline and deterministic: a web font or image elsewhere is never fetched.
            "--host-resolver-rules=MAP * ~NOTFOUND",
            f"--window-size={width},{height}", f"--force-device-scale-factor={scale:.4f}",
            f"--screenshot={shot}", svg.resolve().as_uri(),
        ]
        if os.geteuid() == 0:  # Chromium refuses to run as root with its sandbox (containers, CI)
            command.insert(1, "--no-sandbox")
        result = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        if not shot.is_file():
            tail = result.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise RuntimeError(f"chromium made no screenshot (exit {result.returncode}): {' | '.join(tail)}")
        return shot.read_bytes()


def cairosvg_png(svg: Path, scale: float = 1.0) -> bytes:
    """The SVG rasterised by cairosvg (no HTML labels), on white."""
    import cairosvg

    width, height, scale = window_for(*svg_size(svg.read_bytes()), scale)
    png = cairosvg.svg2png(bytestring=svg.read_bytes(), output_width=round(width * scale),
                           output_height=round(height * scale), background_color="white", unsafe=False)
    assert isinstance(png, bytes)
    return png


def decode_png(data: bytes) -> NDArray[np.uint8]:
    """8-bit RGBA pixels of a PNG (or any picture Pillow reads)."""
    with Image.open(io.BytesIO(data)) as picture:
        return np.asarray(picture.convert("RGBA"), dtype=np.uint8)


__all__ = ["CHROMIUM_NAMES", "MAX_WINDOW", "cairosvg_png", "chromium_png", "decode_png", "find_chromium",
           "svg_size", "window_for"]
