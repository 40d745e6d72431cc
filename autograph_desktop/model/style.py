"""Element styles and the named colour palette that maps to light and dark canvases."""

from __future__ import annotations

import colorsys
import re
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any, Literal

Theme = Literal["light", "dark"]

#: Named colours: (stroke/text on light, stroke/text on dark, fill on light, fill on dark).
#: Strokes are saturated enough to read on both canvases; fills are soft tints that keep text legible.
PALETTE: dict[str, tuple[str, str, str, str]] = {
    "ink": ("#1e1e2e", "#e6e6ef", "#ffffff", "#1e1e2e"),
    "gray": ("#5c6370", "#a8afbd", "#eef0f3", "#2f333b"),
    "red": ("#d9363e", "#ff6b70", "#fde2e3", "#4a1f22"),
    "orange": ("#e8590c", "#ff9a52", "#ffe8d6", "#4a2c17"),
    "yellow": ("#b8860b", "#f2c94c", "#fff5c2", "#4a3f12"),
    "green": ("#2f9e44", "#63d47a", "#dcf5e0", "#1d3d24"),
    "teal": ("#0c8599", "#3bc9db", "#d5f3f7", "#153d44"),
    "blue": ("#1c7ed6", "#5caeff", "#dbeafe", "#1b3150"),
    "violet": ("#7048e8", "#a68bff", "#ebe4ff", "#2f2550"),
    "pink": ("#d6336c", "#ff7aa8", "#fde0ec", "#4a1d2e"),
}
PALETTE_NAMES: tuple[str, ...] = tuple(PALETTE)

BACKGROUNDS: dict[str, str] = {"light": "#ffffff", "dark": "#16161e"}

DASHES = ("solid", "dashed", "dotted", "dashdot")
TEXT_ALIGNS = ("left", "center", "right")
VERTICAL_ALIGNS = ("top", "middle", "bottom")
#: Where a label sits: as the kind says ("auto": inside, or under an icon), inside, or beside the box. A
#: frame's title: "auto" on a tab above it, "lane" on a header band inside it, "inside" placed inside it by
#: its alignment (draw.io's containers).
LABEL_POSITIONS = ("auto", "inside", "above", "below", "left", "right", "lane")
DEFAULT_FONT = "DejaVu Sans"

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")


@dataclass(frozen=True, slots=True)
class Style:
    """How an element looks. Colours are palette names, `#rrggbb` or `none`."""

    fill: str = "ink"
    stroke: str = "ink"
    stroke_width: float = 2.0
    dash: str = "solid"
    opacity: float = 1.0
    # Looks other tools draw (draw.io's style keys; formats/drawio_keys.py lists which are honoured).
    fill_opacity: float = 1.0
    stroke_opacity: float = 1.0
    text_opacity: float = 1.0
    dash_pattern: str = ""  # dash and gap lengths in stroke widths ("8 4"), beside `dash`'s named ones
    shadow: bool = False
    glass: bool = False
    label_position: str = "auto"
    label_background: str = "none"
    label_border: str = "none"
    label_dx: float = 0.0  # the label moved from where it would sit (draw.io's spacing on one side)
    label_dy: float = 0.0
    text_vertical: bool = False  # the text turned a quarter anticlockwise (draw.io's horizontal=0)
    line_jumps: str = ""  # a connector hops over those drawn before it where they cross: arc, gap or sharp
    line_jump_size: float = 6.0
    corner_radius: float = 0.0
    font_family: str = DEFAULT_FONT
    font_size: float = 16.0
    font_weight: int = 400
    font_italic: bool = False
    text_color: str = "ink"
    text_align: str = "center"
    vertical_align: str = "middle"

    def to_dict(self) -> dict[str, Any]:
        """Only the fields that differ from the default: small files and small diffs."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value != f.default:
                out[f.name] = value
        return out

    @staticmethod
    def from_dict(data: dict[str, Any]) -> Style:
        return Style(**data) if data else DEFAULT_STYLE

    def with_(self, **changes: Any) -> Style:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(changes)
        return Style(**values)


DEFAULT_STYLE = Style()
STYLE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Style))


def is_color(value: str) -> bool:
    return value == "none" or value in PALETTE or bool(_HEX.match(value))


def _expand_hex(value: str) -> str:
    digits = value[1:]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits.lower()


@lru_cache(maxsize=4096)
def dark_variant(value: str) -> str:
    """A custom colour as the dark canvas shows it: lightness mirrored, hue and saturation kept.

    Palette colours have hand-picked dark twins; a colour typed by the user or read from another tool
    (draw.io's pale fills, a black label) is mirrored like this, as Excalidraw's dark mode does, so that
    what was dark on light stays legible as light on dark and no label vanishes into its fill.
    """
    if not _HEX.match(value):
        return value
    full = _expand_hex(value)
    r, g, b = (int(full[i:i + 2], 16) / 255 for i in (1, 3, 5))
    hue, lightness, saturation = colorsys.rgb_to_hls(r, g, b)
    mirrored = 0.06 + (1.0 - lightness) * 0.88
    nr, ng, nb = colorsys.hls_to_rgb(hue, mirrored, saturation)
    alpha = full[7:9] if len(full) == 9 else ""
    return "#" + "".join(f"{round(c * 255):02x}" for c in (nr, ng, nb)) + alpha


def resolve_color(value: str, theme: Theme = "light", role: Literal["stroke", "fill", "text"] = "stroke") -> str | None:
    """The concrete `#rrggbb` for a palette name (by theme and role), a hex colour as is on the light
    canvas and mirrored on the dark one (see `dark_variant`), None for `none`."""
    if value == "none":
        return None
    entry = PALETTE.get(value)
    if entry is None:
        return dark_variant(value) if theme == "dark" else value
    light_stroke, dark_stroke, light_fill, dark_fill = entry
    if role == "fill":
        return light_fill if theme == "light" else dark_fill
    return light_stroke if theme == "light" else dark_stroke
