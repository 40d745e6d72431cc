"""What every Mermaid parser shares: front matter, directives, comments, type detection and errors.

Parsers receive a `Prepared` source whose `lines` keep their original 1-based line numbers, so every
error can point at the user's text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from autograph_desktop.model.problems import InvalidInput, Problem

#: Mermaid's diagram keywords, mapped to our type names (the `diagram_type` that inspect reports).
KEYWORDS: dict[str, str] = {
    "flowchart": "flowchart",
    "flowchart-elk": "flowchart",
    "graph": "flowchart",
    "sequenceDiagram": "sequence",
    "classDiagram": "class",
    "classDiagram-v2": "class",
    "erDiagram": "er",
    "stateDiagram": "state",
    "stateDiagram-v2": "state",
    "gantt": "gantt",
    "gitGraph": "gitgraph",
    "mindmap": "mindmap",
    "pie": "pie",
    "timeline": "timeline",
    "journey": "journey",
    # Charts and the newer types (chart_types.py)
    "xychart-beta": "xychart",
    "xychart": "xychart",
    "quadrantChart": "quadrant",
    "sankey-beta": "sankey",
    "sankey": "sankey",
    "packet-beta": "packet",
    "packet": "packet",
    "radar-beta": "radar",
    "treemap-beta": "treemap",
    "treemap": "treemap",
    "zenuml": "zenuml",
    "venn-beta": "venn",
    "venn": "venn",
    "ishikawa-beta": "ishikawa",
    "ishikawa": "ishikawa",
    "treeView-beta": "treeview",
    "fileTree-beta": "treeview",
    "eventmodeling": "eventmodeling",
    "wardley-beta": "wardley",
    # architecture, C4, block, requirement, kanban
    "architecture-beta": "architecture",
    "C4Context": "c4",
    "C4Container": "c4",
    "C4Component": "c4",
    "C4Dynamic": "c4",
    "C4Deployment": "c4",
    "block-beta": "block",
    "block": "block",
    "requirementDiagram": "requirement",
    "kanban": "kanban",
}

DIAGRAM_TYPES: tuple[str, ...] = tuple(dict.fromkeys(KEYWORDS.values()))


@dataclass(frozen=True, slots=True)
class SourceLine:
    """One line of the diagram body: `number` is 1-based in the original text; `text` has comments removed."""

    number: int
    text: str
    raw: str


@dataclass
class Prepared:
    """Mermaid text split into header, body lines and configuration, ready for a type's parser."""

    diagram_type: str
    keyword: str
    header: SourceLine
    header_rest: str
    lines: list[SourceLine]
    title: str | None = None
    config: dict[str, Any] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    source: str = ""


class MermaidSpec(Protocol):
    """What every parser returns: a small description of the diagram, before layout."""

    diagram_type: str
    title: str | None
    warnings: list[Problem]

    def counts(self) -> tuple[int, int]:
        """(nodes, edges) with the meaning of Mermaid's own model for this diagram type."""
        ...


_FRONT_MATTER_FENCE = re.compile(r"^\s*---\s*$")
_DIRECTIVE = re.compile(r"%%\{(.*?)\}%%", re.S)


def error(line: SourceLine | None, message: str, *, column: int | None = None, hint: str | None = None,
          source: str = "") -> InvalidInput:
    """Build the exception a parser raises: located, with the offending text and a hint."""
    problem = Problem(
        message=message,
        line=line.number if line else None,
        column=column,
        snippet=line.raw.rstrip("\n") if line else None,
        hint=hint,
    )
    return InvalidInput([problem], source=source)


def warning(line: SourceLine | None, message: str, *, column: int | None = None,
            hint: str | None = None) -> Problem:
    return Problem(message=message, line=line.number if line else None, column=column,
                   snippet=line.raw.rstrip("\n") if line else None, hint=hint, severity="warning")


def strip_comment(text: str) -> str:
    """Remove a `%%` comment that is not a `%%{...}%%` directive."""
    idx = text.find("%%")
    while idx != -1:
        if not text.startswith("%%{", idx):
            return text[:idx]
        end = text.find("}%%", idx)
        if end == -1:
            return text[:idx]
        idx = text.find("%%", end + 3)
    return text


def _parse_front_matter(block: list[str]) -> dict[str, Any]:
    """A tiny YAML subset (nested mappings by indentation, scalars) - enough for title and config."""
    root: dict[str, Any] = {}
    stack: list[tuple[int, dict[str, Any]]] = [(-1, root)]
    for raw in block:
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        indent = len(raw) - len(raw.lstrip())
        key, _, value = raw.strip().partition(":")
        while stack and indent <= stack[-1][0]:
            stack.pop()
        parent = stack[-1][1] if stack else root
        value = value.strip()
        if not value:
            child: dict[str, Any] = {}
            parent[key.strip()] = child
            stack.append((indent, child))
        else:
            parent[key.strip()] = _scalar(value)
    return root


