"""Mermaid `mindmap` -> `MindmapSpec`: a tree built from indentation, with shapes, icons and classes.

Indentation only matters relative to earlier lines: a node's parent is the nearest earlier node that is
indented less (Mermaid's rule, so "unclear" indentation still attaches to the right ancestor). A monotonic
stack finds that node in O(1) amortised, so 10k levels of nesting cost nothing. A second node at or left
of the root's indentation is an error, as in Mermaid ("there can be only one root").

Shapes follow Mermaid's documentation: `[square]`, `(rounded)`, `((circle))`, `))bang((`, `)cloud(`,
`{{hexagon}}`, and plain text for the default shape.

`counts()`: nodes = nodes, edges = parent links (every node but the root has one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from autograph_desktop.mermaid.common import Prepared, SourceLine, error, warning
from autograph_desktop.mermaid.textutil import clean_label
from autograph_desktop.model.problems import Problem

Shape = Literal["default", "square", "rounded", "circle", "bang", "cloud", "hexagon"]

#: (opening, closing, shape), longest openings first so `((` wins over `(`.
_SHAPES: tuple[tuple[str, str, Shape], ...] = (
    ("((", "))", "circle"),
    ("))", "((", "bang"),
    ("{{", "}}", "hexagon"),
    ("(", ")", "rounded"),
    (")", "(", "cloud"),
    ("[", "]", "square"),
)
_OPENERS = "([{)"
_ICON = re.compile(r"::icon\((?P<icon>[^)]*)\)\s*")
_CLASS = re.compile(r":::(?P<classes>[^:]*)")


@dataclass
class MindmapNode:
    """One node; `parent`/`children` index `MindmapSpec.nodes`; `indent` is the raw indentation width."""

    index: int
    id: str
    text: str
    shape: Shape = "default"
    parent: int | None = None
    depth: int = 0
    indent: int = 0
    icon: str | None = None
    classes: list[str] = field(default_factory=list)
    markdown: bool = False
    children: list[int] = field(default_factory=list)
    line: int | None = None


@dataclass
class MindmapSpec:
    """A parsed mind map; `nodes[0]` is the root (when there is one)."""

    title: str | None = None
    nodes: list[MindmapNode] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    diagram_type: str = "mindmap"

    def counts(self) -> tuple[int, int]:
        """Mermaid's meaning: nodes = nodes, edges = parent links."""
        return len(self.nodes), sum(1 for n in self.nodes if n.parent is not None)

    @property
    def root(self) -> MindmapNode | None:
        return self.nodes[0] if self.nodes else None


def _indent(raw: str) -> int:
    return len(raw) - len(raw.lstrip())


def _split_decorations(text: str) -> tuple[str, str]:
    """(node text, trailing `::icon()`/`:::class` decorations), ignoring colons inside quotes."""
    last_quote = text.rfind('"')
    starts = [i for i in (text.find(":::", last_quote + 1), text.find("::icon(", last_quote + 1)) if i != -1]
    if not starts:
        return text, ""
    cut = min(starts)
    if cut > 0 and not (text[cut - 1].isspace() or text[cut - 1] in "])}("):
        return text, ""
    return text[:cut].rstrip(), text[cut:]


def _label(raw: str) -> tuple[str, bool]:
    """Text inside a shape: quotes removed; "`...`" marks a markdown string."""
    text = raw.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
        if len(text) >= 2 and text[0] == text[-1] == "`":
            return clean_label(text[1:-1]), True
    return clean_label(text), False


