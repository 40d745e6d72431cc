"""Where rich text goes: runs of different looks broken into lines between words, each piece placed.

The same rules as plain text (`textlayout.layout_text`): lines break between words only, a word wider
than the box is split ("word") or left to stand out ("overflow"), and "none" breaks only at the author's
newlines. A word may change look halfway ("**bo**ld"): its pieces stay on one line.
"""

from __future__ import annotations

from dataclasses import dataclass

from autograph_desktop import textmetrics as tm
from autograph_desktop.model import Style
from autograph_desktop.model.richtext import Run


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of one look on a line; `dx` from the line's left edge."""

    text: str
    dx: float
    width: float
    size: float
    bold: bool
    italic: bool
    face: str
    color: str = ""
    underline: bool = False
    strike: bool = False
    link: str = ""
    align: str = ""


@dataclass(frozen=True, slots=True)
class RichLine:
    pieces: tuple[Piece, ...]
    width: float
    ascent: float
    height: float
    align: str = ""  # the paragraph's own alignment ("" for the element's)


def _piece(text: str, run: Run, style: Style) -> Piece:
    bold, italic, face = tm.face_for(style.font_family, 700 if run.bold else style.font_weight,
                                     run.italic or style.font_italic)
    size = run.size or style.font_size
    return Piece(text, 0.0, tm.measure(text, size, bold, italic, face), size, bold, italic, face, run.color,
                 run.underline, run.strike, run.link, run.align)


def _words(runs: tuple[Run, ...], style: Style) -> list[list[list[Piece]]]:
    """Paragraphs of words (each word its pieces), with a lone space piece between words."""
    paragraphs: list[list[list[Piece]]] = [[]]
    word: list[Piece] = []

    def end_word() -> None:
        nonlocal word
        if word:
            paragraphs[-1].append(word)
            word = []

    for run in runs:
        text = run.text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
        buf = ""
        for ch in text:
            if ch == "\n" or ch == " ":
                if buf:
                    word.append(_piece(buf, run, style))
                    buf = ""
                end_word()
                if ch == "\n":
                    paragraphs.append([])
                else:
                    paragraphs[-1].append([_piece(" ", run, style)])
            elif tm.is_wide(ch):  # a line may break before and after any CJK character
                if buf:
                    word.append(_piece(buf, run, style))
                    buf = ""
                end_word()
                word.append(_piece(ch, run, style))
                end_word()
            else:
                buf += ch
        if buf:
            word.append(_piece(buf, run, style))
    end_word()
    return paragraphs


def _split(word: list[Piece], max_width: float) -> list[list[Piece]]:
    """A word wider than the line cut into parts that fit (at least one character each)."""
    parts: list[list[Piece]] = [[]]
    used = 0.0
    for piece in word:
        current = ""
        for ch in piece.text:
            w = tm.measure(current + ch, piece.size, piece.bold, piece.italic, piece.face)
            if (current or parts[-1]) and used + w > max_width:
                if current:
                    parts[-1].append(_with_text(piece, current))
                parts.append([])
                used, current = 0.0, ch
            else:
                current += ch
        if current:
            cut = _with_text(piece, current)
            parts[-1].append(cut)
            used += cut.width
    return [p for p in parts if p]


def _with_text(piece: Piece, text: str) -> Piece:
    return Piece(text, 0.0, tm.measure(text, piece.size, piece.bold, piece.italic, piece.face), piece.size,
                 piece.bold, piece.italic, piece.face, piece.color, piece.underline, piece.strike, piece.link,
                 piece.align)


def _finish_line(items: list[list[Piece]], style: Style) -> RichLine:
    while items and items[-1][0].text == " ":
        items.pop()
    pieces: list[Piece] = []
    x = 0.0
    for word in items:
        for p in word:
            if pieces and _same_look(pieces[-1], p):
                last = pieces[-1]
                pieces[-1] = Piece(last.text + p.text, last.dx, last.width + p.width, last.size, last.bold,
                                   last.italic, last.face, last.color, last.underline, last.strike, last.link,
                                   last.align)
            else:
                pieces.append(Piece(p.text, x, p.width, p.size, p.bold, p.italic, p.face, p.color, p.underline,
                                    p.strike, p.link, p.align))
            x += p.width
    _bold, _italic, face = tm.face_for(style.font_family, style.font_weight, style.font_italic)
    sizes = [(p.size, p.face) for p in pieces] or [(style.font_size, face)]
    ascent = max(tm.ascent(size, f) for size, f in sizes)
    height = max(tm.line_height(size, f) for size, f in sizes)
    align = next((p.align for p in pieces if p.text.strip()), "")
    return RichLine(tuple(pieces), x, ascent, height, align)


def _same_look(a: Piece, b: Piece) -> bool:
    return (a.size, a.bold, a.italic, a.face, a.color, a.underline, a.strike, a.link) == (
        b.size, b.bold, b.italic, b.face, b.color, b.underline, b.strike, b.link)


def break_lines(runs: tuple[Run, ...], style: Style, max_width: float | None, long_words: str) -> list[RichLine]:
    """The runs broken into lines no wider than `max_width` (None: only at newlines)."""
    lines: list[RichLine] = []
    for paragraph in _words(runs, style):
        current: list[list[Piece]] = []
        used = 0.0
        wrapped = False
        for word in paragraph:
            width = sum(p.width for p in word)
            if word[0].text == " ":
                if current or not wrapped:  # a space that starts a wrapped line is not drawn (indents are)
                    current.append(word)
                    used += width
                continue
            if current and max_width is not None and used + width > max_width:
                lines.append(_finish_line(current, style))
                current, used, wrapped = [], 0.0, True
            if not current and max_width is not None and width > max_width and long_words == "break":
                parts = _split(word, max_width)
                lines.extend(_finish_line([part], style) for part in parts[:-1])
                word = parts[-1]
                width = sum(p.width for p in word)
            current.append(word)
            used += width
        lines.append(_finish_line(current, style))
        if len(lines) > 2000:
            return lines[:2000]
    return lines
