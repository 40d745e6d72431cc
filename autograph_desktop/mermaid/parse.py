"""Entry point for parsing: pick the parser for the diagram type; find Mermaid blocks in Markdown."""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass

from autograph_desktop.mermaid.common import MermaidSpec, prepare
from autograph_desktop.model.problems import InvalidInput, Problem

#: diagram type -> module in this package exposing `parse(prepared: Prepared) -> <Type>Spec`.
PARSER_MODULES: dict[str, str] = {
    "flowchart": "flowchart",
    "sequence": "sequence",
    "class": "classdiagram",
    "er": "erdiagram",
    "state": "statediagram",
    "gantt": "gantt",
    "gitgraph": "gitgraph",
    "mindmap": "mindmap",
    "pie": "pie",
    "timeline": "timeline",
    "journey": "journey",
}

#: Mermaid text larger than this is refused before parsing (a diagram of this size is not hand-written).
MAX_SOURCE_CHARS = 5_000_000


def parse(text: str, source: str = "") -> MermaidSpec:
    """Parse Mermaid text into the spec of its diagram type; raises InvalidInput with located problems."""
    if len(text) > MAX_SOURCE_CHARS:
        raise InvalidInput([Problem(f"the Mermaid text is {len(text):,} characters; the limit is "
                                    f"{MAX_SOURCE_CHARS:,}")], source=source)
    prepared = prepare(text, source)
    from autograph_desktop.mermaid.chart_types import parse as parse_chart

    chart = parse_chart(prepared)
    if chart is not None:
        return chart
    module = importlib.import_module(f"autograph_desktop.mermaid.{PARSER_MODULES[prepared.diagram_type]}")
    spec: MermaidSpec = module.parse(prepared)
    return spec


@dataclass(frozen=True, slots=True)
class MarkdownBlock:
    """A fenced ```mermaid block; `first_line` is the 1-based line of its first code line in the file."""

    first_line: int
    code: str


_FENCE = re.compile(r"^(?P<indent>[ \t]{0,3})(?P<fence>`{3,}|~{3,})\s*(?P<info>[^\s`]*)")


def markdown_blocks(text: str) -> list[MarkdownBlock]:
    """Every ```mermaid (or ~~~mermaid) fenced block of a Markdown document, in order."""
    blocks: list[MarkdownBlock] = []
    lines = text.replace("\r\n", "\n").split("\n")
    i = 0
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        fence = match.group("fence")
        is_mermaid = match.group("info").lower() == "mermaid"
        body: list[str] = []
        j = i + 1
        while j < len(lines) and not lines[j].strip().startswith(fence):
            body.append(lines[j])
            j += 1
        if is_mermaid:
            # Pad with blank lines so parser line numbers are the file's line numbers.
            blocks.append(MarkdownBlock(i + 2, "\n" * (i + 1) + "\n".join(body)))
        i = j + 1
    return blocks