class _Builder:
    def __init__(self, prepared: Prepared) -> None:
        self.prepared = prepared
        self.spec = MindmapSpec(title=prepared.title)
        self.stack: list[MindmapNode] = []
        self.indent_chars: set[str] = set()

    def fail(self, line: SourceLine, message: str, hint: str, column: int | None = None) -> Exception:
        return error(line, message, column=column or _indent(line.text) + 1, hint=hint, source=self.prepared.source)

    def decorate(self, line: SourceLine, text: str, column: int) -> None:
        """Apply `::icon(...)` and `:::classes` to the last node."""
        node = self.spec.nodes[-1] if self.spec.nodes else None
        if node is None:
            raise self.fail(line, "an icon or class comes before any node", column=column,
                            hint="put ::icon(...) or :::class on the line after the node it decorates")
        pos = 0
        while pos < len(text):
            icon = _ICON.match(text, pos)
            if icon:
                node.icon = icon.group("icon").strip()
                pos = icon.end()
                continue
            cls = _CLASS.match(text, pos)
            if cls:
                node.classes.extend(cls.group("classes").split())
                pos = cls.end()
                continue
            raise self.fail(line, f"cannot understand '{text[pos:pos + 40]}'", column=column + pos,
                            hint="write  ::icon(fa fa-book)  or  :::urgent large")

    def node(self, line: SourceLine, body: str, column: int) -> tuple[str, str, Shape, bool]:
        """(id, text, shape, markdown) of a node line without decorations."""
        starts = [i for i in (body.find(c) for c in _OPENERS) if i != -1]
        quote = body.find('"')
        if not starts or (quote != -1 and quote < min(starts)):
            text, markdown = _label(body)
            return text, text, "default", markdown
        at = min(starts)
        node_id = body[:at].strip()
        shaped = body[at:].rstrip()
        for opening, closing, shape in _SHAPES:
            if shaped.startswith(opening) and shaped.endswith(closing) and len(shaped) >= len(opening) + len(closing):
                text, markdown = _label(shaped[len(opening) : len(shaped) - len(closing)])
                return node_id or text, text, shape, markdown
        pair = next(((o, c) for o, c, _s in _SHAPES if shaped.startswith(o)), None)
        if pair is None:
            raise self.fail(line, f"unexpected '{shaped[0]}' in a node", column=column + at,
                            hint='hexagons use double braces: id{{text}}; quote other text: id["a { b"]')
        raise self.fail(line, f"the shape opened with '{pair[0]}' is not closed with '{pair[1]}' at the end of "
                        "the line", column=column + at,
                        hint=f'close it (id{pair[0]}text{pair[1]}), or quote text with brackets: id["text (x)"]')

    def add(self, line: SourceLine) -> None:
        raw = line.text
        stripped = raw.strip()
        indent = _indent(raw)
        column = indent + 1
        if indent:
            self.indent_chars.update(raw[:indent])
        if stripped.startswith(("::icon(", ":::")):
            self.decorate(line, stripped, column)
            return
        body, decorations = _split_decorations(stripped)
        node_id, text, shape, markdown = self.node(line, body, column)
        while self.stack and self.stack[-1].indent >= indent:
            self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        if parent is None and self.spec.nodes:
            root = self.spec.nodes[0]
            raise self.fail(line, f"'{text[:40]}' would be a second root (the root is '{root.text[:40]}' on line "
                            f"{root.line})",
                            hint=f"indent this line more than the root (column {root.indent + 1}); a mind map has "
                                 "exactly one root")
        index = len(self.spec.nodes)
        node = MindmapNode(index, node_id, text, shape, parent.index if parent else None,
                           parent.depth + 1 if parent else 0, indent, markdown=markdown, line=line.number)
        if parent is not None:
            parent.children.append(index)
        self.spec.nodes.append(node)
        self.stack.append(node)
        if decorations:
            self.decorate(line, decorations, column + len(stripped) - len(decorations))


def parse(prepared: Prepared) -> MindmapSpec:
    """Parse a prepared `mindmap`; shapes must close on their line and there is exactly one root."""
    builder = _Builder(prepared)
    for line in prepared.lines:
        if line.text.strip():
            builder.add(line)
    spec = builder.spec
    if builder.indent_chars >= {" ", "\t"}:
        spec.warnings.append(warning(None, "the indentation mixes tabs and spaces; each counts as one column",
                                     hint="indent with spaces only"))
    if not spec.nodes:
        spec.warnings.append(warning(prepared.header, "the mind map is empty", hint="add a root node, e.g.  Root"))
    spec.warnings = [*prepared.warnings, *spec.warnings]
    return spec
