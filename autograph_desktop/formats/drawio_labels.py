"""draw.io label text: HTML labels to plain text with line breaks, placeholders, and image data URIs."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import urllib.parse

from autograph_desktop.model.richhtml import parse_html_label

_PLACEHOLDER = re.compile(r"%([A-Za-z0-9_.\-]+)%")
#: Embedded image bytes kept in the element's `data` up to this size (screenshots and logos fit): as base64
#: they stay under the 1,000,000 characters a data value may hold in our files and on the sync wire.
MAX_INLINE_IMAGE = 700 * 1024


def html_to_text(value: str) -> str:
    """Plain text of an HTML label: tags stripped, entities decoded, `<br>`/blocks kept as line breaks, list
    items marked (the rich text runs of the same label come from `model.richhtml.parse_html_label`)."""
    return parse_html_label(value)[0]


def fill_placeholders(label: str, attrs: dict[str, str]) -> str:
    """`%name%` in a UserObject label replaced by its attribute, as draw.io shows it with placeholders=1."""
    def sub(match: re.Match[str]) -> str:
        return attrs.get(match.group(1), match.group(0))

    return _PLACEHOLDER.sub(sub, label)


def decode_data_uri(uri: str) -> tuple[str, bytes] | None:
    """(mime, bytes) of a `data:` URI, or None when it is not one or does not decode.

    draw.io writes `data:image/png,BASE64` (no `;base64`, since `;` separates style keys), so base64 is
    tried first whatever the marker says.
    """
    if not uri.startswith("data:"):
        return None
    head, sep, payload = uri[5:].partition(",")
    if not sep:
        return None
    mime = head.split(";")[0] or "application/octet-stream"
    try:
        return mime, base64.b64decode(payload + "=" * (-len(payload) % 4), validate=True)
    except (binascii.Error, ValueError):
        pass
    if ";base64" in head:
        return None
    return mime, urllib.parse.unquote_to_bytes(payload)


def image_fields(uri: str) -> tuple[str, str, list[tuple[str, str]], str | None]:
    """(sha256, mime, data pairs, warning) for an image reference: data kept if small, URLs never fetched."""
    decoded = decode_data_uri(uri)
    if decoded is None:
        if uri.startswith("data:"):
            return "", "image/png", [], "an embedded image could not be decoded; it was dropped"
        return "", "image/png", [("image.url", uri)] if uri else [], None
    mime, raw = decoded
    digest = hashlib.sha256(raw).hexdigest()
    if len(raw) <= MAX_INLINE_IMAGE:
        return digest, mime, [("image.base64", base64.b64encode(raw).decode("ascii"))], None
    return digest, mime, [], (f"an embedded image of {len(raw) // 1024} KB is larger than "
                              f"{MAX_INLINE_IMAGE // 1024} KB; its bytes were dropped (sha256 kept)")
