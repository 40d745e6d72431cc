"""Parsing helpers the chart-like types share: numbers, quoted words, bracketed lists, `classDef`, styles.

Every helper raises only `InvalidInput` (through `common.error`), located at the user's line and column,
so a parser can hand them any text without guarding against tracebacks.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from autograph_desktop.mermaid.common import Prepared, error
from autograph_desktop.mermaid.textutil import Statement, clean_label
from autograph_desktop.model.problems import InvalidInput

NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
#: Values larger than this are refused: a chart cannot scale them and they overflow the layout's arithmetic.
MAX_MAGNITUDE = 1e15


@dataclass(frozen=True, slots=True)
class Where:
    """A statement and its prepared source: enough to raise a located error from any helper."""

    prepared: Prepared
    st: Statement

    def fail(self, message: str, offset: int = 0, hint: str | None = None) -> InvalidInput:
        """An error at `offset` characters into the statement's text."""
        return error(self.st.line, message, column=self.st.column + max(offset, 0), hint=hint,
                     source=self.prepared.source)


def number(where: Where, text: str, offset: int, what: str, hint: str) -> float:
    """A finite decimal number (`12`, `-3.5`, `.75`, `1e3`) or a located error naming `what`."""
    raw = text.strip()
    if not raw:
        raise where.fail(f"{what} is missing", offset, hint)
    if not NUMBER.fullmatch(raw):
        raise where.fail(f"'{raw[:40]}' is not a number ({what})", offset + len(text) - len(text.lstrip()), hint)
    value = float(raw)
    if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
        raise where.fail(f"{raw[:40]} is too large ({what})", offset, "use a number below a million billion")
    return value


def num_text(value: float) -> str:
    """The shortest text that reads back as exactly `value` (`5`, `0.1`, `1e-07`)."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def split_top(text: str, sep: str = ",") -> list[tuple[str, int]]:
    """Split on `sep` outside double quotes; each part with its offset in `text` (parts are not stripped)."""
    parts: list[tuple[str, int]] = []
    start = 0
    quoted = False
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif ch == sep and not quoted:
            parts.append((text[start:i], start))
            start = i + 1
    parts.append((text[start:], start))
    return parts


def bracketed(where: Where, text: str, offset: int, what: str, hint: str) -> tuple[str, int, str]:
    """(inside, offset of inside, text after) for `[ ... ]` at the start of `text`; a located error otherwise."""
    stripped = text.lstrip()
    lead = len(text) - len(stripped)
    if not stripped.startswith("["):
        raise where.fail(f"{what} must be in square brackets", offset + lead, hint)
    close = _closing(stripped, "[", "]")
    if close == -1:
        raise where.fail(f"the {what} list is not closed with ]", offset + lead, hint)
    return stripped[1:close], offset + lead + 1, stripped[close + 1:]


def _closing(text: str, opener: str, closer: str) -> int:
    """Index of the bracket closing text[0], skipping quoted text; -1 when there is none."""
    quoted = False
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch == closer and i > 0:
            return i
    return -1


def numbers(where: Where, text: str, offset: int, what: str, hint: str) -> list[float]:
    """A comma-separated list of numbers (the inside of `[...]` or `{...}`)."""
    if not text.strip():
        raise where.fail(f"the {what} list is empty", offset, hint)
    return [number(where, part, offset + at, what, hint) for part, at in split_top(text)]


def word_or_quoted(text: str) -> tuple[str, str, bool]:
    """(value, rest, was quoted) for a leading `"quoted text"` or a leading run of non-blank characters."""
    stripped = text.lstrip()
    if stripped.startswith('"'):
        end = stripped.find('"', 1)
        if end != -1:
            return clean_label(stripped[1:end]), stripped[end + 1:], True
    match = re.match(r"[^\s\[]+", stripped)
    if not match:
        return "", stripped, False
    return clean_label(match.group(0)), stripped[match.end():], False


def quote(text: str) -> str:
    """Text as a Mermaid double-quoted string that reads back the same: `#`, quotes and `%` as entity codes
    (so no `%%` starts a comment), line breaks as `<br>`."""
    return '"' + entities(text) + '"'


def entities(text: str, extra: str = "") -> str:
    """`#`, `"`, `%` and the `extra` characters as entity codes, line breaks as `<br>`: text that reads back
    the same in any Mermaid label (one pass, so no code is itself re-encoded)."""
    out: list[str] = []
    for ch in text.replace("\r\n", "\n"):
        if ch == "\n":
            out.append("<br>")
        elif ch == '"':
            out.append("#quot;")
        elif ch in "#%" or ch in extra:
            out.append(f"#{ord(ch)};")
        else:
            out.append(ch)
    return "".join(out)


def bare_or_quoted(text: str, pattern: str = r"[\w.\-]+") -> str:
    """A word as written when it matches `pattern` (a plain identifier), quoted otherwise."""
    return text if text and re.fullmatch(pattern, text) else quote(text)


def css_pairs(text: str) -> dict[str, str]:
    """`fill:#f96, stroke:#333; color: red` -> {"fill": "#f96", ...} (keys lower-cased, values stripped)."""
    out: dict[str, str] = {}
    for part in re.split(r"[,;]", text):
        key, colon, value = part.partition(":")
        if colon and key.strip() and value.strip():
            out[key.strip().lower()] = value.strip()
    return out


def class_def(where: Where, rest: str) -> tuple[str, dict[str, str]]:
    """`classDef name decls` (the text after the keyword) -> (name, declarations)."""
    match = re.match(r"\s*([\w-]+)\s*(.*)$", rest, re.S)
    if not match or not match.group(2).strip():
        raise where.fail("classDef needs a name and styles", len("classDef"),
                         "write  classDef important fill:#f96,stroke:#333")
    return match.group(1), css_pairs(match.group(2))
