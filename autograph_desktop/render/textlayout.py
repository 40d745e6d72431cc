"""Where every line of an element's text goes, computed once from textmetrics for all renderers.

The painter draws each line at the position computed here (it never lets Qt wrap), and the SVG writer
writes the same lines at the same baselines, so canvas, PNG, PDF and SVG wrap and align identically.
"""

from __future__ import annotations

from dataclasses import dataclass

from autograph_desktop import textmetrics as tm
from autograph_desktop.model import Element, Style
from autograph_desktop.model.richtext import RUNS_KEY, Run, element_runs
from autograph_desktop.model.shapes import definition_of
from autograph_desktop.render.richlayout import Piece, break_lines

#: Frames' title tabs use a fixed, smaller font so titles stay compact at any frame size.
FRAME_TITLE_SIZE = 13.0
LABEL_MAX_WIDTH = 220.0


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    x: float  # left edge of the line's advance
    baseline: float
    width: float
    #: Rich text only: the pieces of the line, their own ascent and line height (plain lines: the layout's).
    pieces: tuple[Piece, ...] = ()
    ascent: float = 0.0
    height: float = 0.0


@dataclass(frozen=True, slots=True)
class TextLayout:
    lines: tuple[Line, ...]
    font_size: float
    bold: bool
    italic: bool
    face: str  # a textmetrics face name (sans, mono, arial, hand)
    align: str
    box: tuple[float, float, float, float]

    @property
    def mono(self) -> bool:
        return self.face == tm.MONO

    @property
    def rich(self) -> bool:
        """Whether lines carry pieces of their own looks (drawn piece by piece)."""
        return bool(self.lines) and bool(self.lines[0].pieces)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """The rectangle the lines cover (x, y, w, h)."""
        if not self.lines:
            return (self.box[0], self.box[1], 0.0, 0.0)
        x0 = min(line.x for line in self.lines)
        x1 = max(line.x + line.width for line in self.lines)
        first, last = self.lines[0], self.lines[-1]
        if first.height:
            top = first.baseline - first.ascent
            bottom = last.baseline - last.ascent + last.height
            return (x0, top, x1 - x0, bottom - top)
        asc = tm.ascent(self.font_size, self.face)
        top = first.baseline - asc
        bottom = last.baseline - asc + tm.line_height(self.font_size, self.face)
        return (x0, top, x1 - x0, bottom - top)


def layout_text(text: str, style: Style, box: tuple[float, float, float, float], wrap: bool = True,
                align: str | None = None, valign: str | None = None,
                font_size: float | None = None) -> TextLayout:
    """Wrap `text` to the box width (when `wrap` and the style's `text_wrap` allow) and place each line by
    the style's alignment. Lines break between words only, unless one word is wider than the whole box:
    then `text_wrap` "word" splits it and "overflow" (draw.io's rule) lets it stand out of the box."""
    bold, italic, mono = tm.face_for(style.font_family, style.font_weight, style.font_italic)
    size = max(font_size if font_size is not None else style.font_size, 0.1)
    x, y, w, h = box
    align = align or style.text_align
    valign = valign or style.vertical_align
    mode = style.text_wrap
    wrap = wrap and mode != "none"
    lines = tm.wrap(text, w if wrap else None, size, bold, italic, mono,
                    "overflow" if mode == "overflow" else "break")
    if len(lines) > 2000:  # a pasted novel: keep drawing fast and bounded
        lines = lines[:2000]
    lh = tm.line_height(size, mono)
    block = lh * len(lines)
    if valign == "top":
        top = y
    elif valign == "bottom":
        top = y + h - block
    else:
        top = y + (h - block) / 2
    asc = tm.ascent(size, mono)
    placed = []
    for i, line in enumerate(lines):
        width = tm.measure(line, size, bold, italic, mono)
        if align == "left":
            lx = x
        elif align == "right":
            lx = x + w - width
        else:
            lx = x + (w - width) / 2
        placed.append(Line(line, lx, top + i * lh + asc, width))
    return TextLayout(tuple(placed), size, bold, italic, mono, align, box)


