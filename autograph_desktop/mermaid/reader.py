"""Mermaid files (`.mmd`, `.mermaid`) and Markdown with ```mermaid blocks, as a reader for the registry.

Each Markdown block is one diagram; counts are Mermaid's own (participants and messages, commits and
parent links...) summed over the blocks, and errors keep the file's line numbers.
"""

from __future__ import annotations

import os

from autograph_desktop.mermaid.common import KEYWORDS, prepare, strip_comment
from autograph_desktop.mermaid.parse import markdown_blocks, parse
from autograph_desktop.mermaid.to_model import spec_to_diagram
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.problems import InvalidInput, Problem
from autograph_desktop.model.reading import ReadResult

MARKDOWN = (".md", ".markdown")


def _decode(data: bytes, name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput([Problem(f"the file is not UTF-8 text (bad byte at offset {exc.start})")],
                           source=name) from None


def sniff(data: bytes, name: str) -> bool:
    ext = os.path.splitext(name)[1].lower()
    head = data[:8192].decode("utf-8", "replace")
    if ext in MARKDOWN:
        return "```mermaid" in head or "~~~mermaid" in head or ext in MARKDOWN
    for line in head.splitlines():
        text = strip_comment(line).strip()
        if not text or text == "---":
            continue
        word = text.split()[0]
        if word in KEYWORDS:
            return True
        if ":" in text and not text.startswith(("{", "<")):
            continue  # front matter lines
        return False
    return False


def read(data: bytes, name: str) -> ReadResult:
    text = _decode(data, name)
    ext = os.path.splitext(name)[1].lower()
    sources = [block.code for block in markdown_blocks(text)] if ext in MARKDOWN else [text]
    if not sources:
        raise InvalidInput([Problem("the Markdown file has no ```mermaid blocks")], source=name)
    diagrams: list[Diagram] = []
    warnings: list[Problem] = []
    nodes = edges = 0
    types: list[str] = []
    for source in sources:
        try:
            spec = parse(source, name)
        except InvalidInput as exc:
            exc.source = name
            raise
        n, e = spec.counts()
        nodes += n
        edges += e
        types.append(spec.diagram_type)
        config = prepare(source, name).config
        diagrams.append(spec_to_diagram(spec, config, source_text=source.lstrip("\n")))
        warnings.extend(spec.warnings)  # after building: layouts may add warnings (unmet sides)
    diagram_type = types[0] if len(set(types)) == 1 else "mixed"
    return ReadResult(format="mermaid", diagrams=diagrams, diagram_type=diagram_type, nodes=nodes, edges=edges,
                      warnings=warnings)
