"""Finding an Excalidraw scene: plain JSON, libraries, and PNG/SVG exports that embed the scene."""

from __future__ import annotations

import re
from typing import Any

import orjson

from autograph_desktop.formats.pngtext import PNG_SIGNATURE, text_chunks, text_keywords
from autograph_desktop.formats.xmlsafe import MAX_DECOMPRESSED, b64decode, inflate
from autograph_desktop.model.problems import InvalidInput, Problem

MIME = "application/vnd.excalidraw+json"
_SVG_PAYLOAD = re.compile(rb"<!--\s*payload-start\s*-->(.*?)<!--\s*payload-end\s*-->", re.S)
def parse_json(text: str, source: str, what: str = "Excalidraw JSON") -> Any:
    """orjson with located errors: NaN/Infinity and absurd nesting are refused, never a crash."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        if "depth" in exc.msg or "recursion" in exc.msg:
            raise InvalidInput([Problem(f"{what} is nested too deeply to be a drawing")], source=source) from None
        raise InvalidInput([Problem(f"malformed {what}: {exc.msg}", line=exc.lineno, column=exc.colno)],
                           source=source) from None


def _decode_bytes(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def unwrap(payload: Any, source: str, where: str) -> Any:
    """Excalidraw's export wrapper `{"encoding": "bstring", "compressed": true, "encoded": "..."}`.

    `encoded` is a byte string (one character per byte) holding zlib-deflated (or plain) UTF-8 JSON;
    anything else is the scene itself.
    """
    if not isinstance(payload, dict) or "encoded" not in payload:
        return payload
    encoded = payload.get("encoded")
    if not isinstance(encoded, str):
        raise InvalidInput([Problem("`encoded` must be a string", path="$.encoded")], source=source)
    try:
        raw = encoded.encode("latin-1")
    except UnicodeEncodeError:
        raw = encoded.encode("utf-8")
    if payload.get("compressed"):
        raw = inflate(raw, 15, source, f"the compressed scene in the {where}", path="$.encoded",
                      limit=MAX_DECOMPRESSED)
    return parse_json(_decode_bytes(raw), source, f"scene embedded in the {where}")


def scene_from_png(data: bytes, source: str) -> Any:
    for keyword, text in text_chunks(data, source, (MIME,)):
        if keyword == MIME:
            return unwrap(parse_json(_decode_bytes(text), source, "PNG scene chunk"), source, "PNG")
    raise InvalidInput([Problem(f"this PNG has no embedded Excalidraw scene (no `{MIME}` text chunk)",
                                hint="export from Excalidraw with 'Embed scene'")], source=source)


def scene_from_svg(data: bytes, source: str) -> Any:
    match = _SVG_PAYLOAD.search(data)
    if match is None:
        raise InvalidInput([Problem("this SVG has no embedded Excalidraw scene (no payload comment)")],
                           source=source)
    raw = b64decode(match.group(1), source, "the SVG scene payload")
    return unwrap(parse_json(_decode_bytes(raw), source, "SVG scene payload"), source, "SVG")


def load_scene(data: bytes, source: str) -> Any:
    """The scene (or library) JSON object of any Excalidraw input."""
    if data.startswith(PNG_SIGNATURE):
        return scene_from_png(data, source)
    head = data[:2048].lstrip()
    if head.startswith(b"<"):
        return scene_from_svg(data, source)
    if head.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return parse_json(_decode_bytes(data), source)


def sniff(data: bytes) -> bool:
    if data.startswith(PNG_SIGNATURE):
        return MIME in text_keywords(data)
    head = data[:4096].lstrip()
    if head.startswith(b"<"):
        return b"payload-type:" + MIME.encode() in data[:65536] or b"svg-source:excalidraw" in head
    return head.startswith(b"{") and re.search(rb'"type"\s*:\s*"excalidraw(lib|/clipboard)?"', data[:65536]) is not None
