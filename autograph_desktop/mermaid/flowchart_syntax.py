"""The flowchart lexicon: node-id characters, bracket shapes, `@{ shape: ... }` names and link tokens.

Kept apart from the statement parser so the tables can be read (and extended) on their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from autograph_desktop.mermaid.shapes import ALIASES, MERMAID_SHAPES

# --- node ids ---------------------------------------------------------------------------------------

#: A node id: anything but whitespace and the characters that open shapes, separate ids or start strings;
#: `-`, `=`, `~` and `.` only where they do not begin a link.
ID_PATTERN = r"(?P<id>(?:[^\s;,&@\"`:|\[\](){}<>\-=.~]|-(?![-.>])|=(?!=)|~(?!~)|\.(?!-))+)"
_ID = re.compile(ID_PATTERN)


def scan_id(text: str, pos: int) -> int:
    """End of the node id starting at `pos` (== pos when there is none).

    Like Mermaid, `-`, `=`, `.` and `~` may appear inside an id but not where they begin a link
    (`A-->B` is A, link, B; `dev-ops` is one id).
    """
    match = _ID.match(text, pos)
    return match.end() if match else pos


# --- bracket shapes -----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class BracketShape:
    opener: str
    closer: str
    shape: str


#: Longest openers first, so `(((` wins over `((` and `(` (the shapes themselves are in `mermaid.shapes`).
BRACKET_SHAPES: tuple[BracketShape, ...] = tuple(sorted(
    (BracketShape(row.brackets[0], row.brackets[1], row.name) for row in MERMAID_SHAPES if row.brackets),
    key=lambda shape: -len(shape.opener)))

SHAPES_BY_FIRST_CHAR: dict[str, tuple[BracketShape, ...]] = {
    first: tuple(shape for shape in BRACKET_SHAPES if shape.opener[0] == first) for first in "([{>"
}

# --- reading a node's brackets and @{ ... } data ----------------------------------------------------------

class LexError(Exception):
    """A located lexing problem; the parser turns it into InvalidInput with the user's line and column."""

    def __init__(self, offset: int, message: str, hint: str) -> None:
        super().__init__(message)
        self.offset, self.message, self.hint = offset, message, hint


def _simple_shapes() -> dict[str, tuple[str, str, str]]:
    """opener -> (closer, shape, second characters that make it a longer opener such as `((` or `[/`)
    for the one-character openers, which the lexer reads without trying every candidate."""
    out: dict[str, tuple[str, str, str]] = {}
    for shape in BRACKET_SHAPES:
        if len(shape.opener) == 1:
            longer = {other.opener[1] for other in BRACKET_SHAPES
                      if len(other.opener) > 1 and other.opener[0] == shape.opener}
            out[shape.opener] = (shape.closer, shape.shape, "".join(sorted(longer)))
    return out


SIMPLE_SHAPES = _simple_shapes()


def _label_start(text: str, start: int, node_id: str) -> int:
    """Where to look for the closer: after a quoted label if the label is quoted (it may hold brackets)."""
    inner = start
    n = len(text)
    while inner < n and text[inner] in " \t":
        inner += 1
    if inner < n and text[inner] == '"':
        quote_end = text.find('"', inner + 1)
        if quote_end == -1:
            raise LexError(inner, f"unclosed quote in the label of node '{node_id}'",
                           'close the label with " before the bracket')
        return quote_end + 1
    return start


def find_on_line(text: str, target: str, start: int) -> int:
    """Index of `target` at or after `start` but before the next newline, or -1.

    Costs the distance to the answer, not to the end of the line, so many nodes on one megabyte line
    stay linear.
    """
    found = text.find(target, start)
    if found == -1 or text.find("\n", start, found) != -1:
        return -1
    return found


