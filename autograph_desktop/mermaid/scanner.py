"""Shared tokenising helpers for the graph-like Mermaid parsers (flowchart, class, ER, state).

The parsers scan the diagram body as one string so that a quoted label may span lines, yet every
error must still point at the user's line and column. `Body` keeps that mapping; the small helpers
below read the pieces every grammar has (quoted strings, style lists, comma-separated ids).
"""

from __future__ import annotations

from bisect import bisect_right

from autograph_desktop.mermaid.common import Prepared, SourceLine, error, warning
from autograph_desktop.model.problems import InvalidInput, Problem


class Body:
    """The header's remainder plus every body line joined by newlines, with offset -> line lookup."""

    def __init__(self, prepared: Prepared, header_offset: int | None = None) -> None:
        self.prepared = prepared
        self.lines: list[SourceLine] = [prepared.header, *prepared.lines]
        parts = [line.text for line in self.lines]
        self.text = "\n".join(parts)
        self.starts: list[int] = []
        offset = 0
        for part in parts:
            self.starts.append(offset)
            offset += len(part) + 1
        # Where the body starts: just after the header keyword unless the caller says otherwise.
        if header_offset is None:
            header_text = prepared.header.text
            header_offset = header_text.find(prepared.keyword) + len(prepared.keyword)
        self.start = header_offset
        self._hint = 0

    def locate(self, offset: int) -> tuple[SourceLine, int]:
        """The source line holding `offset` and the 1-based column within it."""
        index = max(0, bisect_right(self.starts, offset) - 1)
        return self.lines[index], offset - self.starts[index] + 1

    def line_number(self, offset: int) -> int:
        """1-based source line of `offset`; parsers ask in increasing order, so walk from the last answer."""
        starts = self.starts
        index = self._hint
        if index >= len(starts) or starts[index] > offset:
            index = max(0, bisect_right(starts, offset) - 1)
        else:
            last = len(starts) - 1
            while index < last and starts[index + 1] <= offset:
                index += 1
        self._hint = index
        return self.lines[index].number

    def fail(self, offset: int, message: str, hint: str | None = None) -> InvalidInput:
        line, column = self.locate(offset)
        return error(line, message, column=column, hint=hint, source=self.prepared.source)

    def warn(self, offset: int, message: str, hint: str | None = None) -> Problem:
        line, column = self.locate(offset)
        return warning(line, message, column=column, hint=hint)


def line_error(prepared: Prepared, line: SourceLine, message: str, *, column: int | None = None,
               hint: str | None = None) -> InvalidInput:
    """A located error for the line-based parsers."""
    return error(line, message, column=column, hint=hint, source=prepared.source)


class LineParser:
    """What the line-based parsers (class, ER, state) share: located errors and the header check."""

    prepared: Prepared
    warnings: list[Problem]

    def fail(self, line: SourceLine, message: str, hint: str | None = None, column: int | None = None) -> Exception:
        """An error at the line's first non-blank character unless a column is given."""
        if column is None:
            column = len(line.text) - len(line.text.lstrip()) + 1
        return line_error(self.prepared, line, message, column=column, hint=hint)

    def warn_about_header_rest(self) -> None:
        """Words after the diagram keyword mean nothing to these types: say so instead of failing."""
        rest = self.prepared.header_rest.strip()
        if rest:
            self.warnings.append(Problem(f"ignored '{rest}' after {self.prepared.keyword}",
                                         line=self.prepared.header.number, severity="warning"))


def split_top_level(text: str, separator: str = ",") -> list[str]:
    """Split on `separator` outside parentheses and quotes (`rgb(1,2,3)` stays whole).

    A backslash before the separator keeps it (Mermaid's `stroke-dasharray: 9\\,5`).
    """
    parts: list[str] = []
    depth = 0
    quote = ""
    current: list[str] = []
    escaped = False
    for char in text:
        if escaped:
            escaped = False
            if char != separator:
                current.append("\\")
            current.append(char)
            continue
        if char == "\\":
            escaped = True
            continue
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif char == separator and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    if escaped:
        current.append("\\")
    parts.append("".join(current))
    return parts


def parse_styles(text: str) -> tuple[dict[str, str], list[str]]:
    """`fill:#f9f,stroke:#333` -> ({'fill': '#f9f', 'stroke': '#333'}, [pieces that are not key:value])."""
    styles: dict[str, str] = {}
    bad: list[str] = []
    for piece in split_top_level(text.strip().rstrip(";")):
        piece = piece.strip()
        if not piece:
            continue
        key, colon, value = piece.partition(":")
        if not colon or not key.strip():
            bad.append(piece)
            continue
        styles[key.strip()] = value.strip()
    return styles, bad


def unquote(text: str) -> str:
    """Remove one pair of surrounding double quotes, if present."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1]
    return text


def tokens(text: str) -> list[str]:
    """Whitespace-separated words, keeping "quoted strings" (with their quotes) as one token."""
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        if text[i] == '"':
            end = text.find('"', i + 1)
            end = n if end == -1 else end + 1
            out.append(text[i:end])
            i = end
            continue
        j = i
        while j < n and not text[j].isspace():
            j += 1
        out.append(text[i:j])
        i = j
    return out


def find_unquoted(text: str, targets: str, start: int = 0) -> int:
    """Index of the first char of `targets` at or after `start` outside double quotes, or -1."""
    quoted = False
    for i in range(start, len(text)):
        char = text[i]
        if char == '"':
            quoted = not quoted
        elif not quoted and char in targets:
            return i
    return -1
