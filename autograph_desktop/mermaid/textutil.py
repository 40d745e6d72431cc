"""Small text helpers shared by the sequence, gantt, gitGraph, mindmap, pie, timeline and journey parsers.

They exist so that every parser cleans labels, locates columns and splits `;`-separated statements the
same way; none of them raises anything but `InvalidInput` (through `common.error`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from autograph_desktop.mermaid.common import SourceLine, decode_entities

_BR = re.compile(r"<br\s*/?>", re.I)
_ENTITY_TAIL = re.compile(r"#[A-Za-z0-9]{1,12}$")


def clean_label(text: str) -> str:
    """A label as the user means it: entity codes decoded, `<br>` turned into a newline, outer space removed."""
    return _BR.sub("\n", decode_entities(text)).strip()


def load_json(text: str) -> Any:
    """`json.loads`, but None for invalid or absurdly nested input (which would otherwise hit the recursion limit)."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def unquote(text: str) -> str:
    """Remove one pair of matching outer double or single quotes, if present."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


def column_of(line: SourceLine, needle: str, start: int = 0) -> int:
    """1-based column of `needle` in the line's text (or of its first non-blank character if absent)."""
    idx = line.text.find(needle, start) if needle else -1
    if idx == -1:
        return first_column(line)
    return idx + 1


def first_column(line: SourceLine) -> int:
    """1-based column of the first non-blank character."""
    return len(line.text) - len(line.text.lstrip()) + 1


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement of a line: `text` is stripped; `column` is the 1-based column where it starts."""

    line: SourceLine
    text: str
    column: int


def split_statements(lines: list[SourceLine], *, semicolons: bool = True) -> list[Statement]:
    """Non-blank statements in order; `;` separates statements unless it ends an entity code like `#59;`."""
    out: list[Statement] = []
    for line in lines:
        text = line.text
        if not text.strip():
            continue
        if not semicolons or ";" not in text:
            stripped = text.strip()
            out.append(Statement(line, stripped, first_column(line)))
            continue
        start = 0
        pos = text.find(";")
        while pos != -1:
            if not _ENTITY_TAIL.search(text, max(start, pos - 13), pos):
                _append(out, line, text, start, pos)
                start = pos + 1
            pos = text.find(";", pos + 1)
        _append(out, line, text, start, len(text))
    return out


def _append(out: list[Statement], line: SourceLine, text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        out.append(Statement(line, stripped, start + len(piece) - len(piece.lstrip()) + 1))


def leading_keyword(text: str, keywords: frozenset[str]) -> tuple[str, str] | None:
    """(keyword in lower case, rest) when `text` starts with one of `keywords` followed by space or end."""
    match = re.match(r"[A-Za-z_][\w-]*", text)
    if not match:
        return None
    word = match.group(0).lower()
    if word not in keywords:
        return None
    rest = text[match.end():]
    if rest and not rest[0].isspace() and rest[0] not in ":":
        return None
    return word, rest.strip()


def parse_title(text: str) -> str | None:
    """`title X` or `title: X` -> X; None when the statement is not a title."""
    match = re.match(r"title(?:\s*:\s*|\s+)(.*)$", text, re.I | re.S)
    if match:
        return clean_label(match.group(1))
    if text.lower() == "title":
        return ""
    return None


def parse_acc(text: str) -> tuple[str, str] | None:
    """`accTitle: X` / `accDescr: X` -> ("title"|"descr", X); the block form `accDescr {` gives ("descr_block", rest)."""
    match = re.match(r"acc(Title|Descr)\s*:\s*(.*)$", text, re.S)
    if match:
        return match.group(1).lower(), match.group(2).strip()
    match = re.match(r"accDescr\s*\{(.*)$", text, re.S)
    if match:
        return "descr_block", match.group(1)
    return None


class Accessible(Protocol):
    """A diagram spec with the accessibility title and description Mermaid diagrams may declare."""

    acc_title: str | None
    acc_descr: str | None


def take_accessibility(statements: list[Statement], index: int, spec: Accessible) -> int | None:
    """When statement `index` is `accTitle: X`, `accDescr: X` or an `accDescr { ... }` block, store it in
    `spec` and return the index of the statement after it; else None."""
    acc = parse_acc(statements[index].text)
    if acc is None:
        return None
    kind, value = acc
    if kind == "title":
        spec.acc_title = clean_label(value)
    elif kind == "descr":
        spec.acc_descr = clean_label(value)
    else:
        spec.acc_descr, index = consume_acc_block(statements, index, value)
        return index
    return index + 1


def body_statements(statements: list[Statement], spec: Accessible) -> Iterator[Statement]:
    """The statements of a diagram less its accessibility ones, which go into `spec` as they come."""
    i = 0
    while i < len(statements):
        after = take_accessibility(statements, i, spec)
        if after is not None:
            i = after
            continue
        yield statements[i]
        i += 1


def consume_acc_block(statements: list[Statement], index: int, first: str) -> tuple[str, int]:
    """Collect the lines of an `accDescr { ... }` block starting at `index`; returns (text, next index)."""
    parts: list[str] = []
    if "}" in first:
        return first.split("}", 1)[0].strip(), index + 1
    if first.strip():
        parts.append(first.strip())
    i = index + 1
    while i < len(statements):
        text = statements[i].text
        if "}" in text:
            head = text.split("}", 1)[0].strip()
            if head:
                parts.append(head)
            return "\n".join(parts), i + 1
        parts.append(text)
        i += 1
    return "\n".join(parts), i
