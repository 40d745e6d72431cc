"""How diagrams become bytes in the library: orjson element dicts, zlib-compressed with a codec tag.

Rows hold one element's JSON each (`model.element_to_dict`, the same form files and sync use); snapshots,
versions and templates hold a whole diagram. The first byte of a blob names its codec so that a later
release can switch (e.g. to zstd) and still read every blob it ever wrote.
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import asdict, fields
from typing import Any

import orjson

from autograph_desktop.model import Diagram, DiagramMeta, Element, element_from_dict, element_to_dict

_ZLIB = b"z"
_RAW = b"j"
#: Level 6 costs twice level 1 for ~15% smaller blobs; versions of 10k elements stay well under 100 ms.
ZLIB_LEVEL = 6
#: Meta fields kept in the diagrams row's JSON column (the rest have their own columns).
EXTRA_META = ("theme", "background", "source", "source_kind")


class CorruptBlob(ValueError):
    """A stored blob that cannot be decoded (damaged file or a codec from a newer release)."""


def pack(value: Any) -> bytes:
    return _ZLIB + zlib.compress(orjson.dumps(value), ZLIB_LEVEL)


def unpack(blob: bytes) -> Any:
    try:
        if blob[:1] == _ZLIB:
            return orjson.loads(zlib.decompress(blob[1:]))
        if blob[:1] == _RAW:
            return orjson.loads(blob[1:])
    except (zlib.error, orjson.JSONDecodeError) as exc:
        raise CorruptBlob(f"damaged blob: {exc}") from exc
    raise CorruptBlob(f"unknown blob codec {blob[:1]!r}")


def element_json(element: Element) -> str:
    return orjson.dumps(element_to_dict(element)).decode()


def meta_to_json(meta: DiagramMeta) -> dict[str, Any]:
    return asdict(meta)


def meta_from_json(data: dict[str, Any]) -> DiagramMeta:
    """Tolerant: unknown keys (from a newer release) are dropped, missing ones take defaults."""
    names = {f.name for f in fields(DiagramMeta)}
    return DiagramMeta(**{k: str(v) for k, v in data.items() if k in names})


class EncodeCache:
    """Element dicts kept per element object: an unchanged element (the same immutable object) is not
    encoded again. A session keeps one, so snapshots and versions of a 10k-element diagram re-encode
    only what changed since the last one."""

    def __init__(self) -> None:
        self._by_id: dict[str, tuple[Element, dict[str, Any]]] = {}

    def remember(self, element: Element, data: dict[str, Any]) -> None:
        self._by_id[element.id] = (element, data)

    def encode(self, element: Element) -> dict[str, Any]:
        hit = self._by_id.get(element.id)
        if hit is not None and hit[0] is element:
            return hit[1]
        data = element_to_dict(element)
        self._by_id[element.id] = (element, data)
        return data

    def encode_all(self, diagram: Diagram) -> list[dict[str, Any]]:
        out = [self.encode(e) for e in diagram]
        if len(self._by_id) > 2 * len(out) + 1000:  # drop elements deleted long ago
            live = {e.id for e in diagram}
            self._by_id = {k: v for k, v in self._by_id.items() if k in live}
        return out


def diagram_to_json(diagram: Diagram, cache: EncodeCache | None = None) -> dict[str, Any]:
    elements = cache.encode_all(diagram) if cache is not None else [element_to_dict(e) for e in diagram]
    return {"meta": meta_to_json(diagram.meta), "elements": elements}


def diagram_from_json(data: dict[str, Any]) -> Diagram:
    return Diagram(meta_from_json(data.get("meta", {})), decode_elements(data.get("elements", [])))


def decode_element(data: Any) -> Element | None:
    """An element from a stored dict, or None when the record is damaged (edited by hand, written by a
    buggy build): one bad record must not make the whole diagram unopenable."""
    try:
        return element_from_dict(data)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def decode_elements(dicts: list[dict[str, Any]]) -> list[Element]:
    return [e for e in map(decode_element, dicts) if e is not None]


def pack_diagram(diagram: Diagram, cache: EncodeCache | None = None) -> bytes:
    return pack(diagram_to_json(diagram, cache))


def unpack_diagram(blob: bytes) -> Diagram:
    return diagram_from_json(unpack(blob))


def content_checksum(diagram: Diagram) -> str:
    """A digest of a diagram's title and elements, independent of order of insertion (tests, sync)."""
    h = hashlib.sha256(diagram.meta.title.encode())
    for element in sorted(diagram, key=lambda e: e.id):
        h.update(orjson.dumps(element_to_dict(element), option=orjson.OPT_SORT_KEYS))
    return h.hexdigest()


def text_of(element_dict: dict[str, Any]) -> list[str]:
    """The words a user would search an element by: its text and its connector labels."""
    out: list[str] = []
    text = element_dict.get("text")
    if isinstance(text, str) and text:
        out.append(text)
    for label in element_dict.get("labels", ()) or ():
        if isinstance(label, dict) and isinstance(label.get("text"), str) and label["text"]:
            out.append(label["text"])
    return out
