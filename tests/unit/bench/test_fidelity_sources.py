"""How benchmarks/bench_fidelity.py gets the source tool's rendering: SVG sizes, the browser window, rasterising."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from benchmarks import _fidelity_sources as fs

RED_BOX = (b'<svg xmlns="http://www.w3.org/2000/svg" width="60px" height="40px" viewBox="0 0 60 40">'
           b'<rect x="10" y="10" width="20" height="20" fill="#ff0000"/></svg>')
# A draw.io-style label: HTML in a foreignObject, which only a browser engine draws.
HTML_LABEL = (b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40">'
              b'<foreignObject x="0" y="0" width="120" height="40"><div xmlns="http://www.w3.org/1999/xhtml" '
              b'style="width:120px;height:40px;background:#0000ff"></div></foreignObject></svg>')


@pytest.mark.parametrize(("svg", "size"), [
    (b'<svg width="666px" height="541px" viewBox="-0.5 -0.5 666 541">', (666.0, 541.0)),
    (b"<?xml version='1.0'?>\n<svg\n  viewBox='0 0 840 500.5' width='840' height='500.5'>", (840.0, 500.5)),
    (b'<svg width="100%" height="100%" viewBox="0,0,300,200">', (300.0, 200.0)),
    (b'<svg viewBox="0 0 1e3 2.5e2">', (1000.0, 250.0)),
    (b'<svg content="' + b"x" * 100_000 + b'" width="10" height="20">', (10.0, 20.0)),
])
def test_svg_size_reads_pixels_or_the_view_box(svg: bytes, size: tuple[float, float]) -> None:
    assert fs.svg_size(svg + b"</svg>") == size


@pytest.mark.parametrize("svg", [
    b"<html>not an svg</html>",
    b'<svg width="10cm" height="5cm">',
    b'<svg viewBox="0 0 0 10">',
    b'<svg viewBox="0 0 nan 10">',
    b'<svg width="inf" height="3">',
    b'<svg viewBox="0 0 10">',
])
def test_svg_size_refuses_what_is_no_picture_size(svg: bytes) -> None:
    with pytest.raises(ValueError):
        fs.svg_size(svg)


def test_window_keeps_small_svgs_and_shrinks_huge_ones() -> None:
    assert fs.window_for(500.5, 300, 2.0) == (501, 300, 2.0)
    w, h, scale = fs.window_for(20_000, 1000, 2.0)
    assert (w, h) == (20_000, 1000) and w * scale <= fs.MAX_WINDOW


def test_decode_png_gives_rgba_pixels(tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "grey.png"
    Image.new("L", (3, 2), 128).save(path)
    pixels = fs.decode_png(path.read_bytes())
    assert pixels.shape == (2, 3, 4) and pixels.dtype == np.uint8
    assert tuple(pixels[0, 0]) == (128, 128, 128, 255)


def test_cairosvg_draws_shapes_on_white(tmp_path: Path) -> None:
    path = tmp_path / "box.svg"
    path.write_bytes(RED_BOX)
    pixels = fs.decode_png(fs.cairosvg_png(path, scale=2.0))
    assert pixels.shape[:2] == (80, 120)
    assert tuple(pixels[40, 40, :3]) == (255, 0, 0)
    assert tuple(pixels[5, 5, :3]) == (255, 255, 255)


@pytest.mark.skipif(fs.find_chromium() is None, reason="Chromium not installed (Debian: apt-get install chromium)")
def test_chromium_draws_html_labels_at_the_device_scale(tmp_path: Path) -> None:
    browser = fs.find_chromium()
    assert browser is not None
    path = tmp_path / "label.svg"
    path.write_bytes(HTML_LABEL)
    pixels = fs.decode_png(fs.chromium_png(browser, path, scale=2.0))
    assert pixels.shape[:2] == (80, 240)
    assert tuple(pixels[40, 120, :3]) == (0, 0, 255)


def test_chromium_failure_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "box.svg"
    path.write_bytes(RED_BOX)
    fake = tmp_path / "not-a-browser"
    fake.write_text("#!/bin/sh\necho broken >&2\nexit 3\n")
    fake.chmod(0o755)
    with pytest.raises(RuntimeError, match="exit 3"):
        fs.chromium_png(str(fake), path)
