"""Diagrams embedded in SVG/PNG exports: round trips through the registry, and hostile files."""

from __future__ import annotations

import base64
import io
import struct
import zlib

import pytest
from PIL import Image as PILImage

from autograph_desktop.formats import embedded
from autograph_desktop.formats.pngtext import PNG_SIGNATURE, text_keywords
from autograph_desktop.io import ExportOptions, read_bytes, write_bytes
from autograph_desktop.model import InvalidInput
from autograph_desktop.render import raster
from autograph_desktop.render.svg import to_svg

from .samples import showcase


def _same(a: object, b: object) -> bool:
    return [(e.id, e.kind, e.x, e.y, e.text) for e in a] == [(e.id, e.kind, e.x, e.y, e.text) for e in b]  # type: ignore[attr-defined]


def test_svg_round_trip_through_the_registry(qapp: object) -> None:  # icons are drawn with Qt
    doc = showcase()
    data = write_bytes(doc, "svg")  # embedding is the default for SVG
    assert embedded.sniff_svg(data, "x.svg")
    assert not embedded.sniff_svg(write_bytes(doc, "svg", ExportOptions(embed_diagram=False)), "x.svg")
    assert not embedded.sniff_svg(to_svg(doc).encode(), "x.svg")  # render alone embeds nothing
    result = read_bytes(data, "picture.svg")
    assert result.format == "svg" and _same(result.diagrams[0], doc)
    assert result.diagrams[0].meta.title == doc.meta.title


def test_png_round_trip(qapp: object) -> None:
    doc = showcase()
    data = write_bytes(doc, "png", ExportOptions(embed_diagram=True))
    assert PILImage.open(io.BytesIO(data)).size[0] > 100  # still a normal picture
    result = read_bytes(data, "picture.png")
    assert result.format == "png" and _same(result.diagrams[0], doc)
    plain = write_bytes(doc, "png")  # PNG embeds only when asked
    assert not embedded.sniff_png(plain, "x.png")
    assert _same(read_bytes(raster.to_png(doc, text_chunks=embedded.png_text(doc)), "x.png").diagrams[0], doc)


def test_plain_pictures_are_not_claimed() -> None:
    assert not embedded.sniff_svg(b"<svg xmlns='http://www.w3.org/2000/svg'/>", "a.svg")
    assert not embedded.sniff_png(PNG_SIGNATURE + b"\x00" * 30, "a.png")
    assert not embedded.sniff_png(b"", "a.png")
    with pytest.raises(InvalidInput, match="no embedded"):
        embedded.read(b"<svg xmlns='http://www.w3.org/2000/svg'/>", "a.svg")
    with pytest.raises(InvalidInput, match="no embedded AutoGraph diagram"):
        read_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'/>", "a.svg")


def _svg_with(payload: bytes) -> bytes:
    return (b'<svg xmlns="http://www.w3.org/2000/svg"><metadata id="autograph-diagram">' + payload
            + b"</metadata></svg>")


def test_zip_bombs_are_refused() -> None:
    bomb = base64.b64encode(zlib.compress(b" " * (embedded.MAX_JSON_BYTES + 10), 9))
    with pytest.raises(InvalidInput, match="expands to more than"):
        embedded.read(_svg_with(bomb), "bomb.svg")


@pytest.mark.parametrize("payload", [b"!!!not base64!!!", base64.b64encode(b"not zlib"),
                                     base64.b64encode(zlib.compress(b"{not json")),
                                     base64.b64encode(zlib.compress(b'{"format": "autograph", "elements": 5}'))])
def test_corrupt_payloads_give_invalid_input(payload: bytes) -> None:
    data = _svg_with(payload)
    if embedded.sniff_svg(data, "x.svg"):
        with pytest.raises(InvalidInput):
            embedded.read(data, "x.svg")


def test_an_invalid_embedded_diagram_is_refused_with_its_json_path() -> None:
    """The payload goes through the native reader's validation, not a second, trusting one."""
    bad = b'{"format": "autograph", "schema_version": 2, "diagram": {"id": "d"}, ' \
          b'"elements": [{"id": "a", "kind": "shape", "x": "far"}]}'
    with pytest.raises(InvalidInput) as caught:
        read_bytes(_svg_with(base64.b64encode(zlib.compress(bad))), "x.svg")
    [problem] = caught.value.problems
    assert problem.path == "$.elements[0].x" and problem.message.startswith("the embedded diagram")


def test_truncated_and_malformed_png_chunks() -> None:
    huge_length = PNG_SIGNATURE + struct.pack(">I", 0xFFFFFFF0) + b"iTXt" + b"autograph\0"
    assert text_keywords(huge_length) == []
    with pytest.raises(InvalidInput, match="truncated"):
        embedded.read(huge_length, "x.png")
    body = b"autograph\0\x01\x00\0\0" + b"garbage"
    chunk = struct.pack(">I", len(body)) + b"iTXt" + body + b"\0\0\0\0"
    data = PNG_SIGNATURE + chunk + struct.pack(">I", 0) + b"IEND" + b"\0\0\0\0"
    assert embedded.sniff_png(data, "x.png")
    with pytest.raises(InvalidInput):
        read_bytes(data, "x.png")


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_exported_monochrome_icons_stay_readable_on_either_background(qapp: object, theme: str) -> None:
    from autograph_desktop.model import Diagram, Icon

    doc = Diagram(elements=(Icon(id="db", x=0, y=0, w=64, h=64, z="a", icon="mdi6.database"),))
    options = ExportOptions(theme=theme, padding=0, scale=1)
    for fmt in ("png", "svg"):
        data = write_bytes(doc, fmt, options)
        if fmt == "svg":
            import cairosvg

            data = cairosvg.svg2png(bytestring=data)
        picture = PILImage.open(io.BytesIO(data)).convert("L")
        darkest, lightest = picture.getextrema()
        background = picture.getpixel((0, 0))
        ink = lightest if theme == "dark" else darkest
        assert abs(ink - background) > 150, (fmt, theme, background, ink)  # the glyph contrasts with its canvas