def _scalar(value: str) -> Any:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    low = value.lower()
    if low in ("true", "false"):
        return low == "true"
    try:
        return int(value)
    except ValueError:
        pass
    try:
        return float(value)
    except ValueError:
        return value


def _parse_directive(body: str) -> dict[str, Any]:
    """`init: {...}` or `initialize: {...}`; Mermaid accepts single quotes, so normalise them."""
    text = body.strip()
    match = re.match(r"(init|initialize)\s*:\s*(.*)$", text, re.S)
    if not match:
        return {}
    payload = match.group(2).strip()
    for candidate in (payload, payload.replace("'", '"')):
        try:
            value = json.loads(candidate)
        except ValueError:
            continue
        return value if isinstance(value, dict) else {}
    return {}


def prepare(text: str, source: str = "") -> Prepared:
    """Split Mermaid text into config, header and body; raise a located error if there is no diagram."""
    if "\x00" in text:
        raise InvalidInput([Problem("the text contains NUL bytes; is this a binary file?")], source=source)
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    config: dict[str, Any] = {}
    title: str | None = None
    start = 0
    # Front matter: a YAML block fenced by --- lines before the diagram.
    first = next((i for i, line in enumerate(raw_lines) if line.strip()), None)
    if first is not None and _FRONT_MATTER_FENCE.match(raw_lines[first]):
        end = next((i for i in range(first + 1, len(raw_lines)) if _FRONT_MATTER_FENCE.match(raw_lines[i])), None)
        if end is None:
            raise error(SourceLine(first + 1, raw_lines[first], raw_lines[first]),
                        "front matter is not closed", hint="add a line with only --- after the front matter",
                        source=source)
        front = _parse_front_matter(raw_lines[first + 1 : end])
        if isinstance(front.get("title"), str):
            title = front["title"]
        if isinstance(front.get("config"), dict):
            config.update(front["config"])
        start = end + 1
    for match in _DIRECTIVE.finditer(text):
        config.update(_parse_directive(match.group(1)))
    # Remove directives (they may span lines) while keeping line numbers intact.
    cleaned_text = _DIRECTIVE.sub(lambda m: "\n" * m.group(0).count("\n"), "\n".join(raw_lines[start:]))
    cleaned = cleaned_text.split("\n")
    header: SourceLine | None = None
    keyword = ""
    rest = ""
    body: list[SourceLine] = []
    for offset, raw in enumerate(cleaned):
        number = start + offset + 1
        original = raw_lines[number - 1] if number - 1 < len(raw_lines) else raw
        content = strip_comment(raw)
        if header is None:
            if not content.strip():
                continue
            stripped = content.strip()
            word = re.match(r"[A-Za-z][\w-]*", stripped)
            keyword = word.group(0) if word else stripped.split()[0]
            header = SourceLine(number, content, original)
            if keyword not in KEYWORDS:
                close = [k for k in KEYWORDS if k.lower() == keyword.lower()]
                hint = (f"did you mean '{close[0]}'?" if close else
                        "start with a diagram type such as flowchart TD, sequenceDiagram or classDiagram")
                raise error(header, f"unknown diagram type '{keyword}'", column=content.find(keyword) + 1,
                            hint=hint, source=source)
            rest = stripped[len(keyword):].strip()
            continue
        body.append(SourceLine(number, content, original))
    if header is None:
        raise InvalidInput([Problem("no diagram found: the text is empty",
                                    hint="start with a diagram type such as flowchart TD")], source=source)
    if title is None and isinstance(config.get("title"), str):
        title = config["title"]
    return Prepared(KEYWORDS[keyword], keyword, header, rest, body, title, config, [], source)


def detect_type(text: str) -> str:
    """The diagram type of Mermaid text, without parsing the body."""
    return prepare(text).diagram_type


ENTITY_NAMES = {"quot": '"', "amp": "&", "lt": "<", "gt": ">", "nbsp": "\u00a0", "apos": "'", "hash": "#",
                "semi": ";", "colon": ":"}


def decode_entities(text: str) -> str:
    """Mermaid's `#quot;`, `#9829;` and `#x2665;` entity codes in labels."""

    def replace(match: re.Match[str]) -> str:
        body = match.group(1)
        if body.startswith(("x", "X")) and re.fullmatch(r"[xX][0-9a-fA-F]+", body):
            return chr(int(body[1:], 16))
        if body.isdigit():
            code = int(body)
            return chr(code) if 0 < code < 0x110000 else match.group(0)
        return ENTITY_NAMES.get(body, match.group(0))

    return re.sub(r"#([A-Za-z]+|x[0-9a-fA-F]+|\d+);", replace, text)
