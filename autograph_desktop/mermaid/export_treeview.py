"""A tree view built from Mermaid back to `treeView-beta` text: entries quoted, nested by indentation."""

from __future__ import annotations

from autograph_desktop.mermaid.chartexport import Marks, by_index, finish, front_matter, index_of
from autograph_desktop.mermaid.chartsyntax import quote
from autograph_desktop.model.document import Diagram


def to_mermaid(diagram: Diagram) -> str:
    marks = Marks(diagram, "treeview")
    lines = [*front_matter(marks.title()), "treeView-beta"]
    for entry in by_index(marks.role("entry")):
        try:
            depth = max(int(entry.get("depth", "0")), 0)
        except ValueError:
            depth = 0
        name = entry.text.strip() or f"entry {index_of(entry) + 1}"
        lines.append("  " * (depth + 1) + quote(name))
    return finish(lines)
