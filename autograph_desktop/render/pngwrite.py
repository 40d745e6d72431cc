"""A small, fast PNG encoder for exported pictures: no row filters, zlib at a low level, streamed rows.

Pillow's encoder tries every row filter and copies the picture twice on the way in; for the large, mostly
flat images a diagram makes, unfiltered rows at zlib level 1 are about three times faster and only a few
percent bigger. zlib releases the GIL, so an export in a worker thread leaves the GUI responsive.
"""

from __future__ import annotations

import struct
import zlib

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def itxt(keyword: str, text: str, compress: bool = True) -> bytes:
    """An iTXt chunk (UTF-8 text, zlib-compressed when `compress`)."""
    payload = text.encode("utf-8")
    body = keyword.encode("latin-1")[:79] + b"\0" + (b"\x01\x00" if compress else b"\x00\x00") + b"\0\0"
    return chunk(b"iTXt", body + (zlib.compress(payload, 6) if compress else payload))


def encode(buffer: bytes | memoryview, width: int, height: int, bytes_per_line: int, channels: int,
           level: int = 1, text_chunks: dict[str, str] | None = None, dpi: float | None = None) -> bytes:
    """PNG bytes for 8-bit RGB (`channels` 3) or RGBA (4) rows read from `buffer` with a line stride."""
    if channels not in (3, 4):
        raise ValueError("channels must be 3 (RGB) or 4 (RGBA)")
    row_bytes = width * channels
    view = memoryview(buffer).cast("B")
    if len(view) < bytes_per_line * (height - 1) + row_bytes:
        raise ValueError("buffer is smaller than the image")
    header = struct.pack(">IIBBBBB", width, height, 8, 2 if channels == 3 else 6, 0, 0, 0)
    out = [SIGNATURE, chunk(b"IHDR", header)]
    if dpi:
        per_metre = round(dpi / 0.0254)
        out.append(chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)))
    for key, value in (text_chunks or {}).items():
        out.append(itxt(key, value))
    compressor = zlib.compressobj(level)
    parts: list[bytes] = []
    zero = b"\x00"
    for y in range(height):
        start = y * bytes_per_line
        parts.append(compressor.compress(zero))
        parts.append(compressor.compress(view[start:start + row_bytes]))
    parts.append(compressor.flush())
    data = b"".join(parts)
    step = 1 << 20  # IDAT chunks of 1 MB, as most encoders write them
    out.extend(chunk(b"IDAT", data[i:i + step]) for i in range(0, max(len(data), 1), step))
    out.append(chunk(b"IEND", b""))
    return b"".join(out)