def read_brackets(text: str, pos: int, node_id: str) -> tuple[str, str, str, int]:
    """The shape at `pos` (`[text]`, `((text))`, ...): (raw label, canonical shape, brackets, end position).

    The closer must be on the same line unless the label is quoted. Like Mermaid, the longest opener
    decides: `((text)` is an unclosed circle, not a rounded node labelled `(text`.
    """
    fast = SIMPLE_SHAPES.get(text[pos])
    if fast is not None and text[pos + 1:pos + 2] not in fast[2]:
        closer, kind = fast[0], fast[1]
        search_from = _label_start(text, pos + 1, node_id)
        close = find_on_line(text, closer, search_from)
        if close == -1:
            raise LexError(pos, f"unclosed '{text[pos]}' in node '{node_id}'",
                           f"close the node text with '{closer}' on the same line (or quote it: A[\"text\"])")
        return text[pos + 1:close], kind, text[pos] + closer, close + 1
    candidates = [shape for shape in SHAPES_BY_FIRST_CHAR[text[pos]] if text.startswith(shape.opener, pos)]
    opener = candidates[0].opener
    candidates = [shape for shape in candidates if shape.opener == opener]
    best: tuple[int, BracketShape] | None = None
    for shape in candidates:
        search_from = _label_start(text, pos + len(shape.opener), node_id)
        j = find_on_line(text, shape.closer[-1], search_from)
        if j == -1:
            continue
        size = len(shape.closer)
        if j - size + 1 >= search_from and text.startswith(shape.closer, j - size + 1):
            close = j - size + 1
        elif text.startswith(shape.closer, j):
            close = j
        else:
            continue
        if best is None or close < best[0]:
            best = (close, shape)
    if best is None:
        closers = " or ".join(f"'{shape.closer}'" for shape in candidates)
        raise LexError(pos, f"unclosed '{opener}' in node '{node_id}'",
                       f"close the node text with {closers} on the same line "
                       "(or quote text with brackets: A[\"(text)\"])")
    close, chosen = best
    return (text[pos + len(chosen.opener):close], chosen.shape, chosen.opener + chosen.closer,
            close + len(chosen.closer))


_DATA_ITEM = re.compile(r"\s*([A-Za-z_][\w-]*)\s*:\s*")


def read_shape_data(text: str, pos: int) -> tuple[dict[str, str], int]:
    """`{ shape: rect, label: "x" }` at `pos` -> (items, position after `}`); quotes may hold `,` and `}`."""
    quoted = False
    n = len(text)
    i = pos + 1
    while i < n:
        char = text[i]
        if char == '"':
            quoted = not quoted
        elif char == "}" and not quoted:
            break
        i += 1
    else:
        raise LexError(pos, "unclosed '@{' node data", "close the data with '}'")
    inner = text[pos + 1:i]
    items: dict[str, str] = {}
    at = 0
    while at < len(inner):
        match = _DATA_ITEM.match(inner, at)
        if not match:
            if inner[at:].strip(" \t\n,"):
                raise LexError(pos + 1 + at, "node data must be 'key: value' pairs",
                               'e.g. A@{ shape: diamond, label: "Decide" }')
            break
        value_start = match.end()
        if inner.startswith('"', value_start):
            close = inner.find('"', value_start + 1)
            if close == -1:
                raise LexError(pos + 1 + value_start, "unclosed quote in node data", 'close the value with "')
            value = inner[value_start + 1:close]
            at = close + 1
        else:
            stop = inner.find(",", value_start)
            stop = len(inner) if stop == -1 else stop
            newline = inner.find("\n", value_start, stop)
            stop = stop if newline == -1 else newline
            value = inner[value_start:stop].strip()
            at = stop
        items[match.group(1)] = value
        while at < len(inner) and inner[at] in " \t\n,":
            at += 1
    return items, i + 1


# --- @{ shape: name } ---------------------------------------------------------------------------------

#: Mermaid's shape names and aliases (lower-cased) -> our canonical shape (see `mermaid.shapes`).
NAMED_SHAPES: dict[str, str] = ALIASES


def canonical_shape(name: str) -> str | None:
    """Our canonical shape for a Mermaid shape name or alias (case-insensitive), or None."""
    return NAMED_SHAPES.get(name.strip().lower())


def similar_shapes(name: str) -> list[str]:
    """A few documented names that resemble `name`, for the hint of an unknown-shape error."""
    low = name.lower()
    hits = [alias for alias in NAMED_SHAPES if low[:3] and (alias.startswith(low[:3]) or low in alias)]
    return sorted(hits)[:5]


# --- links -------------------------------------------------------------------------------------------

