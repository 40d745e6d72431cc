"""Mermaid `treemap-beta` (and `treemap`) -> `TreemapSpec`: a hierarchy by indentation, leaves with values.

`"Section"` opens a section, `"Leaf": 12` is a leaf with its value; either may carry `:::class` (after the
name or after the value), styled by `classDef class fill:#f96,stroke:#333`. A node's size is its own
value plus its children's, as d3's hierarchy sums it. Values are zero or more.

`counts()`: nodes = sections and leaves, edges = parent links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from autograph_desktop.mermaid.chartsyntax import Where, class_def, number
from autograph_desktop.mermaid.common import Prepared, error
from autograph_desktop.mermaid.indented import Stack, indent_width
from autograph_desktop.mermaid.textutil import body_statements, clean_label, parse_title, split_statements
from autograph_desktop.model.problems import Problem

_NODE = re.compile(r'(?P<name>"[^"]*"|[^":]+?)\s*(?::::(?P<cls1>[\w-]+))?\s*(?::\s*(?P<value>[^:\s]+)'
                   r'\s*(?::::(?P<cls2>[\w-]+))?)?\s*$')
_HINT = 'a section looks like  "Costs"  and a leaf  "Rent": 1200'


@dataclass
class TreemapNode:
    index: int
    name: str
    value: float | None = None
    parent: int | None = None
    depth: int = 0
    class_name: str = ""
    children: list[int] = field(default_factory=list)
    line: int | None = None


@dataclass
class TreemapSpec:
    title: str | None = None
    nodes: list[TreemapNode] = field(default_factory=list)
    class_defs: dict[str, dict[str, str]] = field(default_factory=dict)
    acc_title: str | None = None
    acc_descr: str | None = None
    warnings: list[Problem] = field(default_factory=list)
    diagram_type: str = "treemap"

    def counts(self) -> tuple[int, int]:
        """Our rule: nodes = sections and leaves, edges = parent links."""
        return len(self.nodes), sum(1 for n in self.nodes if n.parent is not None)

    def totals(self) -> list[float]:
        """Each node's size: its own value plus its descendants' (children always follow their parent)."""
        sums = [n.value or 0.0 for n in self.nodes]
        for node in reversed(self.nodes):
            if node.parent is not None:
                sums[node.parent] += sums[node.index]
        return sums

    def roots(self) -> list[int]:
        return [n.index for n in self.nodes if n.parent is None]


def parse(prepared: Prepared) -> TreemapSpec:
    """Parse a prepared treemap; negative values and unreadable lines are located errors."""
    if prepared.header_rest.strip():
        raise error(prepared.header, f"unexpected text after {prepared.keyword}", column=len(prepared.keyword) + 2,
                    hint="start the first section on the next line", source=prepared.source)
    spec = TreemapSpec(title=prepared.title)
    stack = Stack.empty()
    for st in body_statements(split_statements(prepared.lines, semicolons=False), spec):
        where = Where(prepared, st)
        title = parse_title(st.text) if st.text[:5].lower() == "title" else None
        if title is not None:
            spec.title = clean_label(title.strip('"'))
            continue
        if st.text.startswith("classDef") and st.text[8:9].isspace():
            name, decls = class_def(where, st.text[8:])
            spec.class_defs[name] = decls
            continue
        match = _NODE.match(st.text)
        if not match:
            raise where.fail(f"cannot understand '{st.text[:60]}'", 0, _HINT)
        raw_name = match.group("name")
        name = clean_label(raw_name[1:-1] if raw_name.startswith('"') else raw_name)
        if not name:
            raise where.fail("the node has no name", 0, _HINT)
        value = None
        if match.group("value") is not None:
            value = number(where, match.group("value"), match.start("value"), "the value", _HINT)
            if value < 0:
                raise where.fail(f"the value {match.group('value')} is negative", match.start("value"),
                                 "treemaps show sizes, which are zero or more")
        indent = indent_width(st.line.text)
        parent = stack.parent_for(indent)
        node = TreemapNode(len(spec.nodes), name, value, parent, stack.depth(),
                           match.group("cls1") or match.group("cls2") or "", line=st.line.number)
        if parent is not None:
            spec.nodes[parent].children.append(node.index)
        spec.nodes.append(node)
        stack.push(indent, node.index)
    if not spec.nodes:
        raise error(prepared.header, "the treemap is empty", column=1, hint=_HINT, source=prepared.source)
    spec.warnings = [*prepared.warnings, *spec.warnings]
    return spec
