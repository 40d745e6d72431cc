"""Small Qt-free helpers every renderer shares: number and colour formatting, dash patterns, safe ids."""

from __future__ import annotations

import re

#: Dash patterns in units of the stroke width (Qt pens take them as is; SVG multiplies by the width).
DASHES: dict[str, list[float]] = {"dashed": [4.0, 3.0], "dotted": [1.0, 2.0], "dashdot": [4.0, 2.0, 1.0, 2.0]}

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
_NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_NOT_NAME = re.compile(r"[^A-Za-z0-9_.-]")


def fmt(value: float) -> str:
    """A number with at most two decimals and no trailing zeros (SVG stays small and diffable)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def hex_and_alpha(value: str) -> tuple[str, str | None]:
    """`#rrggbb` and an opacity string (None when opaque) for any hex form; black for anything else.

    Values come from files we did not write, so nothing but a checked hex colour reaches the output.
    """
    if not _HEX.match(value):
        return "#000000", None
    digits = value[1:]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    if len(digits) == 8:
        alpha = int(digits[6:8], 16) / 255
        return "#" + digits[:6].lower(), (fmt(alpha) if alpha < 1 else None)
    return "#" + digits.lower(), None


def is_hex(value: str) -> bool:
    return bool(_HEX.match(value))


def safe_id(element_id: str) -> str:
    """An XML id for an element id (UUIDs may start with a digit, which XML ids may not)."""
    if _NCNAME.match(element_id):
        return element_id
    return "e-" + _NOT_NAME.sub("_", element_id)[:200]


_XML_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_XML_ATTR = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;",
                           "\t": "&#9;"})
#: Characters XML 1.0 forbids anywhere (C0 controls except tab, newline, carriage return).
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def escape(text: str) -> str:
    """Text content for XML (xml.sax.saxutils would pull in urllib and ssl: 80 ms of CLI start-up)."""
    return _XML_FORBIDDEN.sub("\ufffd", text).translate(_XML_TEXT)


def quoteattr(value: str) -> str:
    """A double-quoted XML attribute value."""
    return '"' + _XML_FORBIDDEN.sub("\ufffd", value).translate(_XML_ATTR) + '"'
