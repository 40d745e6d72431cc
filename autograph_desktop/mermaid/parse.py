"""Entry point for parsing: pick the parser for the diagram type; find Mermaid blocks in Markdown."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from autograph_desktop.mermaid.common import MermaidSpec, Prepared, prepare
from autograph_desktop.model.problems import InvalidInput, Problem

Parser = Callable[[Prepared], Any]


def parser_for(diagram_type: str) -> Parser:
    """The `parse(prepared)` function of a diagram type, imported on first use (the CLI starts fast)."""
    if diagram_type == "flowchart":
        from autograph_desktop.mermaid.flowchart import parse as flowchart
        return flowchart
    if diagram_type == "sequence":
        from autograph_desktop.mermaid.sequence import parse as sequence
        return sequence
    if diagram_type == "class":
        from autograph_desktop.mermaid.classdiagram import parse as classdiagram
        return classdiagram
    if diagram_type == "er":
        from autograph_desktop.mermaid.erdiagram import parse as erdiagram
        return erdiagram
    if diagram_type == "state":
        from autograph_desktop.mermaid.statediagram import parse as statediagram
        return statediagram
    if diagram_type == "gantt":
        from autograph_desktop.mermaid.gantt import parse as gantt
        return gantt
    if diagram_type == "gitgraph":
        from autograph_desktop.mermaid.gitgraph import parse as gitgraph
        return gitgraph
    if diagram_type == "mindmap":
        from autograph_desktop.mermaid.mindmap import parse as mindmap
        return mindmap
    if diagram_type == "pie":
        from autograph_desktop.mermaid.pie import parse as pie
        return pie
    if diagram_type == "timeline":
        from autograph_desktop.mermaid.timeline import parse as timeline
        return timeline
    if diagram_type == "journey":
        from autograph_desktop.mermaid.journey import parse as journey
        return journey
    return _diagram_a_parser(diagram_type)


def _diagram_a_parser(diagram_type: str) -> Parser:
    """Architecture, C4, block, requirement and kanban (kept together so other types merge apart)."""
    if diagram_type == "architecture":
        from autograph_desktop.mermaid.architecture import parse as architecture
        return architecture
    if diagram_type == "c4":
        from autograph_desktop.mermaid.c4 import parse as c4
        return c4
    if diagram_type == "block":
        from autograph_desktop.mermaid.block import parse as block
        return block
    if diagram_type == "requirement":
        from autograph_desktop.mermaid.requirement import parse as requirement
        return requirement
    if diagram_type == "kanban":
        from autograph_desktop.mermaid.kanban import parse as kanban
        return kanban
    raise InvalidInput([Problem(f"{diagram_type} diagrams cannot be read yet")])


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
    spec: MermaidSpec = parser_for(prepared.diagram_type)(prepared)
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
