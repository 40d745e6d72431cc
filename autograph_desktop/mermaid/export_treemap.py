"""A treemap built from Mermaid back to `treemap-beta` text: the hierarchy by indentation, leaf values."""

from __future__ import annotations

from autograph_desktop.mermaid.chartexport import Marks, by_index, finish, index_of, title_line
from autograph_desktop.mermaid.chartsyntax import quote
from autograph_desktop.model.document import Diagram


def to_mermaid(diagram: Diagram) -> str:
    marks = Marks(diagram, "treemap")
    lines = ["treemap-beta", *title_line(marks.title())]
    nodes = by_index(marks.role("section", "leaf"))
    present = {index_of(n) for n in nodes}
    depth: dict[int, int] = {}
    for node in nodes:
        parent = node.get("parent")
        depth[index_of(node)] = depth.get(int(parent), -1) + 1 if parent.isdigit() and int(parent) in present else 0
        name = node.text.strip() or node.get("name")
        value = f": {node.get('value')}" if node.get("value") else ""
        cls = f":::{node.get('class')}" if node.get("class") else ""
        lines.append("  " * (depth[index_of(node)] + 1) + f"{quote(name)}{cls}{value}")
    if marks.group is not None:
        for key, value in marks.group.data:
            if key.startswith("classdef:"):
                lines.append(f"    classDef {key[len('classdef:'):]} {value}")
    return finish(lines)
