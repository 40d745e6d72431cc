"""A model's reply -> Mermaid text we are willing to parse: found, cut down and defused. Never executed.

Replies come as a JSON object (structured output), a fenced block with prose around it, or bare Mermaid.
Before parsing, everything that could act rather than describe is removed: `click` callbacks and links,
sequence `link`/`links` menus, `%%{init}%%` directives and front-matter config (theme CSS), styles that
load URLs. Labels are neutralised after the build (see `neutralise_text`).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field

from autograph_desktop.mermaid.common import KEYWORDS
from autograph_desktop.model.problems import InvalidInput, Problem

#: Mermaid text longer than this is refused (a readable diagram is a few kilobytes).
MAX_MERMAID_CHARS = 200_000
#: More lines than this is not a diagram a person can read; refused before parsing and layout.
MAX_MERMAID_LINES = 4_000

_FENCE = re.compile(r"(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[\w-]*)[^\n]*\n(?P<body>.*?)(?:\n[ \t]*(?P=fence)[ \t]*(?:\n|$)|\Z)",
                    re.S)
_KEYWORD_LINE = re.compile(r"^[ \t]*(?:" + "|".join(re.escape(k) for k in sorted(KEYWORDS, key=len, reverse=True))
                           + r")\b", re.M)
_ACTIVE_LINE = re.compile(r"^\s*(?:click|callback|call|href|link|links)\b", re.I)
_DIRECTIVE = re.compile(r"%%\{.*?\}%%", re.S)
_URL_STYLE = re.compile(r"url\s*\(|expression\s*\(|javascript:", re.I)
_STYLE_LINE = re.compile(r"^\s*(?:style|classDef|linkStyle)\b", re.I)
_TAG = re.compile(r"<\s*/?\s*[A-Za-z][^<>]*>")
_BREAK = re.compile(r"<\s*br\s*/?\s*>", re.I)


@dataclass
class Extracted:
    """The Mermaid found in a reply, how it was found, and what was removed from it."""

    mermaid: str
    form: str  # "json", "fence" or "bare"
    title: str = ""
    declared_type: str = ""
    removed: list[str] = field(default_factory=list)


def _from_json(text: str) -> Extracted | None:
    candidate = text.strip()
    fenced = _FENCE.search(candidate)
    if not candidate.startswith("{") and fenced and fenced.group("info").lower() == "json":
        candidate = fenced.group("body").strip()
    if not candidate.startswith("{"):
        return None
    try:
        data = json.loads(candidate)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    code = next((data[k] for k in ("mermaid", "code", "diagram") if isinstance(data.get(k), str)), None)
    if code is None:
        return None
    inner = _FENCE.search(code)
    if inner and _KEYWORD_LINE.search(inner.group("body")):
        code = inner.group("body")
    return Extracted(code, "json", str(data.get("title") or "")[:200], str(data.get("diagram_type") or "")[:40])


def find_mermaid(text: str) -> Extracted:
    """Pull the diagram out of a reply; raises InvalidInput saying what the reply looked like instead."""
    if not text.strip():
        raise InvalidInput([Problem("the reply was empty")])
    found = _from_json(text)
    if found is not None:
        return found
    blocks = list(_FENCE.finditer(text))
    mermaid_blocks = [b for b in blocks if b.group("info").lower() == "mermaid"]
    others = [b for b in blocks if b.group("info").lower() != "mermaid" and _KEYWORD_LINE.search(b.group("body"))]
    for block in (*mermaid_blocks, *others):
        return Extracted(block.group("body"), "fence")
    start = _KEYWORD_LINE.search(text)
    if start is not None:
        return Extracted(text[start.start():], "bare")
    preview = " ".join(text.split())[:80]
    raise InvalidInput([Problem(f"the reply contains no Mermaid diagram (it starts: {preview!r})",
                                hint="start with a diagram type such as flowchart LR, inside ```mermaid fences")])


def sanitise(mermaid: str) -> tuple[str, list[str]]:
    """Mermaid with active parts removed; also returns a note per removal (shown to the user)."""
    removed: list[str] = []
    if len(mermaid) > MAX_MERMAID_CHARS:
        raise InvalidInput([Problem(f"the diagram is {len(mermaid):,} characters; the limit is "
                                    f"{MAX_MERMAID_CHARS:,}")])
    text = mermaid.replace("\r\n", "\n").replace("\x00", "")
    if _DIRECTIVE.search(text):
        removed.append("%%{init}%% directives")
        text = _DIRECTIVE.sub("", text)
    lines = text.split("\n")
    if len(lines) > MAX_MERMAID_LINES:
        raise InvalidInput([Problem(f"the diagram has {len(lines):,} lines; the limit is {MAX_MERMAID_LINES:,}")])
    lines = _strip_front_matter_config(lines, removed)
    kept: list[str] = []
    for number, line in enumerate(lines, 1):
        if _ACTIVE_LINE.match(line):
            removed.append(f"line {number}: {line.strip()[:60]}")
            continue
        if _STYLE_LINE.match(line) and _URL_STYLE.search(line):
            removed.append(f"line {number}: a style that loads a URL")
            continue
        kept.append(line)
    return "\n".join(kept).strip("\n") + "\n", removed


def _strip_front_matter_config(lines: list[str], removed: list[str]) -> list[str]:
    """Keep a front matter's `title:` and drop the rest (config can carry theme CSS)."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or lines[first].strip() != "---":
        return lines
    end = next((i for i in range(first + 1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        return lines
    body = lines[first + 1:end]
    titles = [line for line in body if re.match(r"^title\s*:", line)]
    if len(titles) != len([line for line in body if line.strip()]):
        removed.append("front-matter configuration")
    return [*lines[:first], *(["---", *titles, "---"] if titles else []), *lines[end + 1:]]


def neutralise_text(text: str) -> str:
    """A label as plain text: <br> becomes a line break; tags (also entity-encoded ones) are dropped."""
    if "<" not in text and "&" not in text:
        return text
    out = text
    for _ in range(4):
        new = html.unescape(_TAG.sub("", _BREAK.sub("\n", out)))
        if new == out:
            break
        out = new
    return _TAG.sub("", out)
