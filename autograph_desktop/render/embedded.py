"""The diagram inside its own SVG/PNG export, so an exported picture opens again as an editable diagram.

SVG: a `<metadata id="autograph-diagram">` element holding base64 of zlib-compressed native JSON.
PNG: a compressed `iTXt` chunk with keyword `autograph` holding the native JSON. This module is also the
reader for such files (see `autograph_desktop.readers`). Both readers are byte scanners, never an XML
parser, and decompression is bounded, so a hostile file cannot reach the network, the disk or all memory.
"""

from __future__ import annotations

import base64
import binascii
import importlib
import re
import struct
import zlib
from dataclasses import asdict
from typing import Any

import orjson

from autograph_desktop.model import (
    Diagram,
    DiagramMeta,
    InvalidInput,
    Problem,
    element_from_dict,
    element_to_dict,
)
from autograph_desktop.model.reading import ReadResult

PNG_KEYWORD = "autograph"
SVG_METADATA_ID = "autograph-diagram"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: Embedded diagrams larger than this once decompressed are refused (a zip bomb, not a diagram).
MAX_JSON_BYTES = 64 * 1024 * 1024
_SVG_BLOCK = re.compile(rb'<metadata\s+id="' + SVG_METADATA_ID.encode() + rb'"[^>]*>\s*([A-Za-z0-9+/=\s]*)</metadata>')


def _native() -> Any | None:
    """The native format module when it is present (looked up at run time, as the reader registry does)."""
    try:
        return importlib.import_module("autograph_desktop.formats.native")
    except ImportError:
        return None


def diagram_json(doc: Diagram) -> bytes:
    """The native `.autograph` JSON of a diagram (compact: it gets compressed anyway)."""
    native = _native()
    if native is not None and hasattr(native, "to_json"):
        return orjson.dumps(native.to_json(doc))
    if native is not None and hasattr(native, "dumps"):
        return bytes(native.dumps(doc))
    return orjson.dumps({"format": "autograph", "schema_version": 1, "diagram": asdict(doc.meta),
                         "elements": [element_to_dict(e) for e in doc]})


def diagram_text(doc: Diagram) -> str:
    return diagram_json(doc).decode("utf-8")


def svg_metadata(doc: Diagram) -> str:
    """The `<metadata>` element that carries the diagram inside an SVG export."""
    payload = base64.b64encode(zlib.compress(diagram_json(doc), 6)).decode("ascii")
    lines = "\n".join(payload[i:i + 100] for i in range(0, len(payload), 100))
    return f'<metadata id="{SVG_METADATA_ID}" data-encoding="zlib+base64">\n{lines}\n</metadata>'


def _inflate(data: bytes, source: str) -> bytes:
    d = zlib.decompressobj()
    try:
        out = d.decompress(data, MAX_JSON_BYTES + 1)
    except zlib.error as exc:
        raise InvalidInput([Problem(f"the embedded diagram is corrupt: {exc}")], source=source) from None
    if len(out) > MAX_JSON_BYTES or d.unconsumed_tail:
        raise InvalidInput([Problem("the embedded diagram is larger than 64 MB once decompressed")], source=source)
    return out


# --------------------------------------------------------------------------- PNG chunks
def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """(type, body) of every chunk; stops at IEND or at the first truncated or malformed chunk."""
    if not data.startswith(PNG_SIGNATURE):
        return []
    out: list[tuple[bytes, bytes]] = []
    pos = len(PNG_SIGNATURE)
    while pos + 12 <= len(data) and len(out) < 100_000:
        (length,) = struct.unpack_from(">I", data, pos)
        kind = data[pos + 4:pos + 8]
        end = pos + 12 + length
        if end > len(data):
            break
        out.append((kind, data[pos + 8:pos + 8 + length]))
        if kind == b"IEND":
            break
        pos = end
    return out


def _png_payload(data: bytes, source: str) -> bytes | None:
    keyword = PNG_KEYWORD.encode("latin-1")
    for kind, body in png_chunks(data):
        if kind not in (b"iTXt", b"zTXt", b"tEXt") or not body.startswith(keyword + b"\0"):
            continue
        rest = body[len(keyword) + 1:]
        if kind == b"tEXt":
            return rest
        if kind == b"zTXt":
            return _inflate(rest[1:], source)
        if len(rest) < 2:
            return None
        compressed, _method = rest[0], rest[1]
        rest = rest[2:]
        parts = rest.split(b"\0", 2)  # language tag, translated keyword, text
        if len(parts) < 3:
            return None
        return _inflate(parts[2], source) if compressed else parts[2]
    return None


def embed_in_png(png: bytes, doc: Diagram) -> bytes:
    """A PNG with the diagram added as a compressed iTXt chunk just before IEND."""
    if not png.startswith(PNG_SIGNATURE) or len(png) < 12 or png[-8:-4] != b"IEND":
        raise ValueError("not a complete PNG")
    body = PNG_KEYWORD.encode("latin-1") + b"\0\x01\x00\0\0" + zlib.compress(diagram_json(doc), 6)
    chunk = struct.pack(">I", len(body)) + b"iTXt" + body + struct.pack(">I", zlib.crc32(b"iTXt" + body))
    return png[:-12] + chunk + png[-12:]


# --------------------------------------------------------------------------- reader protocol
def _svg_payload(data: bytes, source: str) -> bytes | None:
    match = _SVG_BLOCK.search(data)
    if match is None:
        return None
    try:
        compressed = base64.b64decode(re.sub(rb"\s+", b"", match.group(1)), validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput([Problem("the embedded diagram is not valid base64")], source=source) from None
    return _inflate(compressed, source)


def sniff(data: bytes, name: str) -> bool:
    """True for an SVG or PNG that carries an embedded AutoGraph diagram."""
    if data.startswith(PNG_SIGNATURE):
        keyword = PNG_KEYWORD.encode("latin-1") + b"\0"
        return any(kind in (b"iTXt", b"zTXt", b"tEXt") and body.startswith(keyword) for kind, body in png_chunks(data))
    head = data[:4096].lstrip()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if not (head.startswith(b"<?xml") or head.startswith(b"<svg") or b"<svg" in head):
        return False
    return _SVG_BLOCK.search(data) is not None


def _decode(payload: bytes, source: str) -> tuple[Diagram, list[Problem]]:
    native = _native()
    if native is not None and hasattr(native, "loads"):
        diagram, warnings = native.loads(payload, source)
        return diagram, list(warnings)
    try:
        doc = orjson.loads(payload)
        meta_fields = set(DiagramMeta.__dataclass_fields__)
        meta = DiagramMeta(**{k: str(v) for k, v in dict(doc.get("diagram", {})).items() if k in meta_fields})
        elements = [element_from_dict(e) for e in doc["elements"]]
        return Diagram(meta, elements), []
    except Exception as exc:  # without the native reader we can only say that it did not load
        raise InvalidInput([Problem(f"the embedded diagram could not be read: {exc}")], source=source) from None


def read(data: bytes, name: str) -> ReadResult:
    """The diagram embedded in an SVG or PNG export (InvalidInput when there is none or it is corrupt)."""
    is_png = data.startswith(PNG_SIGNATURE)
    payload = _png_payload(data, name) if is_png else _svg_payload(data, name)
    kind = "png" if is_png else "svg"
    if payload is None:
        raise InvalidInput([Problem(f"this {kind.upper()} has no embedded AutoGraph diagram (only pictures "
                                    "exported by AutoGraph with the diagram embedded can be opened)")], source=name)
    diagram, warnings = _decode(payload, name)
    return ReadResult(format=kind, diagrams=[diagram], warnings=warnings)
