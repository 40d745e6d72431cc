"""Untrusted SVG is rasterised in a child process: no file or network access, bounded time and size."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest
from PIL import Image as PILImage

from autograph_desktop.frozen import declare_bundle
from autograph_desktop.render.svgsafe import rasterize_svg

RED = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" viewBox="0 0 10 10"><rect width="10" height="10" fill="red"/></svg>'


def test_valid_svg_becomes_a_png_of_the_requested_size() -> None:
    png = rasterize_svg(RED, 32, 16)
    assert png is not None
    image = PILImage.open(io.BytesIO(png)).convert("RGBA")
    assert image.size == (32, 16) and image.getpixel((16, 8))[:3] == (255, 0, 0)


def test_garbage_and_limits_give_none() -> None:
    assert rasterize_svg(b"not svg at all", 10, 10) is None
    assert rasterize_svg(b"", 10, 10) is None
    assert rasterize_svg(RED, 0, 10) is None
    assert rasterize_svg(RED, 100_000, 10) is None
    assert rasterize_svg(b" " * (11 * 1024 * 1024), 10, 10) is None


def test_external_files_are_not_read(tmp_path: os.PathLike[str]) -> None:
    secret = os.path.join(tmp_path, "secret.png")
    with open(secret, "wb") as handle:
        handle.write(b"\x89PNG\r\n\x1a\n")
    probe = (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
             f'width="10" height="10"><image width="10" height="10" xlink:href="file://{secret}"/>'
             f'<image width="10" height="10" href="http://127.0.0.1:9/x.png"/></svg>').encode()
    result = rasterize_svg(probe, 10, 10)
    assert result is None or result.startswith(b"\x89PNG")
    entity = (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
              b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&x;</text></svg>')
    result = rasterize_svg(entity, 10, 10)
    assert result is None or result.startswith(b"\x89PNG")  # never the file's text, never a crash


@pytest.mark.timeout(60)  # a hang guard, not a speed test
def test_billion_laughs_is_bounded_in_time() -> None:
    lol = b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "lollollollollollollollollollol">'
    for i in range(1, 10):
        prev = chr(ord("a") + i - 1)
        lol += f'<!ENTITY {chr(ord("a") + i)} "{("&" + prev + ";") * 10}">'.encode()
    lol += b']><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&j;</text></svg>'
    result = rasterize_svg(lol, 10, 10, timeout=5)  # the child is killed after 5 s at the latest
    assert result is None or result.startswith(b"\x89PNG")


def test_in_the_bundle_the_sandbox_is_the_app_binary_with_a_hidden_flag(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bundle has no interpreter to run `-m`: the child must be the `autograph` binary given the flag.
    A stand-in binary records its arguments and then behaves as the bundle's entry does."""
    seen = tmp_path / "argv.txt"
    binary = tmp_path / "autograph"
    binary.write_text(f'#!/bin/sh\necho "$@" > "{seen}"\nexec "{sys.executable}" -m autograph_desktop "$@"\n')
    binary.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(binary))
    declare_bundle()
    try:
        png = rasterize_svg(RED, 12, 6)
    finally:
        declare_bundle(False)
    assert seen.read_text().split() == ["--svg-sandbox", "12", "6"]
    assert png is not None and PILImage.open(io.BytesIO(png)).size == (12, 6)
