"""A pie chart built from Mermaid back to `pie` text: slices in order with their values, as drawn."""

from __future__ import annotations

from autograph_desktop.mermaid.chartexport import Marks, by_index, finish, index_of, plain_title_line
from autograph_desktop.mermaid.chartsyntax import quote
from autograph_desktop.model.document import Diagram


def to_mermaid(diagram: Diagram) -> str:
    marks = Marks(diagram, "pie")
    show_data = bool(marks.setting("show_data"))
    lines = ["pie showData" if show_data else "pie", *plain_title_line(marks.title())]
    legend = {index_of(e): e.text.strip() for e in marks.role("legend-label")}
    for piece in by_index(marks.role("slice")):
        label = legend.get(index_of(piece), piece.get("label"))
        if show_data and label.endswith("]") and " [" in label:
            label = label[: label.rindex(" [")]  # the legend shows "label [value]"
        lines.append(f"    {quote(label)} : {piece.get('value', '0')}")
    return finish(lines)
