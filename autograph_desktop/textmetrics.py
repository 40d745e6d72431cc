"""Text measurement and wrapping from the bundled fonts, in pure Python (no Qt).

Layout (Mermaid node sizing), the painter, and the SVG/PNG/PDF exports all measure and wrap text here, so
a label breaks at the same words everywhere. Widths come straight from the fonts' `hmtx` advances (no
kerning, no hinting), which is also what Qt draws when hinting is off and each line is placed by us.
"""

from __future__ import annotations

import os
import re
import struct
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from autograph_desktop.datafiles import fonts_dir

FONT_DIR = str(fonts_dir())
#: The bundled faces: our default sans, a code face, a metric twin of Arial/Helvetica (draw.io's and
#: Excalidraw's "normal" text wraps where the source wrapped it), and a hand-writing face (Excalidraw).
SANS, MONO, ARIAL, HAND = "sans", "mono", "arial", "hand"
FACES: tuple[str, ...] = (SANS, MONO, ARIAL, HAND)
#: The family name Qt and SVG know each face by.
FACE_FAMILIES: dict[str, str] = {SANS: "DejaVu Sans", MONO: "DejaVu Sans Mono", ARIAL: "Liberation Sans",
                                 HAND: "Virgil"}
#: (bold, italic, face) -> file; faces without bold or italic files are measured (and drawn) regular.
FONT_FILES: dict[tuple[bool, bool, str], str] = {
    (False, False, SANS): "DejaVuSans.ttf",
    (True, False, SANS): "DejaVuSans-Bold.ttf",
    (False, True, SANS): "DejaVuSans-Oblique.ttf",
    (True, True, SANS): "DejaVuSans-BoldOblique.ttf",
    (False, False, MONO): "DejaVuSansMono.ttf",
    (False, False, ARIAL): "LiberationSans-Regular.ttf",
    (True, False, ARIAL): "LiberationSans-Bold.ttf",
    (False, True, ARIAL): "LiberationSans-Italic.ttf",
    (True, True, ARIAL): "LiberationSans-BoldItalic.ttf",
    (False, False, HAND): "Virgil.ttf",
}
#: Words in a font family name that pick a face (checked in this order; anything else is SANS).
_FAMILY_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (MONO, ("mono", "courier", "cascadia", "consol", "menlo", "code")),
    (HAND, ("virgil", "excalifont", "hand", "comic", "xkcd", "sketch", "script", "architects daughter",
            "caveat", "indie flower", "kalam", "gloria")),
    (ARIAL, ("helvetica", "arial", "liberation sans", "arimo")),
)
#: How a word wider than the whole line is treated: split between characters (our own shapes), or kept
#: whole so it stands out of its box (draw.io's rule; Mermaid's builders grow the box to it instead).
LONG_WORDS = ("break", "overflow")


def face_of(face: str | bool) -> str:
    """A face name; the booleans older callers pass mean mono (True) or the default sans (False)."""
    if isinstance(face, bool):
        return MONO if face else SANS
    return face if face in FACE_FAMILIES else SANS


class FontError(ValueError):
    """A font file is missing a table we need or is truncated."""


@dataclass(frozen=True, slots=True)
class FontMetrics:
    """What we read from one font: units per em, vertical metrics, and an advance per code point."""

    units_per_em: int
    ascender: int
    descender: int  # negative, as stored
    line_gap: int
    advances: dict[int, int]
    default_advance: int  # the .notdef glyph's advance, for characters the font lacks


def _tables(data: bytes) -> dict[bytes, tuple[int, int]]:
    if len(data) < 12:
        raise FontError("font file too short")
    (num_tables,) = struct.unpack_from(">H", data, 4)
    tables: dict[bytes, tuple[int, int]] = {}
    for i in range(num_tables):
        pos = 12 + 16 * i
        if pos + 16 > len(data):
            raise FontError("truncated table directory")
        tag, _checksum, offset, length = struct.unpack_from(">4sIII", data, pos)
        if offset + length > len(data):
            raise FontError(f"table {tag!r} runs past the end of the file")
        tables[tag] = (offset, length)
    for needed in (b"head", b"hhea", b"hmtx", b"cmap"):
        if needed not in tables:
            raise FontError(f"font has no {needed.decode()} table")
    return tables


def _cmap_format4(data: bytes, base: int) -> dict[int, int]:
    seg_x2 = struct.unpack_from(">H", data, base + 6)[0]
    seg = seg_x2 // 2
    ends = struct.unpack_from(f">{seg}H", data, base + 14)
    starts = struct.unpack_from(f">{seg}H", data, base + 16 + seg_x2)
    deltas = struct.unpack_from(f">{seg}h", data, base + 16 + 2 * seg_x2)
    ro_pos = base + 16 + 3 * seg_x2
    range_offsets = struct.unpack_from(f">{seg}H", data, ro_pos)
    out: dict[int, int] = {}
    for i in range(seg):
        start, end, delta, ro = starts[i], ends[i], deltas[i], range_offsets[i]
        if start == 0xFFFF:
            continue
        for cp in range(start, end + 1):
            if ro == 0:
                glyph = (cp + delta) & 0xFFFF
            else:
                pos = ro_pos + 2 * i + ro + 2 * (cp - start)
                if pos + 2 > len(data):
                    continue
                glyph = struct.unpack_from(">H", data, pos)[0]
                if glyph:
                    glyph = (glyph + delta) & 0xFFFF
            if glyph:
                out[cp] = glyph
    return out


