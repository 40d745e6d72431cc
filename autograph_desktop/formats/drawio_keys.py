"""The draw.io style keys that change what is drawn, and how each is honoured: read into our model and
drawn, or kept in the cell's own style and written back (`drawio_roundtrip`).

`HONOURED` is the one table of them; a test reads a cell with and without each "drawn" key and checks
that the key changes the element, so the table cannot claim what the reader does not do.
"""

from __future__ import annotations

from autograph_desktop.model.style import Style, resolve_color

#: draw.io key -> (how it is honoured, where it goes). "drawn": read into the named element field,
#: Style field or kind, drawn by the painter and the SVG writer, and written back; "kept": not drawn
#: by us, but written back untouched with the cell's style.
HONOURED: dict[str, tuple[str, str]] = {
    "fillColor": ("drawn", "style.fill (none, default and strokeColor too)"),
    "strokeColor": ("drawn", "style.stroke"),
    "fontColor": ("drawn", "style.text_color"),
    "strokeWidth": ("drawn", "style.stroke_width"),
    "dashed": ("drawn", "style.dash"),
    "dashPattern": ("drawn", "style.dash_pattern"),
    "opacity": ("drawn", "style.opacity"),
    "fillOpacity": ("drawn", "style.fill_opacity"),
    "strokeOpacity": ("drawn", "style.stroke_opacity"),
    "textOpacity": ("drawn", "style.text_opacity"),
    "shadow": ("drawn", "style.shadow"),
    "glass": ("drawn", "style.glass"),
    "rounded": ("drawn", "style.corner_radius"),
    "arcSize": ("drawn", "style.corner_radius"),
    "fontSize": ("drawn", "style.font_size"),
    "fontStyle": ("drawn", "style.font_weight, style.font_italic"),
    "align": ("drawn", "style.text_align"),
    "verticalAlign": ("drawn", "style.vertical_align"),
    "labelPosition": ("drawn", "style.label_position"),
    "verticalLabelPosition": ("drawn", "style.label_position"),
    "spacingLeft": ("drawn", "style.label_dx"),
    "spacingRight": ("drawn", "style.label_dx"),
    "spacingTop": ("drawn", "style.label_dy"),
    "spacingBottom": ("drawn", "style.label_dy"),
    "labelBackgroundColor": ("drawn", "style.label_background"),
    "labelBorderColor": ("drawn", "style.label_border"),
    "horizontal": ("drawn", "style.text_vertical"),
    "rotation": ("drawn", "element.rotation"),
    "direction": ("drawn", "shape kind variant (model.shapes.variants)"),
    "flipH": ("drawn", "shape kind variant (model.shapes.variants)"),
    "flipV": ("drawn", "shape kind variant (model.shapes.variants)"),
    "shape": ("drawn", "shape kind (stencils, cloud icons)"),
    "spacing": ("kept", "the same on every side, so it moves nothing; our shapes pad their own labels"),
    "perimeter": ("kept", "connector ends follow each kind's drawn outline, which is its perimeter"),
    "jumpStyle": ("drawn", "style.line_jumps"),
    "jumpSize": ("drawn", "style.line_jump_size"),
    "gradientColor": ("kept", "fills are drawn solid"),
    "sketch": ("drawn", "style.sketch (roughness 1)"),
    "fillStyle": ("drawn", "style.fill_style, with sketch=1 (draw.io fills sketches with hachure by default)"),
}

_LABEL_X = {"left": "left", "right": "right"}
#: draw.io's sketch fill styles as ours; the rest (auto, zigzag, dots, dashed...) are drawn as hachure.
_SKETCH_FILLS = {"solid": "solid", "hachure": "hachure", "cross-hatch": "cross-hatch"}
_LABEL_Y = {"top": "above", "bottom": "below"}


def _number(values: dict[str, str], key: str, default: float) -> float:
    try:
        out = float(values.get(key, default))
    except ValueError:
        return default
    return out if out == out and abs(out) < 1e5 else default


def _fraction(values: dict[str, str], key: str) -> float:
    return max(0.0, min(1.0, _number(values, key, 100.0) / 100.0))


def label_position(values: dict[str, str]) -> str:
    """draw.io's labelPosition/verticalLabelPosition as one of ours ("auto" when the style says nothing)."""
    horizontal = _LABEL_X.get(values.get("labelPosition", ""))
    if horizontal:
        return horizontal
    vertical = _LABEL_Y.get(values.get("verticalLabelPosition", ""))
    if vertical:
        return vertical
    if "labelPosition" in values or "verticalLabelPosition" in values:
        return "inside"
    return "auto"


