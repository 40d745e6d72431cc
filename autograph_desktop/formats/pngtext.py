"""The text chunks of a PNG, where draw.io, Excalidraw and AutoGraph keep the editable diagram of an export."""

from __future__ import annotations

import struct
from collections.abc import Collection

from autograph_desktop.formats.bounded import MAX_DECOMPRESSED, inflate
from autograph_desktop.model.problems import InvalidInput, Problem

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: A PNG with more chunks than this is not an export of a diagram.
MAX_PNG_CHUNKS = 10_000
_TEXT_KINDS = (b"tEXt", b"zTXt", b"iTXt")


def text_keywords(data: bytes) -> list[str]:
    """The keywords of the text chunks, without decompressing anything: a cheap test for sniffers.

    Never raises: a broken or truncated PNG gives the keywords found before the damage.
    """
    if not data.startswith(PNG_SIGNATURE):
        return []
    out: list[str] = []
    pos = len(PNG_SIGNATURE)
    for _ in range(MAX_PNG_CHUNKS):
        if pos + 8 > len(data):
            break
        length, ctype = struct.unpack_from(">I4s", data, pos)
        if pos + 12 + length > len(data) or ctype == b"IEND":
            break
        if ctype in _TEXT_KINDS:
            keyword, sep, _rest = data[pos + 8:pos + 8 + min(length, 80)].partition(b"\x00")
            if sep:
                out.append(keyword.decode("latin-1"))
        pos += 12 + length
    return out


def text_chunks(data: bytes, source: str = "", keywords: Collection[str] | None = None,
                limit: int = MAX_DECOMPRESSED) -> list[tuple[str, bytes]]:
    """(keyword, text bytes) of the tEXt/zTXt/iTXt chunks, decompressed (at most `limit` bytes each).

    Only chunks whose keyword is in `keywords` are decoded when it is given, so that a big unrelated
    chunk costs nothing. A truncated or malformed PNG raises InvalidInput naming the chunk.
    """
    if not data.startswith(PNG_SIGNATURE):
        raise InvalidInput([Problem("not a PNG file")], source=source)
    out: list[tuple[str, bytes]] = []
    pos = len(PNG_SIGNATURE)
    for index in range(MAX_PNG_CHUNKS):
        if pos + 8 > len(data):
            break
        length, ctype = struct.unpack_from(">I4s", data, pos)
        body = data[pos + 8:pos + 8 + length]
        where = f"PNG chunk {index} ({ctype.decode('latin-1')})"
        if len(body) < length:
            raise InvalidInput([Problem(f"{where} is truncated", path=where)], source=source)
        pos += 12 + length
        if ctype == b"IEND":
            break
        if ctype not in _TEXT_KINDS:
            continue
        raw_keyword, sep, rest = body.partition(b"\x00")
        if not sep:
            raise InvalidInput([Problem(f"{where} has no keyword separator", path=where)], source=source)
        keyword = raw_keyword.decode("latin-1")
        if keywords is not None and keyword not in keywords:
            continue
        if ctype == b"zTXt":
            text = inflate(rest[1:], 15, source, where, path=where, limit=limit)
        elif ctype == b"iTXt":
            if len(rest) < 2:
                raise InvalidInput([Problem(f"{where} is truncated", path=where)], source=source)
            compressed = rest[0] == 1
            tail = rest[2:].split(b"\x00", 2)  # language, translated keyword, text
            text = tail[2] if len(tail) == 3 else b""
            if compressed:
                text = inflate(text, 15, source, where, path=where, limit=limit)
        else:
            text = rest
        out.append((keyword, text))
    return out


__all__ = ["MAX_PNG_CHUNKS", "PNG_SIGNATURE", "text_chunks", "text_keywords"]
