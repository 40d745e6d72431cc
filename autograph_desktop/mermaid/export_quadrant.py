"""A quadrant chart built from Mermaid back to `quadrantChart` text: labels, quadrants, points, classes."""

from __future__ import annotations

from autograph_desktop.mermaid.chartexport import Marks, by_index, finish, index_of
from autograph_desktop.mermaid.chartsyntax import entities
from autograph_desktop.model.document import Diagram


def _text(text: str) -> str:
    """Free text quoted, so that no word in it (`-->`, `:`, a keyword) is read as syntax."""
    return f'"{entities(text.strip())}"'


def to_mermaid(diagram: Diagram) -> str:
    marks = Marks(diagram, "quadrant")
    lines = ["quadrantChart"]
    title = marks.title()
    if title:
        lines.append(f"    title {_text(title)}")
    for axis, low_role, high_role in (("x-axis", "x-left", "x-right"), ("y-axis", "y-bottom", "y-top")):
        low, high = marks.first_text(low_role), marks.first_text(high_role)
        if low or high:
            lines.append(f"    {axis} {_text(low or ' ')}" + (f" --> {_text(high)}" if high else ""))
    for quadrant in by_index(marks.role("quadrant")):
        if quadrant.text.strip():
            lines.append(f"    quadrant-{index_of(quadrant)} {_text(quadrant.text)}")
    labels = {index_of(e): e.text.strip() for e in marks.role("point-label")}
    for point in by_index(marks.role("point")):
        name = _text(labels.get(index_of(point), "") or f"Point {index_of(point) + 1}")
        cls = f":::{point.get('class')}" if point.get("class") else ""
        styles = f" {point.get('styles')}" if point.get("styles") else ""
        lines.append(f"    {name}{cls}: [{point.get('x', '0')}, {point.get('y', '0')}]{styles}")
    if marks.group is not None:
        for key, value in marks.group.data:
            if key.startswith("classdef:"):
                lines.append(f"    classDef {key[len('classdef:'):]} {value}")
    return finish(lines)
