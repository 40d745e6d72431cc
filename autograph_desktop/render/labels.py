"""Where an element's label goes when its style places it: inside, above, below, left or right of the
box, moved by the style's offset, turned upright (draw.io's `horizontal=0`), on a background box.

Labels a style does not place ("auto") go where the element's kind puts them (`textlayout`); every
renderer asks here, so the canvas, PNG, PDF and SVG put a placed label in the same spot.
"""

from __future__ import annotations

from autograph_desktop import textmetrics as tm
from autograph_desktop.model import Element
from autograph_desktop.model.shapes import definition_of
from autograph_desktop.render.textlayout import TextLayout, element_text_layout, layout_text, translate_layout

#: Between a box and a label placed beside it, as draw.io's default spacing.
GAP = 2.0
#: Around a label's background box.
PAD = 2.0
#: How far a drop shadow falls, right and down (draw.io's default).
SHADOW_OFFSET = 3.0
_NO_TEXT = frozenset({"connector", "group", "frame", "path"})


def placed_text_layout(el: Element) -> TextLayout | None:
    """The layout of an element's own text where its style places it (None without text)."""
    if not el.text or el.kind in _NO_TEXT:
        return None
    style = el.style
    position = style.label_position
    if position == "auto" and not style.text_vertical:
        layout = element_text_layout(el)
    else:
        layout = _placed(el, position)
    if layout is not None and (style.label_dx or style.label_dy):
        layout = translate_layout(layout, style.label_dx, style.label_dy)
    return layout


def _placed(el: Element, position: str) -> TextLayout | None:
    x, y, w, h = el.x, el.y, el.w, el.h
    defn = definition_of(el)
    if position == "auto":
        position = "below" if defn.label_below else "inside"
    if el.style.text_vertical and position == "inside":
        # Laid out across the box's height, then drawn turned a quarter anticlockwise about its centre.
        cx, cy = x + w / 2, y + h / 2
        x, y, w, h = cx - h / 2, cy - w / 2, h, w
        return layout_text(el.text, el.style, (x + 4, y + 2, max(w - 8, 1.0), max(h - 4, 1.0)))
    if position == "inside":
        box = defn.text_box(x, y, w, h)
    elif position == "below":
        box = (x, y + h + GAP, w, max(h, 1.0))
    elif position == "above":
        box = (x, y - h - GAP, w, max(h, 1.0))
    elif position == "right":
        box = (x + w + GAP, y, max(w, 1.0), h)
    else:
        box = (x - w - GAP, y, max(w, 1.0), h)
    # Beside the box a label keeps its own lines (they run away from the box, as draw.io's do).
    wrap = position not in ("left", "right") and not getattr(el, "auto_size", False)
    return layout_text(el.text, el.style, box, wrap=wrap)


def label_box(layout: TextLayout) -> tuple[float, float, float, float]:
    """The background box behind a label's lines."""
    x, y, w, h = layout.bounds
    return (x - PAD, y - PAD, w + 2 * PAD, h + 2 * PAD)


def turned(el: Element) -> bool:
    """Whether the element's label is drawn turned upright (see `_placed`)."""
    if el.kind == "frame":
        return el.style.text_vertical and is_lane(el) and bool(el.text)
    return el.style.text_vertical and el.style.label_position in ("auto", "inside") and bool(el.text)


def pivot(el: Element) -> tuple[float, float]:
    """The point a turned label is turned about: its lane's header band's centre, or the box's."""
    if is_lane(el) and has_band(el):
        x, y, w, h = lane_band(el)
        return (x + w / 2, y + h / 2)
    return (el.x + el.w / 2, el.y + el.h / 2)


# ----------------------------------------------------------------- lanes
def is_lane(el: Element) -> bool:
    """A frame whose title sits inside it, on a header band (draw.io's swimlanes: "lane") or where its
    alignment puts it (draw.io's other containers: "inside"), not on a tab above it."""
    return el.kind == "frame" and el.style.label_position in ("lane", "inside")


def has_band(el: Element) -> bool:
    """Whether a lane draws its header band (in the fill colour, its body left clear)."""
    return el.style.label_position == "lane"


def lane_band(el: Element) -> tuple[float, float, float, float]:
    """A lane's header band: across its top, or down its left side when its title is turned upright."""
    band = min(tm.line_height(el.style.font_size) + 8.0, el.h if not el.style.text_vertical else el.w)
    band = max(band, 0.0)
    if el.style.text_vertical:
        return (el.x, el.y, band, el.h)
    return (el.x, el.y, el.w, band)


def lane_title_layout(el: Element) -> TextLayout | None:
    """A lane's title centred in its band (laid out across the band's length when turned upright)."""
    title = el.text.replace("\n", " ") if el.text else ""
    if not title:
        return None
    style = el.style
    if not has_band(el):  # placed in the whole box by its alignment (an AWS group: top left, past its icon)
        x, y, w, h = el.x, el.y, el.w, el.h
        if style.text_vertical:
            cx, cy = x + w / 2, y + h / 2
            x, y, w, h = cx - h / 2, cy - w / 2, h, w
        layout = layout_text(title, style, (x + 4, y + 4, max(w - 8, 1.0), max(h - 8, 1.0)), wrap=False)
        return translate_layout(layout, style.label_dx, style.label_dy) if style.label_dx or style.label_dy else layout
    x, y, w, h = lane_band(el)
    if style.text_vertical:
        cx, cy = x + w / 2, y + h / 2
        x, y, w, h = cx - h / 2, cy - w / 2, h, w
    return layout_text(title, style, (x + 4, y, max(w - 8, 1.0), h), wrap=False, align="center", valign="middle")
