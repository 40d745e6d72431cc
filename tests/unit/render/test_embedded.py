"""Diagrams embedded in SVG/PNG exports: round trips, the reader registry, and hostile files."""

from __future__ import annotations

import base64
import io
import struct
import zlib

import pytest
from PIL import Image as PILImage

from autograph_desktop.model import InvalidInput
from autograph_desktop.readers import read_bytes
from autograph_desktop.render import embedded, raster
from autograph_desktop.render.svg import to_svg

from .samples import showcase


def _same(a: object, b: object) -> bool:
    return [(e.id, e.kind, e.x, e.y, e.text) for e in a] == [(e.id, e.kind, e.x, e.y, e.text) for e in b]  # type: ignore[attr-defined]


def test_svg_round_trip_through_the_reader_registry() -> None:
    doc = showcase()
    data = to_svg(doc).encode()  # embedding is the default for SVG
    assert embedded.sniff(data, "x.svg")
    assert not embedded.sniff(to_svg(doc, embed_diagram=False).encode(), "x.svg")
    result = read_bytes(data, "picture.svg")
    assert result.format == "svg" and _same(result.diagrams[0], doc)
    assert result.diagrams[0].meta.title == doc.meta.title


def test_png_round_trip(qapp: object) -> None:
    doc = showcase()
    data = raster.to_png(doc, embed_diagram=True)
    assert PILImage.open(io.BytesIO(data)).size[0] > 100  # still a normal picture
    result = read_bytes(data, "picture.png")
    assert result.format == "png" and _same(result.diagrams[0], doc)
    plain = raster.to_png(doc)
    assert not embedded.sniff(plain, "x.png")
    assert _same(embedded.read(embedded.embed_in_png(plain, doc), "x.png").diagrams[0], doc)


def test_plain_pictures_are_not_claimed() -> None:
    assert not embedded.sniff(b"<svg xmlns='http://www.w3.org/2000/svg'/>", "a.svg")
    assert not embedded.sniff(b"\x89PNG\r\n\x1a\n" + b"\x00" * 30, "a.png")
    assert not embedded.sniff(b"", "a.png")
    with pytest.raises(InvalidInput, match="no embedded"):
        embedded.read(b"<svg xmlns='http://www.w3.org/2000/svg'/>", "a.svg")


def _svg_with(payload: bytes) -> bytes:
    return (b'<svg xmlns="http://www.w3.org/2000/svg"><metadata id="autograph-diagram">' + payload
            + b"</metadata></svg>")


def test_zip_bombs_are_refused() -> None:
    bomb = base64.b64encode(zlib.compress(b" " * (embedded.MAX_JSON_BYTES + 10), 9))
    with pytest.raises(InvalidInput, match="larger than"):
        embedded.read(_svg_with(bomb), "bomb.svg")


@pytest.mark.parametrize("payload", [b"!!!not base64!!!", base64.b64encode(b"not zlib"),
                                     base64.b64encode(zlib.compress(b"{not json")),
                                     base64.b64encode(zlib.compress(b'{"format": "autograph", "elements": 5}'))])
def test_corrupt_payloads_give_invalid_input(payload: bytes) -> None:
    data = _svg_with(payload)
    if embedded.sniff(data, "x.svg"):
        with pytest.raises(InvalidInput):
            embedded.read(data, "x.svg")


def test_truncated_and_malformed_png_chunks() -> None:
    sig = embedded.PNG_SIGNATURE
    huge_length = sig + struct.pack(">I", 0xFFFFFFF0) + b"iTXt" + b"autograph\0"
    assert embedded.png_chunks(huge_length) == []
    body = b"autograph\0\x01\x00\0\0" + b"garbage"
    chunk = struct.pack(">I", len(body)) + b"iTXt" + body + b"\0\0\0\0"
    data = sig + chunk + struct.pack(">I", 0) + b"IEND" + b"\0\0\0\0"
    assert embedded.sniff(data, "x.png")
    with pytest.raises(InvalidInput):
        embedded.read(data, "x.png")
    with pytest.raises(ValueError):
        embedded.embed_in_png(b"not a png", showcase())