def _cmap_format12(data: bytes, base: int) -> dict[int, int]:
    (n_groups,) = struct.unpack_from(">I", data, base + 12)
    out: dict[int, int] = {}
    for g in range(min(n_groups, 100_000)):
        start, end, glyph = struct.unpack_from(">III", data, base + 16 + 12 * g)
        for cp in range(start, min(end, start + 65_536, 0x10FFFF) + 1):
            out[cp] = glyph + cp - start
    return out


def _cmap(data: bytes, offset: int) -> dict[int, int]:
    (n_sub,) = struct.unpack_from(">H", data, offset + 2)
    subtables: dict[int, int] = {}
    for i in range(n_sub):
        platform, encoding, sub_offset = struct.unpack_from(">HHI", data, offset + 4 + 8 * i)
        base = offset + sub_offset
        fmt = struct.unpack_from(">H", data, base)[0]
        if (platform == 3 and encoding in (1, 10)) or platform == 0:
            subtables.setdefault(fmt, base)
    if 12 in subtables:
        return _cmap_format12(data, subtables[12])
    if 4 in subtables:
        return _cmap_format4(data, subtables[4])
    raise FontError("font has no Unicode cmap (format 4 or 12)")


def parse_font(data: bytes) -> FontMetrics:
    """Read the metrics of a TrueType font given its bytes."""
    try:
        tables = _tables(data)
        head = tables[b"head"][0]
        (units_per_em,) = struct.unpack_from(">H", data, head + 18)
        hhea = tables[b"hhea"][0]
        ascender, descender, line_gap = struct.unpack_from(">hhh", data, hhea + 4)
        (n_hmetrics,) = struct.unpack_from(">H", data, hhea + 34)
        hmtx_off, hmtx_len = tables[b"hmtx"]
        n_hmetrics = min(n_hmetrics, hmtx_len // 4)
        if n_hmetrics == 0:
            raise FontError("hmtx has no metrics")
        widths = struct.unpack_from(f">{2 * n_hmetrics}H", data, hmtx_off)[0::2]
        glyph_of = _cmap(data, tables[b"cmap"][0])
    except struct.error as exc:
        raise FontError(f"truncated font: {exc}") from None
    last = widths[-1]
    advances = {cp: (widths[g] if g < n_hmetrics else last) for cp, g in glyph_of.items()}
    if units_per_em <= 0:
        raise FontError("unitsPerEm is zero")
    return FontMetrics(units_per_em, ascender, descender, line_gap, advances, widths[0])


def font_key(bold: bool, italic: bool, face: str | bool) -> tuple[bool, bool, str]:
    """The FONT_FILES key that draws this face: regular where a face has no bold or italic file."""
    name = face_of(face)
    key = (bold, italic, name)
    return key if key in FONT_FILES else (False, False, name)


@lru_cache(maxsize=16)
def font_metrics(bold: bool = False, italic: bool = False, mono: str | bool = False) -> FontMetrics:
    """The bundled font for a style (`mono` is the face: a face name, or True for the code face)."""
    with open(os.path.join(FONT_DIR, FONT_FILES[font_key(bold, italic, mono)]), "rb") as handle:
        return parse_font(handle.read())


@lru_cache(maxsize=65_536)
def _units(text: str, bold: bool, italic: bool, mono: str | bool) -> int:
    fm = font_metrics(bold, italic, mono)
    adv = fm.advances
    total = 0
    for ch in text:
        found = adv.get(ord(ch))
        total += found if found is not None else _fallback_units(ord(ch), fm, bold, italic)
    return total


def _fallback_units(cp: int, fm: FontMetrics, bold: bool, italic: bool) -> int:
    """The advance of a character the face lacks, as Qt draws it from a fallback font: DejaVu Sans's when
    it has the character, a full em for wide East Asian characters (a CJK font's), else .notdef's."""
    sans = font_metrics(bold, italic, SANS)
    if fm is not sans and cp in sans.advances:
        return round(sans.advances[cp] * fm.units_per_em / sans.units_per_em)
    if unicodedata.east_asian_width(chr(cp)) in ("W", "F"):
        return fm.units_per_em
    return fm.default_advance


def measure(text: str, font_size: float, bold: bool = False, italic: bool = False,
            mono: str | bool = False) -> float:
    """The advance width of one line of text, in the same units as `font_size` (pixels)."""
    if not text:
        return 0.0
    fm = font_metrics(bold, italic, mono)
    return _units(text, bold, italic, mono) * font_size / fm.units_per_em


def ascent(font_size: float, mono: str | bool = False) -> float:
    """Distance from a line's top to its baseline."""
    fm = font_metrics(False, False, mono)
    return fm.ascender * font_size / fm.units_per_em


def line_height(font_size: float, mono: str | bool = False) -> float:
    """Distance between consecutive baselines: ascender - descender + line gap, scaled."""
    fm = font_metrics(False, False, mono)
    return (fm.ascender - fm.descender + fm.line_gap) * font_size / fm.units_per_em


def _break_word(word: str, max_width: float, font_size: float, bold: bool, italic: bool,
                mono: str | bool) -> list[str]:
    """Split a word wider than `max_width` into pieces that fit (at least one character each)."""
    pieces: list[str] = []
    current = ""
    for ch in word:
        if current and measure(current + ch, font_size, bold, italic, mono) > max_width:
            pieces.append(current)
            current = ch
        else:
            current += ch
    if current:
        pieces.append(current)
    return pieces


#: Characters a line may break before or after without a space: Chinese, Japanese and Korean text is
#: written without spaces between words, and browsers (draw.io, Mermaid) break it between any two of them.
_WIDE = re.compile("[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60"
                   "\uffe0-\uffe6\U00020000-\U0003fffd]")
_WIDE_OR_RUN = re.compile(_WIDE.pattern + "|(?:(?!" + _WIDE.pattern + ").)+", re.S)


def is_wide(ch: str) -> bool:
    return bool(_WIDE.match(ch))


def tokens(paragraph: str) -> list[tuple[str, bool]]:
    """The pieces a line may break between, each with whether a space stands before it: the words between
    spaces, and every wide (CJK) character on its own."""
    if not _WIDE.search(paragraph):
        return [(word, i > 0) for i, word in enumerate(paragraph.split(" "))]
    out: list[tuple[str, bool]] = []
    for i, word in enumerate(paragraph.split(" ")):
        pieces = _WIDE_OR_RUN.findall(word) or [""]
        out.extend((piece, i > 0 and n == 0) for n, piece in enumerate(pieces))
    return out


def wrap(text: str, max_width: float | None, font_size: float, bold: bool = False, italic: bool = False,
         mono: str | bool = False, long_words: str = "break") -> list[str]:
    """Lines of `text` no wider than `max_width`: breaks at spaces, keeps newlines, and never splits a word
    unless it alone is wider than the line (then `long_words` "break" splits it, "overflow" keeps it whole).

    `max_width` None (or not positive) only splits at explicit newlines.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    paragraphs = text.split("\n")
    if max_width is None or max_width <= 0:
        return paragraphs
    space = measure(" ", font_size, bold, italic, mono)
    lines: list[str] = []
    for para in paragraphs:
        current = ""
        current_w = 0.0
        for word, spaced in tokens(para):
            word_w = measure(word, font_size, bold, italic, mono)
            gap = space if spaced else 0.0
            if current and current_w + gap + word_w <= max_width:
                current += (" " if spaced else "") + word
                current_w += gap + word_w
                continue
            if current:
                lines.append(current)
            if word_w > max_width and long_words == "break":
                pieces = _break_word(word, max_width, font_size, bold, italic, mono)
                lines.extend(pieces[:-1])
                current = pieces[-1] if pieces else ""
            else:
                current = word
            current_w = measure(current, font_size, bold, italic, mono)
        lines.append(current)
    return lines


def text_block_size(text: str, font_size: float, max_width: float | None = None, bold: bool = False,
                    italic: bool = False, mono: str | bool = False,
                    long_words: str = "break") -> tuple[float, float]:
    """Width and height of `text` wrapped at `max_width` (the widest line by the number of lines).

    With `long_words` "overflow" the width grows to a word wider than `max_width`: what a box must be to
    hold the text without splitting a word (Mermaid's rule: the box grows).
    """
    lines = wrap(text, max_width, font_size, bold, italic, mono, long_words)
    width = max((measure(line, font_size, bold, italic, mono) for line in lines), default=0.0)
    return width, len(lines) * line_height(font_size, mono)


@lru_cache(maxsize=256)
def family_face(font_family: str) -> str:
    """The bundled face that stands in for a font family name (from a style, draw.io or Excalidraw)."""
    lowered = font_family.lower()
    for face, words in _FAMILY_WORDS:
        if any(word in lowered for word in words):
            return face
    return SANS


def face_for(font_family: str, font_weight: int, font_italic: bool) -> tuple[bool, bool, str]:
    """(bold, italic, face) for a style's font fields; a face without bold or italic files drops them."""
    face = family_face(font_family)
    bold, italic = font_weight >= 600, font_italic
    return font_key(bold, italic, face)
