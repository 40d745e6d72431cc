"""Bounded decoding of untrusted data (deflate, base64): a small bomb never becomes gigabytes in memory."""

from __future__ import annotations

import binascii
import zlib

from autograph_desktop.model.problems import InvalidInput, Problem

#: The most text one page (or one embedded scene) may expand to; a real diagram is far smaller.
MAX_DECOMPRESSED = 50 * 1024 * 1024


def inflate(data: bytes, wbits: int, source: str = "", what: str = "data",
            limit: int = MAX_DECOMPRESSED, path: str | None = None) -> bytes:
    """Decompress deflate/zlib data, refusing anything that would expand beyond `limit` bytes.

    `zlib.decompress` would happily allocate gigabytes for a small bomb; a bounded decompressobj stops
    as soon as the output passes the limit.
    """
    engine = zlib.decompressobj(wbits)
    try:
        out = engine.decompress(data, limit + 1)
        if len(out) <= limit and not engine.unconsumed_tail:
            out += engine.flush()
    except zlib.error as exc:
        raise InvalidInput([Problem(f"{what} is not valid compressed data ({exc})", path=path)],
                           source=source) from None
    if len(out) > limit or engine.unconsumed_tail:
        raise InvalidInput([Problem(f"{what} expands to more than {limit // (1024 * 1024)} MB; refused",
                                    path=path)], source=source)
    return out


def b64decode(text: str | bytes, source: str = "", what: str = "data", path: str | None = None) -> bytes:
    """Strict base64 (whitespace tolerated, padding repaired): garbage becomes a clear InvalidInput."""
    raw = text.encode("ascii", "replace") if isinstance(text, str) else text
    compact = b"".join(raw.split())
    compact += b"=" * (-len(compact) % 4)
    try:
        return binascii.a2b_base64(compact, strict_mode=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidInput([Problem(f"{what} is not valid base64 ({exc})", path=path)], source=source) from None