@dataclass(slots=True)
class LinkToken:
    """One lexed link: stroke, arrow heads, Mermaid's length (rank span), and any inline label."""

    stroke: str
    start_arrow: str
    end_arrow: str
    length: int
    end: int
    label: str | None = None
    label_offset: int = 0


_HEADS = {"<": "arrow", ">": "arrow", "o": "circle", "x": "cross"}

#: Complete links with no inline text, tried in order at the cursor.
_LINK_FULL = re.compile(
    r"(?P<invisible>~~~+)"
    r"|(?P<ns>[xo<]?)(?P<nbody>-{2,})(?P<ne>[-xo>])"
    r"|(?P<ts>[xo<]?)(?P<tbody>={2,})(?P<te>[=xo>])"
    r"|(?P<ds>[xo<]?)-?(?P<dots>\.+)-(?P<de>[xo>]?)"
)

#: The first half of a link with text in the middle: `-- text -->`, `== text ==>`, `-. text .->`.
_LINK_OPEN = re.compile(r"(?P<s>[xo<]?)(?P<kind>--|==|-\.)")

_LINK_CLOSE = {
    "--": re.compile(r"\s*[xo<]?(?P<body>-{2,})(?P<e>[-xo>])"),
    "==": re.compile(r"\s*[xo<]?(?P<body>={2,})(?P<e>[=xo>])"),
    "-.": re.compile(r"\s*[xo<]?-?(?P<body>\.+)-(?P<e>[xo>]?)"),
}

LINK_START_CHARS = "-=.~<"
_LINK_FIRST = frozenset("-=.~<xo")


def _head(char: str) -> str:
    return _HEADS.get(char, "none")


def match_link(text: str, pos: int) -> LinkToken | None:
    """Lex a complete link (possibly with `-- text -->` style text) at `pos`, or None."""
    if text[pos:pos + 1] not in _LINK_FIRST:
        return None
    match = _LINK_FULL.match(text, pos)
    if match:
        if match.group("invisible"):
            return LinkToken("invisible", "none", "none", max(1, len(match.group("invisible")) - 2), match.end())
        if match.group("nbody"):
            return LinkToken("normal", _head(match.group("ns")), _head(match.group("ne")),
                             max(1, len(match.group("nbody")) - 1), match.end())
        if match.group("tbody"):
            return LinkToken("thick", _head(match.group("ts")), _head(match.group("te")),
                             max(1, len(match.group("tbody")) - 1), match.end())
        return LinkToken("dotted", _head(match.group("ds")), _head(match.group("de")),
                         len(match.group("dots")), match.end())
    opening = _LINK_OPEN.match(text, pos)
    if not opening:
        return None
    kind = opening.group("kind")
    closing = _find_close(text, opening.end(), kind)
    if closing is None:
        return None
    close_start, match = closing
    label = text[opening.end():close_start].strip()
    stroke = {"--": "normal", "==": "thick", "-.": "dotted"}[kind]
    body = match.group("body")
    length = len(body) if kind == "-." else max(1, len(body) - 1)
    return LinkToken(stroke, _head(opening.group("s")), _head(match.group("e")), length, match.end(),
                     label=label, label_offset=opening.end())


def _find_close(text: str, start: int, kind: str) -> tuple[int, re.Match[str]] | None:
    """Find the closing half of a text link on the same line as `start`, skipping a quoted label.

    Each character is looked at a bounded number of times, so a megabyte line stays linear.
    """
    pattern = _LINK_CLOSE[kind]
    n = len(text)
    i = start
    while i < n and text[i] in " \t":
        i += 1
    if i < n and text[i] == '"':
        quote_end = find_on_line(text, '"', i + 1)
        if quote_end != -1:
            i = quote_end + 1
    first = "." if kind == "-." else kind[0]
    checked = i
    while True:
        i = text.find(first, i)
        if i == -1 or text.find("\n", checked, i) != -1:
            return None
        checked = i
        begin = i - 1 if kind == "-." and i > start and text[i - 1] == "-" else i
        match = pattern.match(text, begin)
        if match and text[start:begin].strip():
            return begin, match
        # Skip the whole run of this character so a long run costs linear time, not quadratic.
        i += 1
        while i < n and text[i] == first:
            i += 1
