"""Writing an imported draw.io cell's own style back: untouched while it looks as imported, merged after edits.

draw.io styles carry far more than our elements model (stencil parameters, shadows, glass, spacing, custom
keys of plug-ins). The reader keeps each cell's style string and a fingerprint of the look it gave the
element; the writer asks here what to write. While the element still has that look, the original string
goes back byte for byte; once the user has changed its look, our generated keys win and the original's
other keys (those we do not model) ride along, so nothing unknown is lost either way.
"""

from __future__ import annotations

import hashlib
from typing import Any

from autograph_desktop.formats.drawio_styles import format_style, parse_style
from autograph_desktop.model.elements import Connector, Element

#: `data` keys the reader sets: the cell's style as written, and the look it gave the element.
STYLE_KEY = "drawio:style"
LOOK_KEY = "drawio:look"
#: An unknown stencil's name (shown as the element's tooltip in the editor).
STENCIL_KEY = "drawio:stencil"
#: Longer styles (huge embedded images) are not kept twice: the element's own data holds the image.
MAX_KEPT = 200_000

#: Keys that follow the element rather than its look: what the writer generates wins even when the
#: rest of the original style is written back (the user may have moved, turned, locked or reconnected).
_VERTEX_LIVE = frozenset({"rotation", "locked"})
_EDGE_LIVE = frozenset({f"{end}{axis}" for end in ("exit", "entry") for axis in ("X", "Y", "Dx", "Dy")})
#: Keys that say which shape is drawn: never carried over from the original once the look changed.
_SHAPE_KEYS = frozenset({"shape", "agShape", "agIcon", "resIcon", "prIcon", "grIcon", "image"})


def look_of(el: Element) -> str:
    """A short fingerprint of everything about an element that its draw.io style describes."""
    parts: list[Any] = [el.kind, sorted(el.style.to_dict().items())]
    if isinstance(el, Connector):
        parts += [el.routing, el.start_arrow, el.end_arrow]
    else:
        parts += [getattr(el, "shape", ""), getattr(el, "icon", "")]
    return hashlib.blake2s(repr(parts).encode("utf-8"), digest_size=8).hexdigest()


def kept_style(style: str) -> list[tuple[str, str]]:
    """The data pairs the reader adds to keep a cell's style (none for an empty or oversized one)."""
    if not style or len(style) > MAX_KEPT:
        return []
    return [(STYLE_KEY, style)]


def restored_style(el: Element, base: str, values: dict[str, str]) -> str:
    """The style string to write for `el`, given the one generated from our model (`base`, `values`)."""
    original = el.get(STYLE_KEY)
    if not original:
        return format_style(base, values)
    base0, orig = parse_style(original)
    # (a group has no turn of its own here: its original's stays as it was)
    live = _EDGE_LIVE if isinstance(el, Connector) else frozenset() if el.kind == "group" else _VERTEX_LIVE
    if el.get(LOOK_KEY) == look_of(el):
        out = dict(orig)
        for key in live:
            if _same(key, orig.get(key), values.get(key)):
                continue  # (-90 and 270 degrees, or 0 and none, are the same turn)
            if key in values:
                out[key] = values[key]
            else:
                out.pop(key, None)
        return original if out == orig else format_style(base0, out)
    merged = dict(values)
    for key, value in orig.items():
        if key not in _SHAPE_KEYS:
            merged.setdefault(key, value)
    return format_style(base, merged)


def _same(key: str, written: str | None, ours: str | None) -> bool:
    """Whether the original's value of a live key says what ours says (turns compared modulo 360)."""
    if written == ours:
        return True
    if key != "rotation":
        return False
    try:
        a, b = float(written or 0) % 360, float(ours or 0) % 360
    except ValueError:
        return False
    return abs(a - b) < 1e-6 or abs(abs(a - b) - 360) < 1e-6
