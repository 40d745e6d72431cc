"""Our diagram inside our own SVG/PNG exports: the payload that `render` writes, and its validated reader.

SVG: a `<metadata id="autograph-diagram">` element holding base64 of zlib-compressed native JSON.
PNG: a compressed `iTXt` chunk with keyword `autograph` holding the native JSON. The payload is the native
format's own JSON (`native.to_json`) and is read back by `native.loads`, so it is validated, upgraded and
repaired exactly like a `.autograph` file. The readers are byte scanners, never an XML parser, and
decompression is bounded, so a hostile picture cannot reach the network, the disk or all memory.
"""

from __future__ import annotations

import base64
import re
import zlib

import orjson

from autograph_desktop.formats import native
from autograph_desktop.formats.bounded import b64decode, inflate
from autograph_desktop.formats.pngtext import PNG_SIGNATURE, text_chunks, text_keywords
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.problems import InvalidInput, Problem
from autograph_desktop.model.reading import ReadResult

PNG_KEYWORD = "autograph"
SVG_METADATA_ID = "autograph-diagram"
#: The embedded JSON may expand to what a `.autograph` file may hold, no more.
MAX_JSON_BYTES = native.MAX_FILE_BYTES
_SVG_BLOCK = re.compile(rb'<metadata\s+id="' + SVG_METADATA_ID.encode() + rb'"[^>]*>\s*([A-Za-z0-9+/=\s]*)</metadata>')


# --------------------------------------------------------------------------- writing (render puts it in place)
def payload(doc: Diagram) -> bytes:
    """The native JSON of a diagram, compact: it gets compressed anyway."""
    return orjson.dumps(native.to_json(doc))


def png_text(doc: Diagram) -> dict[str, str]:
    """The text chunk (keyword -> text) that carries the diagram inside a PNG export."""
    return {PNG_KEYWORD: payload(doc).decode("utf-8")}


def svg_metadata(doc: Diagram) -> str:
    """The `<metadata>` element that carries the diagram inside an SVG export."""
    encoded = base64.b64encode(zlib.compress(payload(doc), 6)).decode("ascii")
    lines = "\n".join(encoded[i:i + 100] for i in range(0, len(encoded), 100))
    return f'<metadata id="{SVG_METADATA_ID}" data-encoding="zlib+base64">\n{lines}\n</metadata>'


# --------------------------------------------------------------------------- reading
def sniff_png(data: bytes, name: str) -> bool:
    """True for a PNG that carries an embedded AutoGraph diagram."""
    return PNG_KEYWORD in text_keywords(data)


def sniff_svg(data: bytes, name: str) -> bool:
    """True for an SVG that carries an embedded AutoGraph diagram."""
    head = data[:4096].lstrip()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if not (head.startswith(b"<?xml") or head.startswith(b"<svg") or b"<svg" in head):
        return False
    return _SVG_BLOCK.search(data) is not None


def _png_payload(data: bytes, source: str) -> bytes | None:
    for _keyword, text in text_chunks(data, source, (PNG_KEYWORD,), limit=MAX_JSON_BYTES):
        return text
    return None


def _svg_payload(data: bytes, source: str) -> bytes | None:
    match = _SVG_BLOCK.search(data)
    if match is None:
        return None
    compressed = b64decode(match.group(1), source, "the embedded diagram")
    return inflate(compressed, 15, source, "the embedded diagram", limit=MAX_JSON_BYTES)


def read(data: bytes, name: str) -> ReadResult:
    """The diagram embedded in an SVG or PNG export (InvalidInput when there is none or it is corrupt)."""
    is_png = data.startswith(PNG_SIGNATURE)
    kind = "png" if is_png else "svg"
    found = _png_payload(data, name) if is_png else _svg_payload(data, name)
    if found is None:
        raise InvalidInput([Problem(f"this {kind.upper()} has no embedded AutoGraph diagram (only pictures "
                                    "exported by AutoGraph with the diagram embedded can be opened)")], source=name)
    try:
        diagram, warnings = native.loads(found, name)
    except InvalidInput as exc:
        problems = [Problem(f"the embedded diagram: {p.message}", line=p.line, column=p.column, path=p.path,
                            snippet=p.snippet, hint=p.hint) for p in exc.problems]
        raise InvalidInput(problems or [Problem("the embedded diagram is invalid")], source=name) from None
    return ReadResult(format=kind, diagrams=[diagram], diagram_type=diagram.meta.kind, warnings=warnings)


__all__ = ["MAX_JSON_BYTES", "PNG_KEYWORD", "SVG_METADATA_ID", "payload", "png_text", "read", "sniff_png",
           "sniff_svg", "svg_metadata"]