def layout_rich(runs: tuple[Run, ...], style: Style, box: tuple[float, float, float, float],
                wrap: bool = True, align: str | None = None, valign: str | None = None) -> TextLayout:
    """Rich text runs placed like `layout_text` places plain text (same wrapping rule and alignment)."""
    x, y, w, h = box
    mode = style.text_wrap
    rich = break_lines(runs, style, w if wrap and mode != "none" else None,
                       "overflow" if mode == "overflow" else "break")
    block = sum(line.height for line in rich)
    valign, align = valign or style.vertical_align, align or style.text_align
    top = y if valign == "top" else (y + h - block if valign == "bottom" else y + (h - block) / 2)
    placed = []
    for line in rich:
        own = line.align or align
        lx = x if own == "left" else (x + w - line.width if own == "right" else x + (w - line.width) / 2)
        text = "".join(piece.text for piece in line.pieces)
        placed.append(Line(text, lx, top + line.ascent, line.width, line.pieces or (_EMPTY_PIECE,), line.ascent,
                           line.height))
        top += line.height
    bold, italic, face = tm.face_for(style.font_family, style.font_weight, style.font_italic)
    return TextLayout(tuple(placed), max(style.font_size, 0.1), bold, italic, face, align, box)


#: Stands for the pieces of an empty rich line, so every line of a rich layout says it is rich.
_EMPTY_PIECE = Piece("", 0.0, 0.0, 1.0, False, False, tm.SANS)


def translate_layout(layout: TextLayout, dx: float, dy: float) -> TextLayout:
    """The same lines moved by (dx, dy): what a moved element's text needs, without wrapping it again."""
    x, y, w, h = layout.box
    lines = tuple(Line(line.text, line.x + dx, line.baseline + dy, line.width, line.pieces, line.ascent,
                       line.height) for line in layout.lines)
    return TextLayout(lines, layout.font_size, layout.bold, layout.italic, layout.face, layout.align,
                      (x + dx, y + dy, w, h))


def element_text_layout(el: Element) -> TextLayout | None:
    """The layout of an element's own text (not frames' titles or connector labels), or None."""
    if not el.text or el.kind in ("connector", "group", "frame", "path"):
        return None
    defn = definition_of(el)
    runs = element_runs(el.text, el.get(RUNS_KEY))
    if defn.label_below:
        width = max(el.w * 2.5, 120.0)
        box = (el.x + el.w / 2 - width / 2, el.y + el.h + 4, width, 1.0)
        if runs is not None:
            return layout_rich(runs, el.style, box, align="center", valign="top")
        return layout_text(el.text, el.style, box, align="center", valign="top")
    # Text that sizes itself to its words is never wrapped; everything else wraps to its text box.
    wrap = not getattr(el, "auto_size", False)
    if runs is not None:
        return layout_rich(runs, el.style, defn.text_box(el.x, el.y, el.w, el.h), wrap=wrap)
    return layout_text(el.text, el.style, defn.text_box(el.x, el.y, el.w, el.h), wrap=wrap)


def frame_title_layout(el: Element) -> tuple[TextLayout, tuple[float, float, float, float]] | None:
    """The title line of a frame and its tab rectangle, sitting on the frame's top edge."""
    title = el.text.replace("\n", " ") if el.text else ""
    if not title:
        return None
    style = el.style
    pad = 8.0
    size = FRAME_TITLE_SIZE
    bold, italic, mono = tm.face_for(style.font_family, 600, style.font_italic)
    avail = max(el.w - 2 * pad, 20.0)
    width = min(tm.measure(title, size, bold, italic, mono), avail)
    lh = tm.line_height(size, mono)
    tab = (el.x, el.y - lh - 6, width + 2 * pad, lh + 6)
    layout = layout_text(title, style.with_(font_weight=700), (tab[0] + pad, tab[1] + 3, width, lh),
                         wrap=False, align="left", valign="top", font_size=size)
    return layout, tab


def label_layout(text: str, style: Style, point: tuple[float, float]) -> TextLayout:
    """A connector label centred on `point`, wrapped at a readable width."""
    size = style.font_size * 0.875
    bold, italic, mono = tm.face_for(style.font_family, style.font_weight, style.font_italic)
    long_words = "overflow" if style.text_wrap == "overflow" else "break"
    max_width = None if style.text_wrap == "none" else LABEL_MAX_WIDTH
    w, h = tm.text_block_size(text, size, max_width, bold, italic, mono, long_words)
    box = (point[0] - w / 2, point[1] - h / 2, w, h)
    return layout_text(text, style, box, wrap=True, align="center", valign="middle", font_size=size)
