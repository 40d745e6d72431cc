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


def diagram_to_json(diagram: Diagram) -> dict[str, Any]:
    return {"meta": meta_to_json(diagram.meta), "elements": [element_to_dict(e) for e in diagram]}


def diagram_from_json(data: dict[str, Any]) -> Diagram:
    return Diagram(meta_from_json(data.get("meta", {})), [element_from_dict(e) for e in data.get("elements", [])])


def pack_diagram(diagram: Diagram) -> bytes:
    return pack(diagram_to_json(diagram))


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
