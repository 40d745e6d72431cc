"""A packet diagram built from Mermaid back to `packet-beta` text: one line per field, bit ranges kept.

Fields are written one after another from bit 0, each with its own width, so a field the user deleted
leaves no gap that Mermaid would refuse.
"""

from __future__ import annotations

from autograph_desktop.mermaid.chartexport import Marks, by_index, finish, index_of, title_line
from autograph_desktop.mermaid.chartsyntax import quote
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.elements import Element


def _width(fld: Element) -> int:
    try:
        return max(int(fld.get("end", "0")) - int(fld.get("start", "0")) + 1, 1)
    except ValueError:
        return 1


def to_mermaid(diagram: Diagram) -> str:
    marks = Marks(diagram, "packet")
    lines = ["packet-beta", *title_line(marks.title())]
    fields: dict[int, Element] = {}
    for segment in by_index(marks.role("field")):
        fields.setdefault(index_of(segment), segment)
    bit = 0
    for fld in fields.values():
        label = quote(fld.text.strip())
        width = _width(fld)
        if fld.get("relative"):
            lines.append(f"    +{width}: {label}")
        elif width == 1:
            lines.append(f"    {bit}: {label}")
        else:
            lines.append(f"    {bit}-{bit + width - 1}: {label}")
        bit += width
    return finish(lines)
