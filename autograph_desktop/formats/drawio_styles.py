"""draw.io style strings <-> AutoGraph kinds, shapes, arrowheads and Style fields, both directions."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from autograph_desktop.formats.drawio_keys import look_fields, write_look
from autograph_desktop.icons.drawio_stencils import (
    image_icon,
    library_image,
    logo_icon,
    pack_installed,
    stencil_icon,
    tile_name,
)
from autograph_desktop.model.elements import SHAPES
from autograph_desktop.model.shapes import BUILT_IN
from autograph_desktop.model.shapes.stencils import stencil_kind
from autograph_desktop.model.shapes.variants import DIRECTION_TURNS, variant_name
from autograph_desktop.model.style import DEFAULT_STYLE, PALETTE, Style, resolve_color

_HEX6 = re.compile(r"^#[0-9a-fA-F]{6}$")
_HEX3 = re.compile(r"^#[0-9a-fA-F]{3}$")
#: CSS names that turn up in hand-edited draw.io styles; anything else unknown falls back to the default.
_CSS_COLORS = {
    "white": "#ffffff", "black": "#000000", "red": "#ff0000", "green": "#008000", "blue": "#0000ff",
    "yellow": "#ffff00", "gray": "#808080", "grey": "#808080", "orange": "#ffa500", "purple": "#800080",
}
MONO_FAMILIES = ("courier", "mono", "consolas", "menlo", "monaco", "cascadia", "code")

#: draw.io shape names (the style's first bare token, or `shape=`) -> our shape; stencil names
#: (`shape=mxgraph.<lib>.<name>`, matched on the last part) with a close built-in shape; our shapes -> the
#: draw.io style that draws them (`agShape` keeps the exact shape for a round trip). Each shape
#: definition (`model.shapes`) carries its own draw.io names: these are read off the registry.
SHAPE_FROM_DRAWIO: dict[str, str] = {name: d.name for d in BUILT_IN for name in d.drawio_names}
STENCIL_SHAPES: dict[str, str] = {name: d.name for d in BUILT_IN for name in d.drawio_stencils}
SHAPE_TO_DRAWIO: dict[str, str] = {d.name: d.drawio for d in BUILT_IN}

#: Our arrowheads <-> draw.io marker names (plus `endFill=0` for the open variants).
ARROW_TO_DRAWIO: dict[str, tuple[str, bool]] = {
    "none": ("none", True), "arrow": ("classic", True), "triangle": ("block", True),
    "open_triangle": ("block", False), "diamond": ("diamond", True), "open_diamond": ("diamond", False),
    "circle": ("oval", True), "open_circle": ("oval", False), "bar": ("dash", True), "cross": ("cross", True),
    "half_arrow": ("async", True), "crow_one": ("ERmandOne", True), "crow_many": ("ERmany", True),
    "crow_zero_one": ("ERzeroToOne", True), "crow_one_many": ("ERoneToMany", True),
    "crow_zero_many": ("ERzeroToMany", True),
}
_ARROW_FROM_DRAWIO: dict[str, str] = {
    "none": "none", "": "none", "classic": "arrow", "classicThin": "arrow", "open": "arrow", "openThin": "arrow",
    "block": "triangle", "blockThin": "triangle", "diamond": "diamond", "diamondThin": "diamond",
    "oval": "circle", "dash": "bar", "box": "bar", "baseDash": "bar", "cross": "cross", "async": "half_arrow",
    "openAsync": "half_arrow", "ERmandOne": "crow_one", "ERone": "crow_one", "ERmany": "crow_many",
    "ERzeroToOne": "crow_zero_one", "ERoneToMany": "crow_one_many", "ERzeroToMany": "crow_zero_many",
    "halfCircle": "open_circle", "circle": "open_circle", "circlePlus": "open_circle", "doubleBlock": "triangle",
}
_OPEN_VARIANT = {"triangle": "open_triangle", "diamond": "open_diamond", "circle": "open_circle"}


def parse_style(text: str) -> tuple[str, dict[str, str]]:
    """Split `ellipse;whiteSpace=wrap;fillColor=#fff` into the base name and key/value pairs (a fresh dict)."""
    base, items = _parse_style_cached(text)
    return base, dict(items)


@functools.lru_cache(maxsize=4096)
def _parse_style_cached(text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """Real diagrams repeat a handful of style strings thousands of times: parse each once."""
    base = ""
    values: dict[str, str] = {}
    for part in text.split(";"):
        part = part.strip()
        if not part:
            continue
        key, sep, value = part.partition("=")
        if sep:
            values[key.strip()] = value.strip()
        elif not base:
            base = key
    return base, tuple(values.items())


def format_style(base: str, values: dict[str, str]) -> str:
    """The inverse of parse_style; `;` inside a value (a URL, say) is percent-encoded so it cannot split it."""
    parts = [base] if base else []
    parts += [f"{k}={v.replace(';', '%3B')}" for k, v in values.items()]
    return ";".join(parts) + ";"


def number(values: dict[str, str], key: str, default: float) -> float:
    """A numeric style value; draw.io tolerates garbage here, and so do we."""
    try:
        out = float(values.get(key, default))
    except ValueError:
        return default
    return out if out == out and abs(out) < 1e9 else default


def color(value: str | None) -> str | None:
    """A draw.io colour as ours: `#rrggbb`, `none`, or None for default/unknown."""
    if value is None:
        return None
    value = value.strip()
    if value.lower() == "none":
        return "none"
    if _HEX6.match(value):
        return value.lower()
    if _HEX3.match(value):
        return "#" + "".join(c * 2 for c in value[1:]).lower()
    return _CSS_COLORS.get(value.lower())


def arrow(values: dict[str, str], key: str, fill_key: str, default: str) -> tuple[str, bool]:
    """Our arrowhead for a marker; the flag says whether the marker name was unknown."""
    name = values.get(key, default)
    ours = _ARROW_FROM_DRAWIO.get(name)
    if ours is None:
        return "arrow", True
    if values.get(fill_key) == "0":
        ours = _OPEN_VARIANT.get(ours, ours)
    return ours, False


@dataclass(frozen=True, slots=True)
class KindGuess:
    """What a vertex style says the element is: `kind` is shape/text/image/icon/frame/group."""

    kind: str
    shape: str = "rectangle"
    icon: str = ""
    unknown: str = ""


#: Built-in kinds that look the same turned a quarter or mirrored (no variant needed for them).
_SYMMETRIC = frozenset({"rectangle", "rounded", "ellipse", "circle", "diamond", "stadium", "double_circle",
                        "cross", "star"})
#: Built-in kinds whose figure faces another way than draw.io's (quarter turns from draw.io's default).
_FACING = {"triangle": 1}


def classify(base: str, values: dict[str, str]) -> KindGuess:
    """Decide the element kind and shape of a vertex from its style alone (with draw.io's `direction`,
    `flipH` and `flipV` as a turned or mirrored variant of a built-in kind; stencils carry theirs)."""
    guess = _classify(base, values)
    if (guess.kind != "shape" or guess.shape not in SHAPE_TO_DRAWIO or guess.shape in _SYMMETRIC
            or values.get("agShape") == guess.shape):
        return guess
    turns = DIRECTION_TURNS.get(values.get("direction", "east"), 0) + _FACING.get(guess.shape, 0)
    _, own = parse_style(SHAPE_TO_DRAWIO[guess.shape])  # flips the kind's own draw.io style already has
    flip_h = values.get("flipH") == "1" and own.get("flipH") != "1"
    flip_v = values.get("flipV") == "1" and own.get("flipV") != "1"
    shape = variant_name(guess.shape, turns, flip_h, flip_v)
    return guess if shape == guess.shape else KindGuess("shape", shape, guess.icon, guess.unknown)


def _classify(base: str, values: dict[str, str]) -> KindGuess:
    wanted = values.get("agShape")
    if wanted in SHAPES:
        # Trust our own marker only while the drawn shape is still the one we wrote (not edited in draw.io).
        written_base, written = parse_style(SHAPE_TO_DRAWIO.get(wanted, "rounded=0"))
        if written_base == base and written.get("shape") == values.get("shape"):
            return KindGuess("shape", wanted)
    if "agIcon" in values:
        return KindGuess("icon", icon=values["agIcon"])
    if base == "group":
        return KindGuess("group")
    shape_name = values.get("shape", base)
    if shape_name == "image" or base == "image":
        url = values.get("image", "")
        if library_image(url) is not None:  # draw.io's own icon libraries: our cloud pack has them
            if (icon := image_icon(url)) is not None:
                return KindGuess("icon", icon=icon)
            if not pack_installed():
                return KindGuess("icon", icon=f"drawio:{url}")
        return KindGuess("image")
    if base == "text" or shape_name == "text" or base == "edgeLabel":
        return KindGuess("text")
    if shape_name == "swimlane" or base == "swimlane" or (values.get("container") == "1" and not shape_name):
        return KindGuess("frame")
    if (stencil := stencil_kind(shape_name, values)) is not None:
        return KindGuess("shape", stencil)
    if shape_name.startswith("mxgraph."):
        if (tile := tile_name(shape_name, values)) is not None:
            if (icon := stencil_icon(tile)) is not None:
                return KindGuess("icon", icon=icon)
            if not pack_installed():  # drawn by name once the cloud pack is installed (icons.render)
                return KindGuess("icon", icon=f"drawio:{tile}")
        if (logo := logo_icon(shape_name)) is not None:
            return KindGuess("icon", icon=logo)
        last = shape_name.rsplit(".", 1)[-1]
        if "prIcon" in values and (stencil := stencil_kind(shape_name, values, guess=True)) is not None:
            return KindGuess("shape", stencil)  # a tile (`cisco19.rect`) naming its device
        if last in STENCIL_SHAPES:
            return KindGuess("shape", STENCIL_SHAPES[last])
        if (stencil := stencil_kind(shape_name, values, guess=True)) is not None:
            return KindGuess("shape", stencil)
        return KindGuess("shape", "rectangle", unknown=shape_name)
    if shape_name == "ellipse" or base == "ellipse":
        circle = values.get("aspect") == "fixed"
        inner = values.get("shape", "ellipse")
        if inner != "ellipse" and inner in SHAPE_FROM_DRAWIO:
            return KindGuess("shape", SHAPE_FROM_DRAWIO[inner])
        return KindGuess("shape", "circle" if circle else "ellipse")
    if not shape_name:
        return KindGuess("shape", "rounded" if values.get("rounded") == "1" else "rectangle")
    if shape_name in SHAPE_FROM_DRAWIO:
        shape = SHAPE_FROM_DRAWIO[shape_name]
        if shape == "rectangle" and values.get("rounded") == "1":
            shape = "rounded"
        return KindGuess("shape", _written_variant(shape_name, values) or shape)
    return KindGuess("shape", "rounded" if values.get("rounded") == "1" else "rectangle", unknown=shape_name)


def _written_variant(shape_name: str, values: dict[str, str]) -> str | None:
    """The kind whose draw.io style this is when kinds share a draw.io shape and differ by a flip
    (`flipH=1` makes a parallelogram lean left, `flipV=1` a trapezoid narrow at the bottom)."""
    for kind, (name, flips) in _FLIPPED.items():
        if name == shape_name and all(values.get(k) == v for k, v in flips.items()):
            return kind
    return None


_FROM_CACHE: dict[tuple[object, ...], Style] = {}


def style_from_drawio(values: dict[str, str], w: float, h: float, text_like: bool = False) -> Style:
    """Our Style for a draw.io style; text-like cells default to no fill and no outline, as in draw.io.

    Memoised: a diagram repeats a few styles many times, and only relative corner radii depend on size.
    """
    sized = values.get("rounded") == "1" and values.get("absoluteArcSize") != "1"
    key = (tuple(values.items()), text_like, (w, h) if sized else None)
    style = _FROM_CACHE.get(key)
    if style is None:
        if len(_FROM_CACHE) > 10_000:
            _FROM_CACHE.clear()
        style = _FROM_CACHE[key] = _style_from_drawio(values, w, h, text_like)
    return style


def _style_from_drawio(values: dict[str, str], w: float, h: float, text_like: bool) -> Style:
    fields: dict[str, object] = {}
    fill = color(values.get("fillColor"))
    stroke = color(values.get("strokeColor"))
    if values.get("fillColor") == "strokeColor":  # draw.io's solid dots and bars: filled as outlined
        fill = stroke if stroke is not None else "#000000"
    if fill is not None:
        fields["fill"] = fill
    elif text_like:
        fields["fill"] = "none"
    if stroke is not None:
        fields["stroke"] = stroke
    elif text_like:
        fields["stroke"] = "none"
    if (font := color(values.get("fontColor"))) is not None and font != "none":
        fields["text_color"] = font
    fields["stroke_width"] = max(0.0, min(1000.0, number(values, "strokeWidth", 1.0)))
    if values.get("dashed") == "1":
        pattern = values.get("dashPattern", "").split()
        if pattern and pattern[0] in ("1", "0.5", "2") and len(pattern) == 2:
            fields["dash"] = "dotted"
        elif len(pattern) >= 4:
            fields["dash"] = "dashdot"
        else:
            fields["dash"] = "dashed"
    fields["opacity"] = max(0.0, min(1.0, number(values, "opacity", 100.0) / 100.0))
    if values.get("rounded") == "1":
        if values.get("absoluteArcSize") == "1":
            radius = number(values, "arcSize", 20.0) / 2
        else:
            radius = min(w, h) * number(values, "arcSize", 15.0) / 100
        fields["corner_radius"] = max(0.0, min(1e6, radius))
    fields["font_size"] = max(1.0, min(2000.0, number(values, "fontSize", 12.0)))
    bits = int(number(values, "fontStyle", 0.0))
    if bits & 1:
        fields["font_weight"] = 700
    if bits & 2:
        fields["font_italic"] = True
    family = values.get("fontFamily", "")
    if family:
        mono = any(word in family.lower() for word in MONO_FAMILIES)
        fields["font_family"] = "DejaVu Sans Mono" if mono else DEFAULT_STYLE.font_family
    align = values.get("align", "center")
    fields["text_align"] = align if align in ("left", "center", "right") else "center"
    valign = values.get("verticalAlign", "middle")
    fields["vertical_align"] = valign if valign in ("top", "middle", "bottom") else "middle"
    fields.update(look_fields(values, color))
    return make_style(fields)


_STYLES: dict[tuple[tuple[str, object], ...], Style] = {}


def make_style(fields: dict[str, object]) -> Style:
    """A Style from non-default fields, shared between elements that look the same (styles are frozen)."""
    key = tuple(sorted(fields.items()))
    style = _STYLES.get(key)
    if style is None:
        if len(_STYLES) > 10_000:
            _STYLES.clear()
        style = _STYLES[key] = Style(**fields)  # type: ignore[arg-type]
    return style


def _hex(value: str, role: str) -> str:
    if value == "none":
        return "none"
    if value in PALETTE:
        return resolve_color(value, "light", role) or "none"  # type: ignore[arg-type]
    return value


def style_to_drawio(style: Style, values: dict[str, str], w: float, h: float, rounded: bool = False) -> None:
    """Add draw.io keys for our Style to `values` (in place, after the shape keys)."""
    values["fillColor"] = _hex(style.fill, "fill")
    values["strokeColor"] = _hex(style.stroke, "stroke")
    values["fontColor"] = _hex(style.text_color, "text")
    values["strokeWidth"] = f"{style.stroke_width:g}"
    if style.dash != "solid":
        values["dashed"] = "1"
        if style.dash == "dotted":
            values["dashPattern"] = "1 2"
        elif style.dash == "dashdot":
            values["dashPattern"] = "8 4 1 4"
    if style.opacity < 1.0:
        values["opacity"] = f"{style.opacity * 100:g}"
    if rounded or style.corner_radius > 0:
        values["rounded"] = "1"
        values["absoluteArcSize"] = "1"
        values["arcSize"] = f"{(style.corner_radius or min(w, h) * 0.15) * 2:g}"
    values["fontSize"] = f"{style.font_size:g}"
    bits = (1 if style.font_weight >= 600 else 0) | (2 if style.font_italic else 0)
    if bits:
        values["fontStyle"] = str(bits)
    values["fontFamily"] = "Courier New" if "Mono" in style.font_family else "Helvetica"
    values["align"] = style.text_align
    values["verticalAlign"] = style.vertical_align
    write_look(style, values)


def _flipped_styles() -> dict[str, tuple[str, dict[str, str]]]:
    """The kinds whose draw.io style is another kind's draw.io shape flipped: (shape name, flip keys)."""
    out: dict[str, tuple[str, dict[str, str]]] = {}
    for kind, style in SHAPE_TO_DRAWIO.items():
        base, values = parse_style(style)
        flips = {k: v for k, v in values.items() if k in ("flipH", "flipV")}
        if flips:
            out[kind] = (values.get("shape", base), flips)
    return out


_FLIPPED = _flipped_styles()