def look_fields(values: dict[str, str], color: object) -> dict[str, object]:
    """Style fields for the keys above that `drawio_styles` does not read itself; `color` parses a colour."""
    parse = color  # drawio_styles.color, passed in so that the two modules do not import each other
    out: dict[str, object] = {}
    for key, field in (("fillOpacity", "fill_opacity"), ("strokeOpacity", "stroke_opacity"),
                       ("textOpacity", "text_opacity")):
        if key in values:
            out[field] = _fraction(values, key)
    if values.get("dashed") == "1" and (pattern := dash_pattern(values.get("dashPattern", ""))):
        out["dash_pattern"] = pattern
    if values.get("shadow") == "1":
        out["shadow"] = True
    if values.get("glass") == "1":
        out["glass"] = True
    position = label_position(values)
    if position != "auto":
        out["label_position"] = position
    for key, field in (("labelBackgroundColor", "label_background"), ("labelBorderColor", "label_border")):
        found = parse(values.get(key))  # type: ignore[operator]
        if found is not None and found != "none":
            out[field] = found
    dx = _number(values, "spacingLeft", 0.0) - _number(values, "spacingRight", 0.0)
    dy = _number(values, "spacingTop", 0.0) - _number(values, "spacingBottom", 0.0)
    if values.get("align", "center") == "center":
        dx /= 2
    if values.get("verticalAlign", "middle") == "middle":
        dy /= 2
    if dx:
        out["label_dx"] = dx
    if dy:
        out["label_dy"] = dy
    if values.get("horizontal") == "0":
        out["text_vertical"] = True
    if values.get("jumpStyle") in ("arc", "gap", "sharp"):
        out["line_jumps"] = values["jumpStyle"]
    if values.get("sketch") == "1":
        out["sketch"] = 1
        out["fill_style"] = _SKETCH_FILLS.get(values.get("fillStyle", "auto"), "hachure")
    if "jumpSize" in values:
        out["line_jump_size"] = max(1.0, min(200.0, _number(values, "jumpSize", 6.0)))
    return out


def dash_pattern(text: str) -> str:
    """A draw.io dashPattern as ours: positive lengths, an even count, at most eight ("" if unusable)."""
    try:
        lengths = [float(v) for v in text.split()[:8]]
    except ValueError:
        return ""
    if not lengths or any(not (0.01 <= v < 1000) for v in lengths):
        return ""
    if len(lengths) % 2:
        lengths *= 2
    return " ".join(f"{round(v, 2):g}" for v in lengths)  # (plain decimals: no exponent in our files)


def write_look(style: Style, values: dict[str, str]) -> None:
    """draw.io keys for the fields `look_fields` reads (for elements made here: imported ones keep theirs)."""
    for field, key in (("fill_opacity", "fillOpacity"), ("stroke_opacity", "strokeOpacity"),
                       ("text_opacity", "textOpacity")):
        value = getattr(style, field)
        if value < 1.0:
            values[key] = f"{value * 100:g}"
    if style.dash_pattern:
        values["dashed"] = "1"
        values["dashPattern"] = style.dash_pattern
    if style.shadow:
        values["shadow"] = "1"
    if style.sketch:
        values["sketch"] = "1"
        values["fillStyle"] = style.fill_style
    if style.glass:
        values["glass"] = "1"
    position = style.label_position
    if position in ("left", "right"):
        values["labelPosition"] = position
        values["align"] = "right" if position == "left" else "left"
    elif position in ("above", "below"):
        values["verticalLabelPosition"] = "top" if position == "above" else "bottom"
        values["verticalAlign"] = "bottom" if position == "above" else "top"
    for field, key in (("label_background", "labelBackgroundColor"), ("label_border", "labelBorderColor")):
        value = getattr(style, field)
        if value != "none":
            values[key] = resolve_color(value, "light", "fill") or "none"
    if style.label_dx:
        values["spacingLeft"] = f"{style.label_dx * (2 if values.get('align') == 'center' else 1):g}"
    if style.label_dy:
        values["spacingTop"] = f"{style.label_dy * (2 if values.get('verticalAlign') == 'middle' else 1):g}"
    if style.text_vertical:
        values["horizontal"] = "0"
    if style.line_jumps:
        values["jumpStyle"] = style.line_jumps
        values["jumpSize"] = f"{style.line_jump_size:g}"
